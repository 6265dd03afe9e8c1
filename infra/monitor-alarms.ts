import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  MathExpression,
  TreatMissingData,
  type IAlarmAction,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  SUBSCRIPTION_HEALTH_WATCH,
  WATCHDOG_ALARM_PERIOD_MINUTES,
} from '../lambda/contract/watchdog';
import type { DeadLetterCover } from './alarm-catalog';
import type { Locale } from './alarm-texts';
import { operatorAlarm } from './operator-alarm';
import type { Watchdog } from './watchdog';

export interface MonitorAlarmsProps {
  readonly watchdog: Watchdog;
  /**
   * The schedules' dead-letter queue (checks, watchdog, subscription-health job), named in the
   * dead-man switch's text: a lost run of theirs is the dead-man's, the queue keeps the reason.
   */
  readonly deadLetterQueue: IQueue;
  /**
   * The queue of what the dead-man switch cannot see, and what lands there: the morning digests'
   * schedules, the WhatsApp events function's failed events. Its alarm exists only with it.
   */
  readonly alarmed?: { readonly queue: IQueue; readonly covers: readonly DeadLetterCover[] };
  /** The queue of alerts given up on (infra/parked-alerts.ts), one for the stack. */
  readonly parkedQueue: IQueue;
  /** The folder of the stack's saved Logs Insights queries, named in the texts. */
  readonly queryFolder: string;
  /** Where alarms (and their return to OK) are sent: the operators, never the function. */
  readonly action: IAlarmAction;
  /** The language of the alarm texts. */
  readonly locale: Locale;
}

/**
 * The prefix of every alarm this stack creates: the stack's name and a dot, which no stack name
 * contains, so no other stack's alarms share it. The operator topic lets CloudWatch publish for
 * alarms whose ARN starts with it (and nothing else).
 */
export function alarmNamePrefix(scope: Construct): string {
  return `${Stack.of(scope).stackName}.`;
}

/**
 * Alarms that watch the watcher, two for the whole stack however many accounts it watches
 * (CloudWatch bills each alarm, and each metric of a metric-math alarm, by the month), each on
 * a metric AWS keeps for free: the watchdog's failed runs (it fails when an account or the
 * subscription-health job is overdue: a check that crashes, is throttled, stops running, or
 * whose runs are dropped stops saving, and so becomes overdue), and alerts given up (the
 * parked-alerts queue). A third, on the digests' and WhatsApp events' own dead-letter queue,
 * only when there is one: what lands there the dead-man switch cannot see. A late job fails the
 * watchdog's runs in a pulse, one alarm period a day (lambda/watchdog/overdue.ts), so the alarm
 * returns to OK between and an account going overdue then raises a fresh ALARM. A DEXCHANGE or secret
 * failure is not one of them: the function reports it as FAILING and completes.
 */
export class MonitorAlarms extends Construct {
  readonly deadManSwitch: Alarm;
  /** Only with the `alarmed` queue. */
  readonly deadLetters: Alarm | undefined;
  readonly undeliverable: Alarm;

  constructor(scope: Construct, id: string, props: MonitorAlarmsProps) {
    super(scope, id);
    const { locale, watchdog } = props;
    const facts = {
      functionName: watchdog.function.functionName,
      logGroupName: watchdog.function.logGroup.logGroupName,
      queries: props.queryFolder,
      scheduleName: watchdog.schedule.scheduleName,
      deadLetterQueueName: props.deadLetterQueue.queueName,
    };
    const common = { locale, facts, prefix: alarmNamePrefix(this), action: props.action };

    // The dead-man switch: the watchdog fails its run when an account is overdue, and Lambda
    // counts that in its own Errors metric (free: no custom metric exists for this alarm). Lambda
    // sends Errors, 0 or more, for every period with a run, so a period without it means the
    // watchdog did not run at all, an alarm as well. FILL makes such an empty period count as 1
    // at once: with missing data alone, CloudWatch looks back over a wider range and judges on
    // an older datapoint, so a stopped watchdog would be noticed hours late. (One metric: billed
    // as one alarm metric. It also means the alarm starts in ALARM at its creation, until the
    // watchdog's first run, 10 minutes on.)
    const period = Duration.minutes(WATCHDOG_ALARM_PERIOD_MINUTES);
    this.deadManSwitch = operatorAlarm(this, 'NoCompletedCheck', {
      ...common,
      facts: {
        ...facts,
        jobOverdueHours: SUBSCRIPTION_HEALTH_WATCH.overdueAfterMinutes / 60,
      },
      kind: 'no-completed-check',
      metric: new MathExpression({
        expression: 'FILL(failed, 1)',
        usingMetrics: { failed: watchdog.function.metricErrors({ period, statistic: 'Sum' }) },
        period,
        label: 'failed watchdog runs (1 when the watchdog did not run)',
      }),
      treatMissingData: TreatMissingData.BREACHING,
    });

    // A run that Scheduler could not deliver lands in a dead-letter queue. A lost check run
    // makes its account overdue, a lost subscription-health run makes the job overdue, and every
    // run of an alarm period lost is FILL's missing data: the dead-man switch says each, and the
    // schedules' queue keeps Scheduler's reason (its texts name it), with no alarm of its own.
    // A lost digest or a WhatsApp event given up would go unseen: they have their own queue,
    // and this alarm on each message sent to it (not on its depth, which would hold the alarm
    // for the queue's 14 days).
    const { alarmed } = props;
    this.deadLetters =
      alarmed === undefined
        ? undefined
        : operatorAlarm(this, 'DroppedInvocations', {
            ...common,
            facts: {
              ...facts,
              deadLetterQueueName: alarmed.queue.queueName,
              deadLetterCovers: alarmed.covers,
            },
            kind: 'schedule-dropped',
            metric: alarmed.queue.metricNumberOfMessagesSent({
              period: Duration.minutes(5),
              statistic: 'Sum',
            }),
            treatMissingData: TreatMissingData.NOT_BREACHING,
          });

    // An alert a check (or the WhatsApp event function) gave up on: a channel refused it, or it
    // kept failing for hours. Each park is a message sent to the parked-alerts queue; alarm on
    // each one sent (SQS's own metric), as for the dead letters.
    this.undeliverable = operatorAlarm(this, 'UndeliverableAlerts', {
      ...common,
      facts: { ...facts, queueName: props.parkedQueue.queueName },
      kind: 'alert-parked',
      metric: props.parkedQueue.metricNumberOfMessagesSent({
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
