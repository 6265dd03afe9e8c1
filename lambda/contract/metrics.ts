/**
 * The function's metric interface: the namespace, the service dimension and the metric names
 * the stack's alarms and dashboard read (the dead-man switch and the alert-given-up alarm read
 * AWS's own metrics instead: the watchdog's Lambda Errors, the parked-alerts queue's count). One module for both sides, so they cannot drift. Every metric has
 * the one dimension `service`, never the account: CloudWatch bills each metric and dimension
 * set by the month, so per-account metrics cost more than the rest of the monitor. The log
 * line of each check carries the account, the balance, the latency and the runway instead.
 */
export const METRICS_NAMESPACE = 'DexchangeBalanceMonitor';
export const SERVICE_NAME = 'dexchange-balance-monitor';
export const METRIC = {
  /** 1 when the monitor itself broke and the invocation failed; sent only then. */
  checkFailed: 'CheckFailed',
  /** 1 when DEXCHANGE or the secret failed (a handled outcome); sent only then. */
  readFailed: 'ReadFailed',
  /** 1 when the check stood down (another check saved first twice, or judged a newer reading). */
  checkSkipped: 'CheckSkipped',
  /** Conditional writes the check lost to another check; sent only when some were. */
  lostRaces: 'LostRaces',
  /** 1 when the stored state could not be read whole and was healed; sent only then. */
  stateProblem: 'StateProblem',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];
