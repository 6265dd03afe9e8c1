import type { AlertEvent, Amount } from '../alerting/types';
import type { HoldReason } from './holds';

/** Alerts whose figures date from when they were made: released, they carry the latest too. */
const dated = (event: AlertEvent) => event.severity === 'LOW' || event.severity === 'CRITICAL';

/**
 * What a channel is sent at the end of a hold, from what is still true: a digest alone (it is
 * its own message); on a routed channel each alert alone; elsewhere one HELD summary, or the
 * one alert as itself. A LOW or CRITICAL goes in a HELD with the latest balance: its own
 * figures are those of when it was held.
 */
export function releaseMessages(
  kept: readonly AlertEvent[],
  reason: HoldReason,
  at: string,
  routed: boolean,
  latest: (Amount & { readonly at: string }) | undefined,
  capPerHour?: number,
): AlertEvent[] {
  const wrap = (events: readonly AlertEvent[]): AlertEvent => ({
    severity: 'HELD',
    account: events[0]?.account ?? '',
    at,
    reason,
    ...(reason === 'cap' && capPerHour !== undefined ? { capPerHour } : {}),
    events,
    ...(latest === undefined ? {} : { latest }),
  });
  const digests = kept.filter((e) => e.severity === 'DIGEST');
  const rest = kept.filter((e) => e.severity !== 'DIGEST');
  if (routed) return [...rest.map((e) => (dated(e) ? wrap([e]) : e)), ...digests];
  const [only] = rest;
  if (only === undefined) return digests;
  if (rest.length === 1 && !dated(only)) return [only, ...digests];
  return [wrap(rest), ...digests];
}
