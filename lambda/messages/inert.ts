import type { AlertEvent, FailureInfo } from '../alerting/types';
import { inertDetail, inertText } from '../contract/inert-text';

/**
 * An event as a channel may show it: the provider's text in a failure (its English reason, its
 * code, the detail's words) made inert (contract/inert-text.ts). The texts of every channel
 * come through failure.ts, which does the same; this is for what a channel sends as data, the
 * webhook's `event`. A HELD's events are made inert too. The stored event is left as it was.
 */
export function inertEvent(event: AlertEvent): AlertEvent {
  if (event.severity === 'HELD') return { ...event, events: event.events.map(inertEvent) };
  return 'failure' in event ? { ...event, failure: inertFailure(event.failure) } : event;
}

export function inertFailure(failure: FailureInfo): FailureInfo {
  return {
    ...failure,
    reason: inertText(failure.reason),
    ...(failure.code === undefined ? {} : { code: inertText(failure.code) }),
    ...(failure.detail === undefined ? {} : { detail: inertDetail(failure.detail) }),
  };
}
