/** The vocabulary the alert policy and the message texts share. No I/O lives here. */

export type Locale = 'en' | 'fr';

/** Where the balance stands against the thresholds. */
export type BalanceStatus = 'OK' | 'LOW' | 'CRITICAL';

export type Severity =
  | 'LOW'
  | 'CRITICAL'
  | 'REMINDER'
  | 'RECOVERED'
  | 'FORECAST'
  | 'FAILING'
  | 'FAILING_RESOLVED'
  | 'STALE'
  | 'TEST';

export interface Thresholds {
  readonly low: number;
  /** A second, louder level below `low`; absent when not configured. */
  readonly critical: number | undefined;
}

/** One notification to publish, with what its texts need. */
export interface AlertEvent {
  /** Threshold crossings only, for now; the lifecycle adds the other severities. */
  readonly severity: Extract<Severity, 'LOW' | 'CRITICAL'>;
  readonly account: string;
  /** When the check that raised it ran (ISO date-time). */
  readonly at: string;
  readonly balance: number;
  readonly currency: string;
  /** The threshold the event is about. */
  readonly threshold: number;
}

/** SNS message attributes, so that subscriptions can filter (SMS for CRITICAL only, say). */
export interface AlertAttributes {
  readonly severity: Severity;
  readonly account: string;
  /** For reminders: the severity the reminder is about, so it can follow that one's routing. */
  readonly remindsOf?: Severity;
}
