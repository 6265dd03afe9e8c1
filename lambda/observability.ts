import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CheckOutcome } from './check';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './contract/metrics';
import { isCheckError } from './errors';

/**
 * Logs and metrics of a check. The metric names and namespace are part of the product's
 * interface: the stack's alarms and dashboard read them (infra/metric-names.ts mirrors them).
 */

export { METRICS_NAMESPACE, SERVICE_NAME } from './contract/metrics';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/**
 * A check that ran to the end: its balance was read, or its failure to read it was recorded
 * (the provider or the secret failing is what the monitor watches, not a fault of its own).
 * `CheckSucceeded` therefore says "the monitor works", which is what the dead-man switch
 * needs; `ReadFailed` counts the handled failures, for the dashboard only. It is sent only
 * when it is 1: CloudWatch bills a custom metric by the hours it receives data.
 */
export function recordCheck(account: string, outcome: CheckOutcome): void {
  const { summary, reading, error } = outcome;
  if (outcome.stateProblem !== undefined) {
    logger.warn('stored state ignored', { account, problem: outcome.stateProblem });
  }
  const common = {
    account,
    status: summary.status,
    events: summary.events,
    save: outcome.save,
    ...(outcome.recovered > 0 ? { recoveredFromOutbox: outcome.recovered } : {}),
  };
  metrics.addDimension('account', account);
  metrics.addMetric(METRIC.checkSucceeded, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.checkFailed, MetricUnit.Count, 0);
  if (reading === undefined) {
    // Our own typed errors carry messages built to be safe (no key; see errors.ts).
    logger.warn('balance could not be read', {
      ...common,
      kind: error?.kind,
      reason: error?.message,
      status: error?.status,
      attempts: error?.attempts,
      excerpt: error?.excerpt,
    });
    metrics.addMetric(METRIC.readFailed, MetricUnit.Count, 1);
    return;
  }
  logger.info('check completed', {
    ...common,
    balance: reading.balance,
    currency: reading.currency,
    latencyMs: reading.latencyMs,
    attempts: reading.attempts,
    ...(outcome.forecast === undefined
      ? {}
      : {
          runwayMinutes: Math.round(outcome.forecast.toZero.minutes),
          minutesToLow:
            outcome.forecast.toLow === undefined
              ? undefined
              : Math.round(outcome.forecast.toLow.minutes),
          perHour: Math.round(outcome.forecast.perHour),
        }),
  });
  metrics.addMetric(METRIC.balance, MetricUnit.NoUnit, reading.balance);
  metrics.addMetric(METRIC.apiLatency, MetricUnit.Milliseconds, reading.latencyMs);
  // Minutes until empty at the current pace; absent when there is no forecast (not draining).
  if (outcome.forecast !== undefined) {
    metrics.addMetric(
      METRIC.runwayMinutes,
      MetricUnit.NoUnit,
      Math.round(outcome.forecast.toZero.minutes),
    );
  }
}

/** The monitor itself is broken (state table, topic, environment, a bug): the invocation fails. */
export function recordBrokenCheck(account: string, error: unknown): void {
  const detail = isCheckError(error)
    ? { kind: error.kind, reason: error.message, status: error.status }
    : {
        kind: 'internal',
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
  logger.error('check failed', { account, ...detail });
  metrics.addDimension('account', account);
  metrics.addMetric(METRIC.checkSucceeded, MetricUnit.Count, 0);
  metrics.addMetric(METRIC.checkFailed, MetricUnit.Count, 1);
}
