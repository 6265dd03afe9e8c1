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
    const { template } = synthesize(config(encryption));
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
  },
);

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
