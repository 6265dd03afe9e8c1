import {
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
  type CloudWatchClient,
  type CompositeAlarm,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { fail, ok, shellQuote, type Finding } from './finding';
import type { LiveSubscription } from './subscriptions';

/**
 * Each alarm that notifies one of the stack's topics is set to ALARM and straight back to the
 * state it was in (SetAlarmState), so the operators receive the alarm and, from an OK, its OK:
 * the proof that the path from CloudWatch to their inbox works. An alarm already in ALARM is
 * left as it is: that is a real problem to fix, not a test.
 */

type AnyAlarm = MetricAlarm | CompositeAlarm;

const REASON = 'npm run verify: a test of the operator path; set back at once';

export async function exerciseAlarms(
  cloudwatch: CloudWatchClient,
  topicArns: readonly string[],
  live: readonly LiveSubscription[],
  region: string,
): Promise<Finding[]> {
  const alarms = await alarmsNotifying(cloudwatch, topicArns);
  return Promise.all(alarms.map((alarm) => exercise(cloudwatch, alarm, live, region)));
}

async function alarmsNotifying(
  cloudwatch: CloudWatchClient,
  topicArns: readonly string[],
): Promise<AnyAlarm[]> {
  const byName = new Map<string, AnyAlarm>();
  for (const topicArn of topicArns) {
    let NextToken: string | undefined;
    do {
      const page = await cloudwatch.send(
        new DescribeAlarmsCommand({
          ActionPrefix: topicArn,
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          NextToken,
        }),
      );
      for (const alarm of [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])])
        if (alarm.AlarmName !== undefined && (alarm.AlarmActions ?? []).includes(topicArn))
          byName.set(alarm.AlarmName, alarm);
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
  }
  return [...byName.values()].sort((a, b) => (a.AlarmName ?? '').localeCompare(b.AlarmName ?? ''));
}

async function exercise(
  cloudwatch: CloudWatchClient,
  alarm: AnyAlarm,
  live: readonly LiveSubscription[],
  region: string,
): Promise<Finding> {
  const name = alarm.AlarmName ?? '';
  const quoted = shellQuote(name);
  if (alarm.ActionsEnabled === false)
    return fail(
      'alarms',
      `alarm ${name} has its actions disabled: it would tell nobody`,
      `aws cloudwatch enable-alarm-actions --region ${region} --alarm-names ${quoted}`,
    );
  if (alarm.StateValue === 'ALARM')
    return fail(
      'alarms',
      `alarm ${name} is in ALARM already (${alarm.StateReason ?? 'no reason given'}): left as it is`,
      `its description says what to do: aws cloudwatch describe-alarms --region ${region} --alarm-names ${quoted} --query '*[].AlarmDescription' --output text (right after the first deploy, the dead-man switch is in ALARM until the watchdog's first run, 10 minutes later: run npm run verify again then)`,
    );
  const back = alarm.StateValue ?? 'OK';
  await cloudwatch.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: REASON }),
  );
  await cloudwatch.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: back, StateReason: REASON }),
  );
  const hearers = live
    .filter((s) => s.state === 'confirmed' && (alarm.AlarmActions ?? []).includes(s.topicArn))
    .map((s) => s.endpoint);
  if (hearers.length === 0)
    return fail(
      'alarms',
      `alarm ${name} was set to ALARM and back to ${back}, but its topic has no confirmed subscriber: nobody heard it`,
      'confirm the operator addresses (see "subscriptions" above), then run npm run verify again',
    );
  const okToo = back === 'OK' && (alarm.OKActions ?? []).length > 0 ? ' and its OK' : '';
  return ok(
    'alarms',
    `alarm ${name} set to ALARM and back to ${back}: ${hearers.join(', ')} should now have the alarm${okToo}`,
  );
}
