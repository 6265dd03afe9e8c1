import type { FailureKind } from '../errors';

/** The vocabulary the alert policy and the message texts share. No I/O lives here. */

export { SEVERITIES, type Locale, type Severity } from '../contract/severities';
import type { Severity } from '../contract/severities';

/** Where the balance stands against the thresholds (after hysteresis). */
export type BalanceStatus = 'OK' | 'LOW' | 'CRITICAL';

export interface Thresholds {
  readonly low: number;
  /** A second, louder level below `low`; absent when not configured. */
  readonly critical: number | undefined;
}

/** Why a check could not read a valid balance, as the policy and the messages need it. */
export interface FailureInfo {
  readonly kind: FailureKind;
  /** HTTP status, when the provider answered. */
  readonly status?: number;
  /** Provider code such as EXPIRED_API_KEY, when the body carried one. */
  readonly code?: string;
  /** The check's error message: plain words, already free of the key. */
  readonly reason: string;
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

/** The balance went below a threshold: LOW opens an episode, CRITICAL opens or escalates one. */
export interface ThresholdEvent extends EventBase, Amount {
  readonly severity: 'LOW' | 'CRITICAL';
  readonly threshold: number;
  /** When the balance went below LOW (the episode's start). */
  readonly since: string;
  /** Time until empty at the current pace, when a forecast exists. */
  readonly runway?: Runway;
}

export interface BalanceReminderEvent extends EventBase, Amount {
  readonly severity: 'REMINDER';
  readonly remindsOf: 'LOW' | 'CRITICAL';
  readonly threshold: number;
  readonly since: string;
  readonly runway?: Runway;
}

/** Still above LOW, but at the current pace it will be below within the horizon. */
export interface ForecastEvent extends EventBase, Amount {
  readonly severity: 'FORECAST';
  /** The LOW threshold. */
  readonly threshold: number;
  /** Time until LOW. */
  readonly toLow: Runway;
  /** Balance change per hour (negative). */
  readonly perHour: number;
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
}

export interface StaleEvent extends EventBase, Amount {
  readonly severity: 'STALE';
  readonly lastUpdate: string;
}

export interface TestEvent extends EventBase {
  readonly severity: 'TEST';
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
  | TestEvent;

/** SNS message attributes, so that subscriptions can filter (SMS for CRITICAL only, say). */
export interface AlertAttributes {
  readonly severity: Severity;
  readonly account: string;
  /** For reminders: the severity the reminder is about, so it can follow that one's routing. */
  readonly remindsOf?: Severity;
}

export function attributesOf(event: AlertEvent): AlertAttributes {
  return event.severity === 'REMINDER'
    ? { severity: event.severity, account: event.account, remindsOf: event.remindsOf }
    : { severity: event.severity, account: event.account };
}
