import type { FailureKind } from '../contract/failures';
import type { FailureDetail } from '../contract/failure-detail';

/** The vocabulary the alert policy and the message texts share. No I/O lives here. */

export { SEVERITIES, type Locale, type Severity } from '../contract/severities';
import type { Severity } from '../contract/severities';
import { routeKeysOf } from '../contract/routing';

/** Where the balance stands against the thresholds (after hysteresis). */
export type BalanceStatus = 'OK' | 'LOW' | 'CRITICAL';

/** The two levels of a balance episode, LOW < CRITICAL. */
export type Level = 'LOW' | 'CRITICAL';

export interface Thresholds {
  readonly low: number;
  /**
   * A second, louder level below `low`. When absent, an empty or overdrawn balance (zero or
   * less) is CRITICAL.
   */
  readonly critical: number | undefined;
}

/** Why a check could not read a valid balance, as the policy and the messages need it. */
export interface FailureInfo {
  readonly kind: FailureKind;
  /** HTTP status, when the provider answered. */
  readonly status?: number;
  /** Provider code such as EXPIRED_API_KEY, when the body carried one. */
  readonly code?: string;
  /** The check's error message in English, already free of the key: for the logs. */
  readonly reason: string;
  /** The same as data, said in the reader's language by the messages. */
  readonly detail?: FailureDetail;
  /** Requests made before giving up. */
  readonly attempts?: number;
}

/** A balance the monitor can talk about. */
export interface Amount {
  readonly balance: number;
  readonly currency: string;
}

interface EventBase {
  readonly account: string;
  /** When the check that raised it ran (ISO date-time). */
  readonly at: string;
}

/** A duration from the event, in minutes: the estimate and its range. */
export interface Runway {
  readonly minutes: number;
  readonly earliest: number;
  readonly latest: number;
}

/** How much to add: to be back above the recovery level, and to last `hours` at the pace. */
export interface TopUpAdvice {
  /** At least this much brings the balance back above `recovery`. */
  readonly toRecover: number;
  /** At the current pace, at least this much keeps it above LOW for `hours` (with a forecast). */
  readonly toCover?: number;
  readonly hours?: number;
}

/** The balance went below a threshold: LOW opens an episode, CRITICAL opens or escalates one. */
export interface ThresholdEvent extends EventBase, Amount {
  readonly severity: 'LOW' | 'CRITICAL';
  /** The threshold crossed (0 for a CRITICAL without a critical threshold: empty). */
  readonly threshold: number;
  /** When the balance went below LOW (the episode's start). */
  readonly since: string;
  /** Time until empty at the current pace, when a forecast exists and it is not empty yet. */
  readonly runway?: Runway;
  /** The balance at which the episode ends (LOW plus the margin). */
  readonly recovery: number;
  readonly topUp: TopUpAdvice;
  /** The episode's first alert (a CRITICAL may open one, or escalate it). */
  readonly opens?: boolean;
}

export interface BalanceReminderEvent extends EventBase, Amount {
  readonly severity: 'REMINDER';
  readonly remindsOf: Level;
  /** The threshold of the level reminded of (LOW, or CRITICAL's, or 0). */
  readonly threshold: number;
  /** The LOW threshold (the episode's). */
  readonly low: number;
  readonly recovery: number;
  readonly since: string;
  readonly runway?: Runway;
  readonly topUp: TopUpAdvice;
}

/** Still above LOW, but at the current pace it will be below within the horizon. */
export interface ForecastEvent extends EventBase, Amount {
  readonly severity: 'FORECAST';
  /** What is forecast: crossing LOW, or running out within `runwayAlertHours`. */
  readonly reason: 'low' | 'runway';
  /** The LOW threshold. */
  readonly threshold: number;
  /** Time until LOW (absent when only the runway is short). */
  readonly toLow?: Runway;
  /** Time until empty. */
  readonly toZero: Runway;
  /** Balance change per hour (negative). */
  readonly perHour: number;
  readonly topUp?: TopUpAdvice;
}

