/**
 * The function's metric interface, as the alarms and dashboards read it. These mirror
 * lambda/observability.ts (infra never imports function code); a test keeps the two equal.
 */
export const METRICS_NAMESPACE = 'DexchangeBalanceMonitor';
export const SERVICE_NAME = 'dexchange-balance-monitor';
export const METRIC = {
  balance: 'Balance',
  checkSucceeded: 'CheckSucceeded',
  checkFailed: 'CheckFailed',
  readFailed: 'ReadFailed',
  apiLatency: 'ApiLatency',
  runwayMinutes: 'RunwayMinutes',
} as const;
