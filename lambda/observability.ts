import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CheckOutcome } from './check/run-check';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './contract/metrics';
import { isCheckError, outsideText } from './errors';

/**
 * Logs and metrics of a check. The metric names and namespace are part of the product's
 * interface: the stack's alarms and dashboard read them (lambda/contract/metrics.ts).
 * Metrics that are usually 0 are sent only when they are not: CloudWatch bills a custom metric
 * for the hours it receives data.
 */

export { METRICS_NAMESPACE, SERVICE_NAME } from './contract/metrics';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/**
 * A check that ran to the end. `CheckSucceeded` is 1 only when its own save went through: the
 * balance was read, or its failure to read it was recorded (DEXCHANGE or the secret failing is
 * what the monitor watches, not a fault of its own). A check that stood down after losing two
 * races counts `CheckSkipped` instead, so a monitor stuck losing trips the dead-man switch.
 */
export function recordCheck(account: string, outcome: CheckOutcome): void {
  const { summary, reading, error } = outcome;
  metrics.addDimension('account', account);
  if (outcome.stateProblems.length > 0) {
    logger.warn('stored state healed', { account, problems: outcome.stateProblems });
    metrics.addMetric(METRIC.stateProblem, MetricUnit.Count, 1);
  }
  for (const parked of outcome.parked) {
    logger.error('alert undeliverable', { account, ...parked });
  }
  if (outcome.parked.length > 0)
    metrics.addMetric(METRIC.undeliverableAlerts, MetricUnit.Count, outcome.parked.length);
  const failedDeliveries = outcome.deliveries.filter((d) => d.outcome === 'failed');
  if (failedDeliveries.length > 0) {
    logger.warn('alert delivery failed; it will be retried', { account, failed: failedDeliveries });
  }
  const common = {
    account,
    status: summary.status,
    events: summary.events,
    save: outcome.save,
    ...(outcome.retried ? { retriedAfterLostRace: true } : {}),
    ...(outcome.pending > 0 ? { pendingDeliveries: outcome.pending } : {}),
  };
  if (outcome.save === 'skipped') {
    logger.warn('check skipped: another check saved first, twice', common);
    metrics.addMetric(METRIC.checkSucceeded, MetricUnit.Count, 0);
    metrics.addMetric(METRIC.checkSkipped, MetricUnit.Count, 1);
    return;
  }
  metrics.addMetric(METRIC.checkSucceeded, MetricUnit.Count, 1);
  if (reading === undefined) {
    // Our own typed errors carry messages built to be safe (no key; see errors.ts).
    logger.warn('balance could not be read', {
      ...common,
      kind: error?.kind,
      reason: summary.status === 'UNKNOWN' ? summary.error.message : undefined,
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

/**
 * The monitor itself is broken (state table, topic, environment, a bug): the invocation fails.
 * Whatever the error says is capped and redacted of the key this container holds.
 */
export function recordBrokenCheck(account: string, error: unknown, apiKey?: string): void {
  const detail = isCheckError(error)
    ? { kind: error.kind, reason: outsideText(error.message, apiKey, 400), status: error.status }
    : {
        kind: 'internal',
        reason: outsideText(
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          apiKey,
          400,
        ),
      };
  logger.error('check failed', { account, ...detail });
  metrics.addDimension('account', account);
  metrics.addMetric(METRIC.checkSucceeded, MetricUnit.Count, 0);
  metrics.addMetric(METRIC.checkFailed, MetricUnit.Count, 1);
}