export interface FailureReminderEvent extends EventBase {
  readonly severity: 'REMINDER';
  readonly remindsOf: 'FAILING';
  readonly failure: FailureInfo;
  readonly failedChecks: number;
  readonly since: string;
}

export interface RecoveredEvent extends EventBase, Amount {
  readonly severity: 'RECOVERED';
  /** The level the balance had to climb back over (LOW plus the recovery margin). */
  readonly threshold: number;
  readonly since: string;
  /** The worst level the episode reached: its RECOVERED goes to whoever heard of that level. */
  readonly peak: Level;
  /** Who said "I'm on it" (empty: no name given), when someone did. */
  readonly acknowledgedBy?: string;
}

export interface FailingEvent extends EventBase {
  readonly severity: 'FAILING';
  readonly failure: FailureInfo;
  readonly failedChecks: number;
  readonly since: string;
}

export interface FailingResolvedEvent extends EventBase, Amount {
  readonly severity: 'FAILING_RESOLVED';
  readonly since: string;
  /** Who said "I'm on it" (empty: no name given), when someone did. */
  readonly acknowledgedBy?: string;
}

export interface StaleEvent extends EventBase, Amount {
  readonly severity: 'STALE';
  readonly lastUpdate: string;
  /** The age past which `lastUpdate` is stale, in minutes. */
  readonly staleAfterMinutes: number;
}

export interface StaleResolvedEvent extends EventBase, Amount {
  readonly severity: 'STALE_RESOLVED';
  readonly lastUpdate: string;
  /** When STALE went out. */
  readonly since: string;
}

export interface TestEvent extends EventBase {
  readonly severity: 'TEST';
}

/** Someone said "I'm on it" for an episode: the others hear it once, its reminders stop. */
export interface AcknowledgedEvent extends EventBase {
  readonly severity: 'ACKNOWLEDGED';
  /** What was acknowledged: a balance episode at its level, or a failure to read. */
  readonly about: Level | 'FAILING';
  /** The episode's start. */
  readonly since: string;
  /** The name they gave, or empty. */
  readonly by: string;
  readonly acknowledgedAt: string;
}

/** The morning summary of the last 24 hours. */
export interface DigestEvent extends EventBase {
  readonly severity: 'DIGEST';
  readonly currency: string;
  /** The last good reading, if any in the last 24 hours. */
  readonly balance?: number;
  readonly lastReadAt?: string;
  /** Balance now minus 24 hours ago (from the history), when both are known. */
  readonly change24h?: number;
  readonly lowest?: number;
  readonly highest?: number;
  /** Minutes of the last 24 hours with the balance below LOW (from the history's samples). */
  readonly belowLowMinutes: number;
  readonly low: number;
  readonly runway?: Runway;
  readonly episode?: {
    readonly level: Level;
    readonly since: string;
    readonly acknowledgedBy?: string;
  };
  /** The open failure episode, once FAILING went out: the balance cannot be read. */
  readonly failing?: {
    readonly since: string;
    /** Checks failed in a row since then. */
    readonly failedChecks: number;
    /** Who said "I'm on it" (empty: no name given), when someone did. */
    readonly acknowledgedBy?: string;
  };
  /** Checks of the last 24 hours, and how many of them failed. */
  readonly failedChecks: number;
  readonly checks: number;
}

/**
 * What a silence or quiet hours held, still true when they ended, in one message (a reminder
 * held is dropped: the alert it repeats is here, or was said before).
 */
export interface HeldEvent extends EventBase {
  readonly severity: 'HELD';
  readonly reason: 'silence' | 'quiet';
  readonly events: readonly AlertEvent[];
  /** The balance as the releasing check read it: the held alerts' own figures are older. */
  readonly latest?: Amount & { readonly at: string };
}

/** One notification to publish, with what its texts need. */
export type AlertEvent =
  | ThresholdEvent
  | BalanceReminderEvent
  | FailureReminderEvent
  | RecoveredEvent
  | ForecastEvent
  | FailingEvent
  | FailingResolvedEvent
  | StaleEvent
  | StaleResolvedEvent
  | AcknowledgedEvent
  | DigestEvent
  | HeldEvent
  | TestEvent;

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
