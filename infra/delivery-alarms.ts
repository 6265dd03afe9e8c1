import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, Metric, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Locale } from './alarm-texts';
import { operatorAlarm } from './operator-alarm';
import { alarmNamePrefix } from './monitor-alarms';

export interface DeliveryAlarmsProps {
  /** The topics alerts go out on (one per recipient group, and the chat topics). */
  readonly alertTopics: readonly {
    readonly topic: ITopic;
    /** Whose and which (".boutique-dakar", ".chat-ops"); none for the stack's own topic. */
    readonly suffix?: string;
  }[];
  readonly action: IAlarmAction;
  readonly locale: Locale;
  /**
   * The AWS account's monthly SMS spend limit in USD; undefined when no SMS is configured.
   * The alarm fires at 80% of it.
   */
  readonly smsMonthlySpendLimitUsd?: number;
}

/** Share of the SMS spend limit at which the operators hear of it, while SMS still go out. */
export const SMS_SPEND_ALARM_SHARE = 0.8;

/**
 * Alarms on the last hop: alerts that SNS could not deliver, and an SMS budget about to run
 * out (past its limit, SNS silently stops sending SMS until the next month).
 */
export class DeliveryAlarms extends Construct {
  /** One per alert topic. */
  readonly undelivered: readonly Alarm[];
  readonly smsSpend: Alarm | undefined;

  constructor(scope: Construct, id: string, props: DeliveryAlarmsProps) {
    super(scope, id);
    const prefix = alarmNamePrefix(this);
    this.undelivered = props.alertTopics.map(({ topic, suffix = '' }) => {
      // The stack's own topic keeps the name it always had; the others add whose they are. The
      // construct id keeps the suffix's case and marks its separators, so "Shop A" and
      // "ShopA" stay apart.
      const id = suffix.replace(/[^A-Za-z0-9]/g, (c: string) => (c === '.' ? 'D' : 'H'));
      // Beside its topic: an account past the first 25 has its topic, and this alarm, in its
      // nested stack (the main stack could not hold 100 of them). The name keeps the main
      // stack's prefix, which the operator topic's policy lets publish.
      const scope = Stack.of(topic) === Stack.of(this) ? this : Stack.of(topic);
      return operatorAlarm(scope, `AlertsUndelivered${id}`, {
        kind: 'alerts-undelivered',
        locale: props.locale,
        facts: { topicName: topic.topicName },
        prefix,
        suffix,
        metric: topic.metricNumberOfNotificationsFailed({
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        treatMissingData: TreatMissingData.NOT_BREACHING,
        action: props.action,
      });
    });

    const limit = props.smsMonthlySpendLimitUsd;
    if (limit === undefined) {
      this.smsSpend = undefined;
      return;
    }
    const threshold = Math.round(limit * SMS_SPEND_ALARM_SHARE * 100) / 100;
    this.smsSpend = operatorAlarm(this, 'SmsSpend', {
      kind: 'sms-spend',
      locale: props.locale,
      facts: { limitUsd: limit, thresholdUsd: threshold },
      prefix,
      // Account-wide, no dimensions; AWS documents Maximum as its statistic.
      metric: new Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold,
      // SNS may report the month's spend only in hours with SMS traffic: an hour without one
      // keeps the last state rather than claiming "OK" while the spend is still high.
      treatMissingData: TreatMissingData.IGNORE,
      action: props.action,
    });
  }
}
