import type { AlertEvent } from './event-schema';
import { routeKeysOf } from '../contract/routing';
import type { LEVELS, Severity } from '../contract/severities';

/**
 * The vocabulary the alert policy and the message texts share. No I/O lives here. The events
 * are declared once, as the schemas in event-schema.ts; their types are inferred there.
 */

export { SEVERITIES, type Locale, type Severity } from '../contract/severities';
export type {
  AcknowledgedEvent,
  AlertEvent,
  Amount,
  BalanceReminderEvent,
  DigestEvent,
  FailingEvent,
  FailingResolvedEvent,
  FailureInfo,
  FailureReminderEvent,
  ForecastEvent,
  HeldEvent,
  RecoveredEvent,
  Runway,
  StaleEvent,
  StaleResolvedEvent,
  TestEvent,
  ThresholdEvent,
  TopUpAdvice,
  UnusualOutflowEvent,
} from './event-schema';

/** Where the balance stands against the thresholds (after hysteresis). */
export type BalanceStatus = 'OK' | 'LOW' | 'CRITICAL';

/** The two levels of a balance episode, LOW < CRITICAL. */
export type Level = (typeof LEVELS)[number];

export interface Thresholds {
  readonly low: number;
  /**
   * A second, louder level below `low`. When absent, an empty or overdrawn balance (zero or
   * less) is CRITICAL.
   */
  readonly critical: number | undefined;
}

/** SNS message attributes, so that subscriptions can filter (SMS for CRITICAL only, say). */
export interface AlertAttributes {
  readonly severity: Severity;
  readonly account: string;
  /** For reminders: the severity the reminder is about, so it can follow that one's routing. */
  readonly remindsOf?: Severity;
  /**
   * For balance events, the level they are about: LOW or CRITICAL; for RECOVERED, the worst
   * level of the episode. Routing by level ("CRITICAL and above") filters on it.
   */
  readonly level?: Level;
  /** For ACKNOWLEDGED: what was acknowledged (LOW, CRITICAL, FAILING). */
  readonly about?: Level | 'FAILING';
  /** For HELD: the level of each balance alert held, the severity of the others. */
  readonly held?: readonly string[];
  /** What it is about, for routing (contract/routing.ts): one list SNS filters on. */
  readonly route?: readonly string[];
}

/** The level a balance event is about, for routing; undefined for the others. */
export function levelOf(event: AlertEvent): Level | undefined {
  switch (event.severity) {
    case 'LOW':
    case 'CRITICAL':
      return event.severity;
    case 'REMINDER':
      return event.remindsOf === 'FAILING' ? undefined : event.remindsOf;
    case 'RECOVERED':
      return event.peak;
    case 'ACKNOWLEDGED':
      return event.about === 'FAILING' ? undefined : event.about;
    case 'HELD': {
      // The highest level among what was held: whoever hears that level hears the summary.
      const levels = event.events.map(levelOf);
      return levels.includes('CRITICAL') ? 'CRITICAL' : levels.includes('LOW') ? 'LOW' : undefined;
    }
    default:
      return undefined;
  }
}

/** The episode an event belongs to: "b:<since>" for a balance episode, "f:<since>" for a failure. */
export function episodeIdOf(event: AlertEvent): string | undefined {
  switch (event.severity) {
    case 'LOW':
    case 'CRITICAL':
    case 'RECOVERED':
      return `b:${event.since}`;
    case 'REMINDER':
      return `${event.remindsOf === 'FAILING' ? 'f' : 'b'}:${event.since}`;
    case 'FAILING':
    case 'FAILING_RESOLVED':
      return `f:${event.since}`;
    case 'ACKNOWLEDGED':
      return `${event.about === 'FAILING' ? 'f' : 'b'}:${event.since}`;
    default:
      return undefined;
  }
}

export function attributesOf(event: AlertEvent): AlertAttributes {
  const level = levelOf(event);
  const base = {
    severity: event.severity,
    account: event.account,
    ...(event.severity === 'REMINDER' ? { remindsOf: event.remindsOf } : {}),
    ...(event.severity === 'ACKNOWLEDGED' ? { about: event.about } : {}),
    ...(event.severity === 'HELD'
      ? { held: [...new Set(event.events.map((x) => levelOf(x) ?? x.severity))] }
      : {}),
    ...(level === undefined ? {} : { level }),
  };
  return { ...base, route: routeKeysOf(base) };
}
