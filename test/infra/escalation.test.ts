import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { STACK_NAME } from '../../infra/monitor-app';
import { escalationVariable } from '../../lambda/contract/escalation';
import { ACCOUNT, DeployedTemplate, OTHER_ACCOUNT, REGION } from '../support/deployed-template';
import { expectDecisions } from '../support/iam-simulator';
import { SIMULATED_CONFIG } from '../support/simulated-config';
import { synthesize } from '../support/synth';
import { modelOf } from '../support/template-paths';

/**
 * Escalation in the template (issue 20, items 4 and 7): each tier of an account is an SNS topic
 * of its own with its people's subscriptions; the account's function carries the tiers in
 * `ESCALATION` (read back with the function's own schema) and may publish to those topics, and
 * to no other account's, as the IAM simulator evaluates the synthesized policies.
 */

const ESCALATION = {
  tiers: [
    {
      name: 'it-oncall',
      afterMinutes: 15,
      emails: ['it@example.sn'],
      smsNumbers: ['+221770000001'],
    },
    {
      name: 'direction',
      afterMinutes: 30,
      emails: ['daf@example.sn'],
      quietHours: { hours: '22:00-07:00' },
    },
  ],
};
const config = (topicEncryption: 'none' | 'kms') => ({
  ...SIMULATED_CONFIG,
  topicEncryption,
  accounts: SIMULATED_CONFIG.accounts.map((a, i) =>
    i === 0 ? { ...a, escalation: ESCALATION } : a,
  ),
});
const TLS = { 'aws:SecureTransport': 'true' };
const NO_TLS = { 'aws:SecureTransport': 'false' };

