import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { FailedCheck, type CheckOutcome } from './check';
import { isCheckError } from './errors';

/**
 * Logs and metrics of a check. The metric names and namespace are part of the product's
 * interface: the stack's alarms and dashboard read them (infra/metric-names.ts mirrors them).
 */

export const SERVICE_NAME = 'dexchange-balance-monitor';
export const METRICS_NAMESPACE = 'DexchangeBalanceMonitor';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

export function recordSuccess(account: string, outcome: CheckOutcome): void {
  const { summary, reading } = outcome;
  if (outcome.stateProblem !== undefined) {
    logger.warn('stored state ignored', { account, problem: outcome.stateProblem });
  }
  logger.info('check completed', {
    account,
    status: summary.status,
    balance: summary.balance,
    currency: summary.currency,
    latencyMs: reading.latencyMs,
    attempts: reading.attempts,
    events: summary.events,
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
    save: outcome.save,
    ...(outcome.recovered > 0 ? { recoveredFromOutbox: outcome.recovered } : {}),
  });
  metrics.addDimension('account', account);
  metrics.addMetric('Balance', MetricUnit.NoUnit, summary.balance);
  metrics.addMetric('CheckSucceeded', MetricUnit.Count, 1);
  metrics.addMetric('CheckFailed', MetricUnit.Count, 0);
  metrics.addMetric('ApiLatency', MetricUnit.Milliseconds, reading.latencyMs);
  // Minutes until empty at the current pace; absent when there is no forecast (not draining).
  if (outcome.forecast !== undefined) {
    metrics.addMetric(
      'RunwayMinutes',
      MetricUnit.NoUnit,
      Math.round(outcome.forecast.toZero.minutes),
    );
  }
}

export function recordFailure(account: string, thrown: unknown): void {
  const events =
    thrown instanceof FailedCheck ? thrown.published.map((m) => m.attributes.severity) : [];
  const error = thrown instanceof FailedCheck ? thrown.error : thrown;
  // Only our own typed errors carry messages built to be safe; anything else is logged by name.
  const detail = isCheckError(error)
    ? {
        kind: error.kind,
        reason: error.message,
        status: error.status,
        attempts: error.attempts,
        excerpt: error.excerpt,
      }
    : {
        kind: 'internal',
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
  logger.error('check failed', { account, ...detail, events });
  metrics.addDimension('account', account);
  metrics.addMetric('CheckSucceeded', MetricUnit.Count, 0);
  metrics.addMetric('CheckFailed', MetricUnit.Count, 1);
}
