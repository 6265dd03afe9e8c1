import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
  type IAlarmAction,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ALARM_NAME, alarmDescription, type AlarmKind, type Locale } from './alarm-texts';
import type { BalanceMonitor } from './balance-monitor';
import { deadManWindow, describeMinutes } from './dead-man';
import { METRIC } from '../lambda/contract/metrics';
import { plannedGaps } from './schedule-expression';

export interface MonitorAlarmsProps {
  readonly monitor: BalanceMonitor;
  /** Where alarms (and their return to OK) are sent: the operators, never the function. */
  readonly action: IAlarmAction;
  /** The schedule's time zone, which decides when a cron plans its gaps. */
  readonly timeZone: string;
  /** The language of the alarm texts. */
  readonly locale: Locale;
  /**
   * No completed check for this long fires the dead-man switch.
   * @default - the longest planned gap plus two runs at the schedule's rhythm, at least 15 min
   */
  readonly deadManSwitchMinutes?: number;
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
 * Alarms that watch the watcher: what the function cannot say about itself. A DEXCHANGE or
 * secret failure is not one of them (the function reports it as FAILING and completes); these
 * catch a monitor that crashes, is throttled, stops running, or whose runs are dropped.
 */
export class MonitorAlarms extends Construct {
  readonly errors: Alarm;
  readonly throttles: Alarm;
  readonly deadManSwitch: Alarm;
  readonly deadLetters: Alarm;
  readonly undeliverable: Alarm;

  constructor(scope: Construct, id: string, props: MonitorAlarmsProps) {
    super(scope, id);
    const { monitor, locale } = props;
    const gaps = plannedGaps(monitor.scheduleExpression, props.timeZone);
    const window = gaps === undefined ? undefined : deadManWindow(gaps, props.deadManSwitchMinutes);
    // The deploy config refuses such schedules with the field named; this only guards.
    if (gaps === undefined || window === undefined || 'problem' in window) {
      throw new Error(`no dead-man switch fits the schedule ${monitor.scheduleExpression}`);
    }
    const facts = {
      account: monitor.accountName,
      reservedConcurrency: monitor.reservedConcurrency,
      functionName: monitor.function.functionName,
      logGroupName: monitor.function.logGroup.logGroupName,
      scheduleName: monitor.schedule.scheduleName,
      window: describeMinutes(window.minutes),
    };
    const named = (kind: AlarmKind) => ({
      alarmName: `${alarmNamePrefix(this)}${monitor.slug}.${ALARM_NAME[locale][kind]}`,
      alarmDescription: alarmDescription(kind, locale, facts),
    });
    // The period of a run: errors of two runs in a row are not a blip.
    const runPeriod = Duration.minutes(Math.min(1440, Math.max(5, gaps.shortestMinutes)));

    this.errors = new Alarm(this, 'Errors', {
      ...named('function-errors'),
      metric: monitor.function.metricErrors({ period: runPeriod, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.throttles = new Alarm(this, 'Throttles', {
      ...named('function-throttled'),
      metric: monitor.function.metricThrottles({ period: runPeriod, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // The dead-man switch: silence is the alarm. CheckSucceeded is 1 for every check that ran to
    // the end, a DEXCHANGE failure included, so only a monitor that stopped working trips it.
    this.deadManSwitch = new Alarm(this, 'NoCompletedCheck', {
      ...named('no-completed-check'),
      metric: monitor.metric(METRIC.checkSucceeded, {
        period: Duration.minutes(window.periodMinutes),
        statistic: 'Sum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: window.evaluationPeriods,
      datapointsToAlarm: window.evaluationPeriods,
      treatMissingData: TreatMissingData.BREACHING,
    });

    // A run that Scheduler could not deliver lands in the dead-letter queue: alarm on each one
    // sent (not on the queue's depth, which would hold the alarm for the queue's 14 days).
    this.deadLetters = new Alarm(this, 'DroppedInvocations', {
      ...named('schedule-dropped'),
      metric: monitor.deadLetterQueue.metricNumberOfMessagesSent({
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // An alert the function gave up on (a channel refused it, or it kept failing for hours).
    this.undeliverable = new Alarm(this, 'UndeliverableAlerts', {
      ...named('alert-parked'),
      metric: monitor.metric(METRIC.undeliverableAlerts, { period: runPeriod, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const alarm of [
      this.errors,
      this.throttles,
      this.deadManSwitch,
      this.deadLetters,
      this.undeliverable,
    ]) {
      alarm.addAlarmAction(props.action);
      alarm.addOkAction(props.action);
    }
  }
}
