import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CheckOutcome, CheckReport } from './check/run-check';
import type { HealedReport } from './check/update-record';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './contract/metrics';
import { isCheckError, outsideText } from './errors';

/**
 * Logs and metrics of a check. The metric names and namespace are part of the product's
 * interface: the stack's alarms read them (lambda/contract/metrics.ts). Metrics are sent only
 * for what is rare (a failure, a lost race, an undeliverable alert), without the account as a
 * dimension: CloudWatch bills a custom metric for the hours it receives data, per dimension
 * set. What every check knows (balance, latency, runway) is in its log line, which the stack's
 * saved queries read; the watchdog reads each check's completion from the state table.
 */

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/**
 * A check that ran to the end, in one log line. A check that stood down after losing two races
 * counts `CheckSkipped`; it saved nothing, so a monitor stuck losing shows as overdue to the
 * watchdog.
 */
export function recordCheck(account: string, outcome: CheckOutcome): void {
  const { summary, reading, error } = outcome;
  if (outcome.lostRaces > 0)
    metrics.addMetric(METRIC.lostRaces, MetricUnit.Count, outcome.lostRaces);
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
    logger.warn(
      'check stood down: another check saved first, twice, or judged a newer reading',
      common,
    );
    metrics.addMetric(METRIC.checkSkipped, MetricUnit.Count, 1);
    return;
  }
  // A check that delivered but could not save that it did: its deliveries will be repeated.
  if (outcome.save === 'unrecorded')
    logger.warn('delivery results not saved; they will be delivered again after the lease', common);
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
}

/**
 * What a check found that someone must hear of, told at once: state problems as the state is
 * read (and any more after the save), parked deliveries as soon as they are saved (a check
 * that dies later, a save failing, the function's timeout, has still logged them). Their send
 * to the stack's queue of parked alerts, whose count the "alert given up" alarm reads, is the
 * caller's (channels/parked-queue.ts); a send SQS refused is logged here, and what it carried
 * stays marked in the record for the next check to send (delivery/queue-marks.ts).
 */
export function checkReport(account: string): CheckReport {
  return {
    stateProblems: healedStateReport(account, 'check'),
    parked(parked) {
      for (const delivery of parked) logger.error('alert undeliverable', { account, ...delivery });
    },
    notQueued(error) {
      // Logged for the "errors" query; the alerts stay parked, and marked, in the record. A
      // refusal can be for good (a wrong URL, a missing grant): the line says what to check.
      logger.error(
        "alert undeliverable not queued yet: the next check sends it again; the alert-given-up alarm is not raised until the queue takes it; check the queue URL and the function's SendMessage grant",
        { account, error },
      );
    },
    marksNotCleared(error) {
      // SQS has them (the alarm is raised); the record still marks them, so they go once more.
      logger.warn('alert undeliverable queued, mark not cleared: the next check sends it again', {
        account,
        error,
      });
    },
    operatorsNotTold(error) {
      // The alert-given-up alarm still tells them, without the alerts' texts.
      logger.error('operators not told of undeliverable alerts', { account, error });
    },
  };
}

/**
 * A record that needed healing (stores/record.ts), told once by whoever read it: a check, or a
 * writer outside one (`by`: the acknowledge page, a silence action) that saved it healed, so
 * that no check will see it damaged. One log line naming what was dropped, and `StateProblem`.
 */
export function healedStateReport(account: string, by: string): HealedReport {
  return (problems) => {
    if (problems.length === 0) return;
    logger.warn('stored state healed', {
      account,
      by,
      problems: problems.map((p) => outsideText(p, undefined)),
    });
    metrics.addMetric(METRIC.stateProblem, MetricUnit.Count, 1);
  };
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
  metrics.addMetric(METRIC.checkFailed, MetricUnit.Count, 1);
}
