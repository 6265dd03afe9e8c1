import { STACK_NAME } from '../../infra/monitor-app';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { describe, expect, inject, it } from 'vitest';
import { createSnsChannel } from '../../lambda/channels/sns';
import { createSmsChannel } from '../../lambda/channels/sms';
import type { AlertEvent } from '../../lambda/alerting/types';
import { channelListSchema } from '../../lambda/contract/channels';
import { DeployedTemplate } from '../support/deployed-template';
import { clients, subscribeQueue, uniqueName } from '../support/aws';
import { sampleEvents } from '../support/sample-events';
import { synthesize } from '../support/synth';

/**
 * Routing per recipient (issue 13) on real deliveries: the alert topic and the e-mail and SMS
 * subscriptions of the synthesized template are made in moto (each endpoint an SQS queue, with
 * the template's filter policy), the function's channels publish a LOW and a CRITICAL, and each
 * queue is read. A CRITICAL-only recipient gets the CRITICAL and not the LOW; the other, both.
 */

const motoUrl = inject('motoUrl');
const criticalOnly = { minLevel: 'CRITICAL', also: [] };

/** The single balance check's alert topic and channels, its subscriptions made in moto. */
async function deployInMoto(config: Record<string, unknown>) {
  const { template } = synthesize(config);
  const t = new DeployedTemplate(
    template.toJSON() as { Resources: Record<string, never> },
    STACK_NAME,
  );
  const { sns, sqs } = clients(motoUrl ?? '');
  const check =
    t
      .idsOf('AWS::Lambda::Function')
      .find((id) => JSON.stringify(t.prop(id, 'Environment')).includes('ACCOUNT_NAME')) ?? '';
  const env = (t.prop(check, 'Environment') as { Variables: Record<string, string> }).Variables;
  const topicArn =
    (await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }))).TopicArn ?? '';
  const queues = new Map<string, string>();
  for (const id of t.idsOf('AWS::SNS::Subscription')) {
    if (t.prop(id, 'TopicArn') !== env.ALERT_TOPIC_ARN) continue; // the operators' alarm topic
    const queueUrl = await subscribeQueue(motoUrl ?? '', topicArn, t.prop(id, 'FilterPolicy'));
    queues.set(t.prop(id, 'Endpoint') as string, queueUrl);
  }
  const received = async (endpoint: string) => {
    const got: string[] = [];
    for (;;) {
      const batch =
        (
          await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queues.get(endpoint),
              MaxNumberOfMessages: 10,
              VisibilityTimeout: 300,
            }),
          )
        ).Messages ?? [];
      if (batch.length === 0) return got.sort();
      for (const m of batch) {
        const attributes = (
          JSON.parse(m.Body ?? '{}') as { MessageAttributes: Record<string, { Value: string }> }
        ).MessageAttributes;
        // The severity, and the audience for what the function sent apart.
        got.push(
          `${attributes.severity?.Value ?? ''}${attributes.audience === undefined ? '' : ` (${attributes.audience.Value})`}`,
        );
      }
    }
  };
  return {
    sns,
    topicArn,
    endpoints: [...queues.keys()].sort(),
    channels: channelListSchema.parse(JSON.parse(env.CHANNELS ?? '[]')),
    received,
  };
}

/** A LOW and a CRITICAL of account main, as outbox entries. */
const lowAndCritical = sampleEvents('main')
  .filter((e) => e.severity === 'LOW' || e.severity === 'CRITICAL')
  .map((event: AlertEvent, index) => ({
    id: `main/${index}`,
    event,
    createdAt: event.at,
    deliveries: {},
  }));

describe.skipIf(motoUrl === null)("routing per recipient on moto's SNS", () => {
  it(
    'in one group, the CRITICAL-only address gets the CRITICAL and not the LOW; the other gets both',
    async () => {
      expect(lowAndCritical.map((e) => e.event.severity)).toEqual(['LOW', 'CRITICAL']);
      const moto = await deployInMoto({
        accounts: [{ name: 'main', lowBalanceThreshold: 100000 }],
        alertEmails: ['finance@example.sn', { address: 'ceo@example.sn', routing: criticalOnly }],
        smsNumbers: [
          '+221771234567',
          { number: '+221770000000', routing: { minLevel: 'LOW', also: [] } },
        ],
        operatorEmails: ['ops@example.sn'],
      });
      expect(moto.endpoints).toEqual([
        '+221770000000',
        '+221771234567',
        'ceo@example.sn',
        'finance@example.sn',
        // The operator, for FAILING and STALE only (operatorRouting).
        'ops@example.sn',
      ]);
      const channel = createSnsChannel(moto.sns, moto.topicArn, { locale: 'fr' });
      for (const entry of lowAndCritical) await channel.deliver(entry);

      expect(await moto.received('finance@example.sn')).toEqual(['CRITICAL', 'LOW']);
      expect(await moto.received('ceo@example.sn')).toEqual(['CRITICAL']);
      expect(await moto.received('ops@example.sn')).toEqual([]);
      // SMS: the list's route (CRITICAL and FAILING), and a number of its own that takes LOW.
      expect(await moto.received('+221771234567')).toEqual(['CRITICAL']);
      expect(await moto.received('+221770000000')).toEqual(['CRITICAL', 'LOW']);
    },
    // Each test synthesizes the stack (bundling included): 4 to 10 s here, more on a busy CI.
    120_000,
  );

  it(
    'with SMS apart (quiet hours), the CRITICAL-only number gets the CRITICAL and not the LOW; the other gets both',
    async () => {
      const moto = await deployInMoto({
        accounts: [{ name: 'main', lowBalanceThreshold: 100000 }],
        alertEmails: ['finance@example.sn', { address: 'ceo@example.sn', routing: criticalOnly }],
        smsNumbers: ['+221771234567', { number: '+221770000000', routing: criticalOnly }],
        smsRouting: { minLevel: 'LOW', also: [] },
        smsQuietHours: { hours: '22:00-07:00' },
        operatorEmails: ['ops@example.sn'],
      });
      const [sms] = moto.channels;
      if (sms?.kind !== 'sms') throw new Error('no SMS channel');
      // The function sends SMS by its channel's route, as the check does: what it wants, it sends.
      const smsChannel = createSmsChannel({
        name: sms.name,
        client: moto.sns,
        topicArn: moto.topicArn,
        route: sms.route,
        locale: 'fr',
        render: { timeZone: 'Africa/Dakar' },
        sms: {},
      });
      const email = createSnsChannel(moto.sns, moto.topicArn, { locale: 'fr' });
      for (const entry of lowAndCritical) {
        await email.deliver(entry);
        if (smsChannel.wants(entry.event)) await smsChannel.deliver(entry);
      }

      expect(await moto.received('+221771234567')).toEqual(['CRITICAL (sms)', 'LOW (sms)']);
      expect(await moto.received('+221770000000')).toEqual(['CRITICAL (sms)']);
      // E-mail takes none of what was sent apart, each address by its own route.
      expect(await moto.received('finance@example.sn')).toEqual(['CRITICAL', 'LOW']);
      expect(await moto.received('ceo@example.sn')).toEqual(['CRITICAL']);
    },
    // Each test synthesizes the stack (bundling included): 4 to 10 s here, more on a busy CI.
    120_000,
  );
});
