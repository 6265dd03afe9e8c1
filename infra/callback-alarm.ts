import { Duration } from 'aws-cdk-lib';
import { TreatMissingData, type Alarm, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { Locale } from './alarm-texts';
import type { CallbackReceiver } from './callback-receiver';
import { alarmNamePrefix } from './monitor-alarms';
import { operatorAlarm } from './operator-alarm';

/**
 * The receiver answering 5xx: its key, a signing secret, the state table or Lambda failed (a
 * 503 it logs, naming which: lambda/callback/receive.ts), or it crashed or timed out. Nothing
 * is missed, the schedule checks anyway, which is why it must be told: without it a deleted key
 * would silently put the monitor back on polling. Lambda's own Url5xxCount, so a crash counts
 * too and the function sends no metric of its own; no data is all well.
 */
export function callbacksUnavailableAlarm(
  scope: Construct,
  receiver: CallbackReceiver,
  props: { readonly locale: Locale; readonly action: IAlarmAction },
): Alarm {
  return receiverAlarm(scope, receiver, props, {
    id: 'CallbacksUnavailable',
    kind: 'callbacks-unavailable',
    metricName: 'Url5xxCount',
    period: Duration.minutes(5),
    threshold: 1,
  });
}

/**
 * The receiver refusing callbacks (4xx): the likeliest first-day failure, a signing secret or
 * header that differs from what DEXCHANGE sends, or a body whose fields DEXCHANGE's SDK does not
 * name, refuses every callback and starts nothing, as silently as a 5xx. Three in an hour, so
 * that one stray request to the URL does not wake anyone; Lambda's Url4xxCount, which counts
 * the Function URL's own 429 too.
 */
export function callbacksRefusedAlarm(
  scope: Construct,
  receiver: CallbackReceiver,
  props: { readonly locale: Locale; readonly action: IAlarmAction },
): Alarm {
  return receiverAlarm(scope, receiver, props, {
    id: 'CallbacksRefused',
    kind: 'callbacks-refused',
    metricName: 'Url4xxCount',
    period: Duration.hours(1),
    threshold: 3,
  });
}

/** An operator alarm on one of the receiver's Function URL metrics (Lambda's own: free of custom metrics). */
function receiverAlarm(
  scope: Construct,
  receiver: CallbackReceiver,
  props: { readonly locale: Locale; readonly action: IAlarmAction },
  alarm: {
    readonly id: string;
    readonly kind: 'callbacks-unavailable' | 'callbacks-refused';
    readonly metricName: 'Url5xxCount' | 'Url4xxCount';
    readonly period: Duration;
    readonly threshold: number;
  },
): Alarm {
  return operatorAlarm(scope, alarm.id, {
    kind: alarm.kind,
    locale: props.locale,
    facts: {
      functionName: receiver.function.functionName,
      logGroupName: receiver.function.logGroup.logGroupName,
    },
    prefix: alarmNamePrefix(scope),
    metric: receiver.function.metric(alarm.metricName, { statistic: 'Sum', period: alarm.period }),
    threshold: alarm.threshold,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    action: props.action,
  });
}