// With the key only: its grants are what can go wrong besides the publish (one synth, not two).
describe.each(['kms'] as const)(
  'escalation tiers in the template (topic key: %s)',
  (encryption) => {
    const { template, stack } = synthesize(config(encryption));
    const t = new DeployedTemplate(
      template.toJSON() as { Resources: Record<string, never> },
      STACK_NAME,
    );
    const { functions, topics } = modelOf(t);
    const boutique = functions.find((f) => f.account === 'Boutique Dakar');
    const thies = functions.find((f) => f.account === 'Thies');
    const tierTopics = topics.filter((topic) => topic.id.includes('EscalationTier'));

    it('one topic per tier, with exactly its people subscribed and no filter policy', () => {
      expect(
        tierTopics.map((topic) => topic.id.replace(/.*EscalationTier|[0-9A-F]{8}$/g, '')),
      ).toEqual(['itoncall', 'direction']);
      const subscriptionsOf = (arn: string) =>
        t
          .idsOf('AWS::SNS::Subscription')
          .filter((id) => t.prop(id, 'TopicArn') === arn)
          .map((id) => ({
            protocol: t.prop(id, 'Protocol'),
            endpoint: t.prop(id, 'Endpoint'),
            filter: t.prop(id, 'FilterPolicy'),
          }));
      expect(subscriptionsOf(tierTopics[0]?.arn ?? '')).toEqual([
        { protocol: 'email', endpoint: 'it@example.sn', filter: null },
        { protocol: 'sms', endpoint: '+221770000001', filter: null },
      ]);
      expect(subscriptionsOf(tierTopics[1]?.arn ?? '')).toEqual([
        { protocol: 'email', endpoint: 'daf@example.sn', filter: null },
      ]);
      for (const topic of tierTopics) expect(topic.key, encryption).toBeDefined();
    });

    it("the account's function carries its tiers as the function reads them; the other account's carries none", () => {
      const parsed = escalationVariable.parse(boutique?.env.ESCALATION);
      expect(parsed).toEqual({
        levels: ['LOW', 'CRITICAL', 'FAILING'],
        tiers: [
          { name: 'it-oncall', afterMinutes: 15, topicArn: tierTopics[0]?.arn },
          {
            name: 'direction',
            afterMinutes: 30,
            topicArn: tierTopics[1]?.arn,
            quiet: { hours: '22:00-07:00', allow: ['CRITICAL'] },
          },
        ],
      });
      expect(thies?.env.ESCALATION).toBeUndefined();
    });

    it("escalation deliveries publish to the account's tier topics over TLS only (using their key); not another account's function, nor another AWS account", async () => {
      if (boutique === undefined || thies === undefined)
        throw new Error('two check functions expected');
      expect(tierTopics).toHaveLength(2);
      await expectDecisions(
        tierTopics.flatMap((topic) => {
          const publish = (
            principal: string,
            identity: typeof boutique.identity,
            context: Record<string, string>,
          ) => ({
            principal,
            action: 'sns:Publish',
            resource: topic.arn,
            identityPolicies: identity,
            resourcePolicy: topic.policy,
            context,
          });
          return [
            {
              label: `Boutique Dakar publishes to ${topic.id}`,
              expected: 'Allowed' as const,
              request: publish(boutique.roleArn, boutique.identity, TLS),
            },
            {
              label: `Boutique Dakar publishes to ${topic.id} without TLS`,
              expected: 'ExplicitlyDenied' as const,
              request: publish(boutique.roleArn, boutique.identity, NO_TLS),
            },
            {
              label: `Thies publishes to ${topic.id}`,
              expected: 'ImplicitlyDenied' as const,
              request: publish(thies.roleArn, thies.identity, TLS),
            },
            {
              label: `another AWS account publishes to ${topic.id}`,
              expected: 'ImplicitlyDenied' as const,
              request: publish(
                `arn:aws:iam::${OTHER_ACCOUNT}:role/intruder`,
                [
                  {
                    Version: '2012-10-17',
                    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
                  },
                ],
                TLS,
              ),
            },
            ...(topic.key === undefined
              ? []
              : [
                  {
                    label: `Boutique Dakar kms:GenerateDataKey on ${topic.id}'s key, through SNS`,
                    expected: 'Allowed' as const,
                    request: {
                      principal: boutique.roleArn,
                      action: 'kms:GenerateDataKey',
                      resource: topic.key.arn,
                      identityPolicies: boutique.identity,
                      resourcePolicy: topic.key.policy,
                      context: { 'kms:ViaService': `sns.${REGION}.amazonaws.com` },
                    },
                  },
                ]),
          ];
        }),
      );
      expect(boutique.roleArn).toContain(ACCOUNT);
    });

    it("the subscription health watches each tier topic, with the tier's people, as the escalation of its account and tier", () => {
      const watched = stack.subscriptionHealth.topics
        .filter((w) => w.audience === 'escalation')
        .map((w) => ({ ...w, topicArn: t.resolve(stack.resolve(w.topicArn) as never) }));
      expect(watched).toEqual([
        {
          topicArn: tierTopics[0]?.arn,
          audience: 'escalation',
          account: 'Boutique Dakar',
          tier: 'it-oncall',
          subscriptions: [
            { protocol: 'email', endpoint: 'it@example.sn' },
            { protocol: 'sms', endpoint: '+221770000001' },
          ],
        },
        {
          topicArn: tierTopics[1]?.arn,
          audience: 'escalation',
          account: 'Boutique Dakar',
          tier: 'direction',
          subscriptions: [{ protocol: 'email', endpoint: 'daf@example.sn' }],
        },
      ]);
    });

    it("the operators' own subscriptions on the alert topics are marked as theirs for the subscription health (their FAILING and STALE)", () => {
      const alerts = stack.subscriptionHealth.topics.filter((w) => w.audience === 'alerts');
      expect(alerts.length).toBeGreaterThan(0);
      for (const topic of alerts) {
        const marked = topic.subscriptions.filter((s) => s.operator === true);
        expect(marked.map((s) => s.endpoint)).toEqual(['ops@example.sn']);
        expect(
          topic.subscriptions.find((s) => s.endpoint === 'finance@example.sn'),
        ).not.toHaveProperty('operator');
      }
    });

    it('each tier topic has its own delivery-failure alarm', () => {
      const failedOn = t
        .idsOf('AWS::CloudWatch::Alarm')
        .filter((id) => t.prop(id, 'MetricName') === 'NumberOfNotificationsFailed')
        .map((id) => JSON.stringify(t.prop(id, 'Dimensions')));
      for (const topic of tierTopics)
        expect(failedOn.filter((d) => d.includes(topic.id))).toHaveLength(1);
    });

    it('the subscription-health job may list, read and subscribe (e-mail or SMS only) on each tier topic, never an HTTP endpoint nor unsubscribe', async () => {
      const id = t
        .idsOf('AWS::Lambda::Function')
        .find((f) => f.startsWith('SubscriptionHealthFunction'));
      if (id === undefined) throw new Error('no subscription-health function');
      const roleId = t.idByArn('AWS::IAM::Role', t.prop(id, 'Role') as string);
      expect(tierTopics).toHaveLength(2);
      const asJob = (topic: (typeof tierTopics)[number], action: string, protocol?: string) => ({
        principal: t.att(roleId, 'Arn'),
        identityPolicies: t.identityPolicies(roleId),
        action,
        resource: topic.arn,
        resourcePolicy: topic.policy,
        context: { ...TLS, ...(protocol === undefined ? {} : { 'sns:Protocol': protocol }) },
      });
      await expectDecisions(
        tierTopics.flatMap((topic) => [
          ...['sns:ListSubscriptionsByTopic', 'sns:GetSubscriptionAttributes'].map((action) => ({
            label: `${action} on ${topic.id}`,
            expected: 'Allowed' as const,
            request: asJob(topic, action),
          })),
          ...['email', 'sms'].map((protocol) => ({
            label: `sns:Subscribe ${protocol} on ${topic.id}`,
            expected: 'Allowed' as const,
            request: asJob(topic, 'sns:Subscribe', protocol),
          })),
          {
            label: `sns:Subscribe http on ${topic.id}`,
            expected: 'ImplicitlyDenied' as const,
            request: asJob(topic, 'sns:Subscribe', 'http'),
          },
          {
            label: `sns:Unsubscribe on ${topic.id}`,
            expected: 'ImplicitlyDenied' as const,
            request: asJob(topic, 'sns:Unsubscribe'),
          },
        ]),
      );
    });
  },
);

