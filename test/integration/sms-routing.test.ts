import {
  SetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
} from '@aws-sdk/client-sns';
import { describe, expect, inject, it } from 'vitest';
import { buildPublishInput } from '../../lambda/channels/sns';
import { attributesOf, type AlertAttributes, type AlertEvent } from '../../lambda/alerting/types';
import { clients, createTopicWithQueue } from '../support/aws';
import { synthesize } from '../support/synth';
import { PublishCommand } from '@aws-sdk/client-sns';

/**
 * The SMS subscription's filter policy, taken from the synthesized template, applied by moto's
 * SNS to a subscription and fed every kind of alert: only the chosen level and above (with
 * their reminders and the RECOVERED of an episode that reached it) and the chosen others pass.
 */

const motoUrl = inject('motoUrl');

function smsFilterPolicy(config: Record<string, unknown>): unknown {
  const { template } = synthesize(config);
  const subscriptions = template.findResources('AWS::SNS::Subscription', {
    Properties: { Protocol: 'sms' },
  });
  const [subscription] = Object.values(subscriptions) as {
    Properties: { FilterPolicy: unknown };
  }[];
  return subscription?.Properties.FilterPolicy;
}

/** Every kind of alert, as the function labels it (RECOVERED by the worst level of its episode). */
const everyAlert = [
  { severity: 'LOW' },
  { severity: 'CRITICAL' },
  { severity: 'REMINDER', remindsOf: 'LOW' },
  { severity: 'REMINDER', remindsOf: 'CRITICAL' },
  { severity: 'REMINDER', remindsOf: 'FAILING' },
  { severity: 'RECOVERED', peak: 'LOW' },
  { severity: 'RECOVERED', peak: 'CRITICAL' },
  { severity: 'FORECAST' },
  { severity: 'FAILING' },
  { severity: 'FAILING_RESOLVED' },
  { severity: 'STALE' },
  { severity: 'STALE_RESOLVED' },
  { severity: 'TEST' },
].map((fields) => attributesOf({ account: 'main', ...fields } as AlertEvent));

const label = (a: Partial<Record<keyof AlertAttributes, string>>) =>
  a.severity === 'REMINDER'
    ? `REMINDER:${a.remindsOf}`
    : a.severity === 'RECOVERED'
      ? `RECOVERED@${a.level}`
      : a.severity;

describe.skipIf(motoUrl === null)('SMS routing by level', () => {
  it.each([
    [
      {},
      [
        'CRITICAL',
        'REMINDER:CRITICAL',
        'RECOVERED@CRITICAL',
        'FAILING',
        'REMINDER:FAILING',
        'FAILING_RESOLVED',
      ],
    ],
    [
      { smsRouting: { minLevel: 'LOW', also: [] } },
      [
        'LOW',
        'CRITICAL',
        'REMINDER:LOW',
        'REMINDER:CRITICAL',
        'RECOVERED@LOW',
        'RECOVERED@CRITICAL',
      ],
    ],
    [
      { smsRouting: { minLevel: 'NONE', also: ['FORECAST', 'STALE', 'TEST'] } },
      ['FORECAST', 'STALE', 'STALE_RESOLVED', 'TEST'],
    ],
  ])(
    'with %j, SMS receives %j',
    async (override, expected) => {
      const endpoint = motoUrl ?? '';
      const policy = smsFilterPolicy({
        accounts: [{ name: 'main', lowBalanceThreshold: 100 }],
        smsNumbers: ['+221771234567'],
        operatorEmails: ['ops@example.sn'],
        ...override,
      });
      const { sns } = clients(endpoint);
      const { topicArn, delivered } = await createTopicWithQueue(endpoint);
      const [subscription] =
        (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn })))
          .Subscriptions ?? [];
      await sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: subscription?.SubscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: JSON.stringify(policy),
        }),
      );
      const alert = { subject: 's', email: 'e', sms: 's', default: 'd' };
      for (const attributes of everyAlert)
        await sns.send(new PublishCommand(buildPublishInput(topicArn, alert, attributes)));
      const received = (await delivered()).map((d) => label(d.attributes));
      expect(received.sort()).toEqual([...expected].sort());
    },
    // Each case synthesizes the stack (bundling included): seconds here, more on a busy CI.
    120_000,
  );
});
