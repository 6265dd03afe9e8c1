/**
 * The function's metric interface: the namespace, the service dimension and the metric names
 * the stack's alarms and dashboard read. One module for both sides, so they cannot drift.
 */
export const METRICS_NAMESPACE = 'DexchangeBalanceMonitor';
export const SERVICE_NAME = 'dexchange-balance-monitor';
export const METRIC = {
  balance: 'Balance',
  /** 1 for every check that ran to the end and saved what it had to save. */
  checkSucceeded: 'CheckSucceeded',
  /** 1 when the monitor itself broke and the invocation failed. */
  checkFailed: 'CheckFailed',
  /** 1 when DEXCHANGE or the secret failed (a handled outcome); sent only then. */
  readFailed: 'ReadFailed',
  /** 1 when the check stood down (another check saved first twice, or judged a newer reading). */
  checkSkipped: 'CheckSkipped',
  /** Conditional writes the check lost to another check; sent only when some were. */
  lostRaces: 'LostRaces',
  /** Alerts parked as undeliverable by this check; sent only when some were. */
  undeliverableAlerts: 'UndeliverableAlerts',
  /** 1 when the stored state could not be read whole and was healed; sent only then. */
  stateProblem: 'StateProblem',
  apiLatency: 'ApiLatency',
  runwayMinutes: 'RunwayMinutes',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];
