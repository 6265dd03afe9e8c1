import {
  SetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
} from '@aws-sdk/client-sns';
import { describe, expect, inject, it } from 'vitest';
import { buildPublishInput } from '../../lambda/channels/sns';
import type { AlertAttributes, Severity } from '../../lambda/alerting/types';
import { clients, createTopicWithQueue } from '../support/aws';
import { synthesize } from '../support/synth';
import { PublishCommand } from '@aws-sdk/client-sns';

/**
 * The SMS subscription's filter policy, taken from the synthesized template, applied by moto's
 * SNS to a subscription and fed every severity: only the chosen ones and their reminders pass.
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

const everyAttributeSet: AlertAttributes[] = [
  ...(
    ['LOW', 'CRITICAL', 'RECOVERED', 'FAILING', 'FAILING_RESOLVED', 'STALE', 'TEST'] as Severity[]
  ).map((severity) => ({
    severity,
    account: 'main',
  })),
  ...(['LOW', 'CRITICAL', 'FAILING'] as Severity[]).map((remindsOf) => ({
    severity: 'REMINDER' as const,
    account: 'main',
    remindsOf,
  })),
];

describe.skipIf(motoUrl === null)('SMS routing by severity', () => {
  it.each([
    [{}, ['CRITICAL', 'FAILING', 'REMINDER:CRITICAL', 'REMINDER:FAILING']],
    [
      { smsSeverities: ['LOW', 'CRITICAL', 'RECOVERED'] },
      ['LOW', 'CRITICAL', 'RECOVERED', 'REMINDER:LOW', 'REMINDER:CRITICAL'],
    ],
  ])('with %j, SMS receives %j', async (override, expected) => {
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
      (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ??
      [];
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscription?.SubscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    const alert = { subject: 's', email: 'e', sms: 's', default: 'd' };
    for (const attributes of everyAttributeSet)
      await sns.send(new PublishCommand(buildPublishInput(topicArn, alert, attributes)));
    const received = (await delivered()).map((d) =>
      d.attributes.remindsOf === undefined
        ? d.attributes.severity
        : `${d.attributes.severity}:${d.attributes.remindsOf}`,
    );
    expect(received.sort()).toEqual([...expected].sort());
  });
});
