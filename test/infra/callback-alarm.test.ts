import { describe, expect, it } from 'vitest';
import { alarmDescription } from '../../infra/alarm-texts';
import { threeAccounts } from '../support/shared-configs';
import { synthesize } from '../support/synth';
import { STACK_NAME } from '../../infra/monitor-app';
import { DeployedTemplate } from '../support/deployed-template';
import { expectDecisions } from '../support/iam-simulator';
import { alarmPathCases } from '../support/template-paths';

/**
 * The alarm on the callback receiver's 5xx answers (infra/callback-alarm.ts): a deleted key or
 * a denied invoke starts no check, and nothing else would tell anyone, since the schedule goes
 * on checking (docs/fault-matrix.md, "The callback receiver"). Without callbacks there is none:
 * test/infra/stack.test.ts counts the stack's alarms.
 */

type Alarm = { Properties: Record<string, unknown> };
const alarmsOf = (config: unknown) =>
  Object.values(
    synthesize(config).template.findResources('AWS::CloudWatch::Alarm') as Record<string, Alarm>,
  );

describe('the callbacks-unavailable alarm', () => {
  const alarms = alarmsOf({ ...threeAccounts, callbacks: {} });
  const own = alarms.filter((a) => a.Properties.MetricName === 'Url5xxCount');

  it("fires on one 5xx of the receiver's Function URL in 5 minutes, to the operator topic", () => {
    expect(own).toHaveLength(1);
    const props = own[0]?.Properties ?? {};
    expect(props).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/^OperatorAlarms/) as unknown }],
      OKActions: [{ Ref: expect.stringMatching(/^OperatorAlarms/) as unknown }],
    });
    // Its dimension is the receiver, not a check function.
    expect(JSON.stringify(props.Dimensions)).toMatch(/CallbacksReceiver/);
    expect(JSON.stringify(props.AlarmName)).toContain('DexchangeBalanceMonitor.');
  });

  it("fires on 3 refusals (4xx) in an hour: a signature or a body DEXCHANGE's callbacks do not match", () => {
    const refused = alarms.filter((a) => a.Properties.MetricName === 'Url4xxCount');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 3,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/^OperatorAlarms/) as unknown }],
    });
    for (const locale of ['en', 'fr'] as const) {
      const text = alarmDescription('callbacks-refused', locale, {
        functionName: 'fn',
        logGroupName: 'lg',
      });
      expect(text.length).toBeLessThanOrEqual(1024);
      expect(text).toContain('callbackSigningSecret');
      expect(text).toContain('CallbackUrlsCommand');
    }
  });

  it('says what is lost (seconds, not alerts) and the fix for a key deleted or replaced', () => {
    for (const locale of ['en', 'fr'] as const) {
      const text = alarmDescription('callbacks-unavailable', locale, {
        functionName: 'fn',
        logGroupName: 'lg',
      });
      expect(text.length).toBeLessThanOrEqual(1024);
      expect(text).toContain('CallbackUrlsCommand');
      expect(text).toContain('503');
    }
  });

  it('both callback alarms may publish to the operator topic and use its key, as AWS evaluates it', async () => {
    const template = synthesize({
      ...threeAccounts,
      callbacks: {},
      topicEncryption: 'kms',
    }).template;
    const t = new DeployedTemplate(
      template.toJSON() as { Resources: Record<string, never> },
      STACK_NAME,
    );
    const cases = alarmPathCases(t);
    const ids = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) =>
      /^Callbacks(Unavailable|Refused)/.test(id),
    );
    expect(ids).toHaveLength(2);
    for (const id of ids)
      expect(
        cases.some((c) => JSON.stringify(c).includes(id)),
        id,
      ).toBe(true);
    await expectDecisions(cases);
  });
});
