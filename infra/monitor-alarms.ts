import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  TreatMissingData,
  type IAlarmAction,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { BalanceMonitor } from './balance-monitor';
import { METRIC } from './metric-names';
import { rateMinutes } from './schedule-expression';

export interface MonitorAlarmsProps {
  readonly monitor: BalanceMonitor;
  /** Where alarms (and their return to OK) are sent. */
  readonly action: IAlarmAction;
  /**
   * No successful check for this long fires the dead-man switch.
   * @default - three schedule intervals for a rate schedule (15 min at the default), 3 hours for cron
   */
  readonly deadManSwitchMinutes?: number;
}

/**
 * Alarms that watch the watcher: what the function cannot say about itself. Failed reads are
 * the function's own business (FAILING); these catch a function that crashes, is throttled,
 * is never invoked, or whose invocations are dropped.
 */
export class MonitorAlarms extends Construct {
  readonly errors: Alarm;
  readonly throttles: Alarm;
  readonly deadManSwitch: Alarm;
  readonly deadLetters: Alarm;

  constructor(scope: Construct, id: string, props: MonitorAlarmsProps) {
    super(scope, id);
    const { monitor } = props;
    const interval = rateMinutes(monitor.scheduleExpression);
    const period = Duration.minutes(Math.max(5, interval ?? 60));
    const account = monitor.accountName;

    // Three failed invocations in a row: one is a blip the FAILING logic already covers.
    this.errors = new Alarm(this, 'Errors', {
      alarmDescription: `The DEXCHANGE balance check of ${account} failed 3 times in a row (see its logs).`,
      metric: monitor.function.metricErrors({ period, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.throttles = new Alarm(this, 'Throttles', {
      alarmDescription: `The DEXCHANGE balance check of ${account} was throttled by Lambda.`,
      metric: monitor.function.metricThrottles({ period, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // The dead-man switch: silence is the alarm. A disabled schedule, a broken deploy or a dead
    // key all stop CheckSucceeded; missing data counts as breaching.
    const deadMan = Duration.minutes(
      props.deadManSwitchMinutes ?? (interval === undefined ? 180 : Math.max(15, 3 * interval)),
    );
    this.deadManSwitch = new Alarm(this, 'NoSuccessfulCheck', {
      alarmDescription: `No successful DEXCHANGE balance check of ${account} for ${deadMan.toMinutes()} minutes: the monitor is blind.`,
      metric: monitor.metric(METRIC.checkSucceeded, { period: deadMan, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.BREACHING,
    });

    this.deadLetters = new Alarm(this, 'DroppedInvocations', {
      alarmDescription: `EventBridge Scheduler could not invoke the balance check of ${account} (dead-letter queue).`,
      metric: monitor.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const alarm of [this.errors, this.throttles, this.deadManSwitch, this.deadLetters]) {
      alarm.addAlarmAction(props.action);
      alarm.addOkAction(props.action);
    }
  }
}
