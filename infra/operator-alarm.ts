import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  type TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import {
  ALARM_NAME,
  alarmDescription,
  type AlarmFacts,
  type AlarmKind,
  type Locale,
} from './alarm-texts';

export interface OperatorAlarmProps {
  readonly kind: AlarmKind;
  readonly locale: Locale;
  readonly facts: AlarmFacts;
  /** The stack's alarm-name prefix, which the operator topic's policy lets publish. */
  readonly prefix: string;
  /** Whose it is (".boutique-dakar"), after the kind's name. */
  readonly suffix?: string;
  readonly metric: IMetric;
  /** @default 1 */
  readonly threshold?: number;
  readonly treatMissingData: TreatMissingData;
  /** The operator topic: told of the ALARM and of the return to OK. */
  readonly action: IAlarmAction;
}

/**
 * An alarm for the operators, as every one of this stack's is: named and described in the
 * configured language (alarm-texts.ts), firing on one period at or past its threshold, and
 * notifying the operator topic of ALARM and OK.
 */
export function operatorAlarm(scope: Construct, id: string, props: OperatorAlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmName: `${props.prefix}${ALARM_NAME[props.locale][props.kind]}${props.suffix ?? ''}`,
    alarmDescription: alarmDescription(props.kind, props.locale, props.facts),
    metric: props.metric,
    threshold: props.threshold ?? 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: props.treatMissingData,
  });
  alarm.addAlarmAction(props.action);
  alarm.addOkAction(props.action);
  return alarm;
}