it("a tier's SMS numbers alone make the SMS spend alarm", () => {
  const noListSms: Omit<typeof SIMULATED_CONFIG, 'smsNumbers'> & { smsNumbers?: string[] } = {
    ...SIMULATED_CONFIG,
  };
  delete noListSms.smsNumbers;
  // One synth: the stack's tests hold that no SMS anywhere makes no such alarm.
  const alarms = synthesize({
    ...noListSms,
    accounts: [
      {
        ...SIMULATED_CONFIG.accounts[0],
        escalation: {
          tiers: [{ name: 'it', afterMinutes: 15, smsNumbers: ['+221770000001'] }],
        },
      },
    ],
  }).template.findResources('AWS::CloudWatch::Alarm', {
    Properties: { MetricName: 'SMSMonthToDateSpentUSD' },
  });
  expect(Object.keys(alarms)).toHaveLength(1);
});

describe('the escalation deploy config', () => {
  const withEscalation = (escalation: unknown) => ({
    ...SIMULATED_CONFIG,
    accounts: [{ ...SIMULATED_CONFIG.accounts[0], escalation }],
  });

  it.each([
    [
      { tiers: [{ name: 'it', afterMinutes: 15 }] },
      'accounts.0.escalation.tiers.0: must list at least one address in emails or one number in smsNumbers',
    ],
    [
      {
        tiers: [
          { name: 'it', afterMinutes: 15, emails: ['a@b.sn'] },
          { name: 'it', afterMinutes: 5, emails: ['c@b.sn'] },
        ],
      },
      'accounts.0.escalation.tiers.1.name: tier it is listed twice',
    ],
    [
      { tiers: [{ name: 'it', afterMinutes: 0, emails: ['a@b.sn'] }] },
      'accounts.0.escalation.tiers.0.afterMinutes: must be at least 1 minute',
    ],
    [
      { levels: ['STALE'], tiers: [{ name: 'it', afterMinutes: 5, emails: ['a@b.sn'] }] },
      'accounts.0.escalation.levels.0: must list levels among LOW, CRITICAL, FAILING',
    ],
  ])('refuses %j, naming the field', (escalation, problem) => {
    expect(() => parseDeployConfig(withEscalation(escalation))).toThrow(problem);
  });
});
