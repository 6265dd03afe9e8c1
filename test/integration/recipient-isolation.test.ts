import { STACK_NAME } from '../../infra/monitor-app';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { describe, expect, inject, it } from 'vitest';
import { createSnsChannel } from '../../lambda/channels/sns';
import { createSmsChannel } from '../../lambda/channels/sms';
import type { AlertEvent } from '../../lambda/alerting/types';
import { DeployedTemplate } from '../support/deployed-template';
import { clients, subscribeQueue, uniqueName } from '../support/aws';
import { sampleEvents } from '../support/sample-events';
import { synthesize } from '../support/synth';

/**
 * Account A's alerts never reach account B's people, on real deliveries: the topics and the
 * e-mail and SMS subscriptions of the synthesized template are made in moto (each endpoint an
 * SQS queue, with the template's filter policy), each account's function publishes through the
 * real SNS channel to the topic its environment names, and each queue is read.
 */

const motoUrl = inject('motoUrl');

const config = {
  accounts: [
    {
      name: 'Boutique Dakar',
      lowBalanceThreshold: 100000,
      recipients: {
        alertEmails: ['dakar@example.sn', 'both@example.sn'],
        smsNumbers: ['+221771234567'],
      },
    },
    {
      name: 'Thies',
      lowBalanceThreshold: 50000,
      recipients: { alertEmails: ['thies@example.sn', 'both@example.sn'] },
    },
    { name: 'Saint-Louis', lowBalanceThreshold: 20000 },
    { name: 'Kaolack', lowBalanceThreshold: 20000 },
  ],
  alertEmails: ['finance@example.sn'],
  operatorEmails: ['ops@example.sn'],
  smsNumbers: ['+221770000000'],
};

describe.skipIf(motoUrl === null)("recipient groups on moto's SNS", () => {
  it(
    'each person gets exactly the alerts of the accounts they were given, filtered by their route',
    async () => {
      const { template } = synthesize(config);
      const t = new DeployedTemplate(
        template.toJSON() as { Resources: Record<string, never> },
        STACK_NAME,
      );
      const { sns, sqs } = clients(motoUrl ?? '');

      // The template's alert topics, made in moto under fresh names.
      const topicFor = new Map<string, string>();
      // The balance checks (not the acknowledge page).
      const checks = t
        .idsOf('AWS::Lambda::Function')
        .filter((id) => JSON.stringify(t.prop(id, 'Environment')).includes('ACCOUNT_NAME'));
      const functions = checks.map((id) => {
        const env = (t.prop(id, 'Environment') as { Variables: Record<string, string> }).Variables;
        return { account: env.ACCOUNT_NAME ?? '', topic: env.ALERT_TOPIC_ARN ?? '' };
      });
      for (const f of functions)
        if (!topicFor.has(f.topic))
          topicFor.set(
            f.topic,
            (await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }))).TopicArn ?? '',
          );

      // Each e-mail and SMS subscription of those topics: a queue, with the template's filter.
      const inboxes = new Map<string, string[]>();
      for (const id of t.idsOf('AWS::SNS::Subscription')) {
        const topic = topicFor.get(t.prop(id, 'TopicArn') as string);
        if (topic === undefined) continue; // the operators' alarm topic
        const endpoint = t.prop(id, 'Endpoint') as string;
        const queueUrl = await subscribeQueue(motoUrl ?? '', topic, t.prop(id, 'FilterPolicy'));
        inboxes.set(endpoint, [...(inboxes.get(endpoint) ?? []), queueUrl]);
      }
      expect([...inboxes.keys()].sort()).toEqual([
        '+221770000000',
        '+221771234567',
        'both@example.sn',
        'dakar@example.sn',
        'finance@example.sn',
        // The operators, on every alert topic for FAILING and STALE only (operatorRouting).
        'ops@example.sn',
        'thies@example.sn',
      ]);

      // Each account's function publishes a LOW and a CRITICAL, through the real SNS channel.
      const events = sampleEvents('x').filter(
        (e) => e.severity === 'LOW' || e.severity === 'CRITICAL',
      );
      for (const f of functions) {
        const channel = createSnsChannel(sns, topicFor.get(f.topic) ?? '', { locale: 'fr' });
        for (const [index, event] of events.entries()) {
          const own: AlertEvent = { ...event, account: f.account };
          await channel.deliver({
            id: `${f.account}/${index}`,
            event: own,
            createdAt: own.at,
            deliveries: {},
          });
        }
      }

      const received = async (endpoint: string) => {
        const got: string[] = [];
        for (const queueUrl of inboxes.get(endpoint) ?? []) {
          for (;;) {
            const batch =
              (
                await sqs.send(
                  new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
                )
              ).Messages ?? [];
            if (batch.length === 0) break;
            for (const m of batch) {
              const body = JSON.parse(m.Body ?? '{}') as {
                MessageAttributes: Record<string, { Value: string }>;
              };
              got.push(
                `${body.MessageAttributes.account?.Value ?? ''} ${body.MessageAttributes.severity?.Value ?? ''}`,
              );
            }
          }
        }
        return got.sort();
      };
      expect(await received('dakar@example.sn')).toEqual([
        'Boutique Dakar CRITICAL',
        'Boutique Dakar LOW',
      ]);
      expect(await received('thies@example.sn')).toEqual(['Thies CRITICAL', 'Thies LOW']);
      // One person in two accounts' lists: both accounts, once each (one subscription per group).
      expect(await received('both@example.sn')).toEqual([
        'Boutique Dakar CRITICAL',
        'Boutique Dakar LOW',
        'Thies CRITICAL',
        'Thies LOW',
      ]);
      // The stack's people: the accounts without their own, and only those.
      expect(await received('finance@example.sn')).toEqual([
        'Kaolack CRITICAL',
        'Kaolack LOW',
        'Saint-Louis CRITICAL',
        'Saint-Louis LOW',
      ]);
      // SMS: CRITICAL only (the default route), each number its own accounts.
      expect(await received('+221771234567')).toEqual(['Boutique Dakar CRITICAL']);
      expect(await received('ops@example.sn')).toEqual([]);
      expect(await received('+221770000000')).toEqual(['Kaolack CRITICAL', 'Saint-Louis CRITICAL']);
    },
    // Each test synthesizes the stack (bundling included): 4 to 10 s here, more on a busy CI.
    120_000,
  );

  it(
    'with SMS quiet hours, SMS are published apart and only SMS subscriptions take them; e-mail takes the rest',
    async () => {
      const { template } = synthesize({
        accounts: [{ name: 'Thies', lowBalanceThreshold: 50000 }],
        alertEmails: ['finance@example.sn'],
        smsNumbers: ['+221771234567'],
        smsRouting: { minLevel: 'LOW', also: [] },
        smsQuietHours: { hours: '22:00-07:00' },
        operatorEmails: ['ops@example.sn'],
      });
      const t = new DeployedTemplate(
        template.toJSON() as { Resources: Record<string, never> },
        STACK_NAME,
      );
      const { sns, sqs } = clients(motoUrl ?? '');
      const topicArn =
        (await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }))).TopicArn ?? '';
      const queues = new Map<string, string>();
      for (const id of t.idsOf('AWS::SNS::Subscription')) {
        const endpoint = t.prop(id, 'Endpoint') as string;
        if (endpoint === 'ops@example.sn') continue;
        const queueUrl =
          (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('inbox') }))).QueueUrl ??
          '';
        const queueArn =
          (
            await sqs.send(
              new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
            )
          ).Attributes?.QueueArn ?? '';
        const filter = t.prop(id, 'FilterPolicy');
        expect(filter, endpoint).not.toBeNull();
        await sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: 'sqs',
            Endpoint: queueArn,
            Attributes: {
              FilterPolicy: JSON.stringify(filter),
              FilterPolicyScope: 'MessageAttributes',
            },
          }),
        );
        queues.set(endpoint, queueUrl);
      }
      const env = (
        t.prop(
          t
            .idsOf('AWS::Lambda::Function')
            .find((id) => JSON.stringify(t.prop(id, 'Environment')).includes('ACCOUNT_NAME')) ?? '',
          'Environment',
        ) as { Variables: Record<string, string> }
      ).Variables;
      expect(JSON.parse(env.CHANNELS ?? '[]')).toEqual([
        expect.objectContaining({
          kind: 'sms',
          quiet: { hours: '22:00-07:00', allow: ['CRITICAL'] },
        }),
      ]);
      const [low] = sampleEvents('Thies').filter((e) => e.severity === 'LOW');
      if (low === undefined) throw new Error('no LOW');
      const entry = { id: 'Thies/1', event: low, createdAt: low.at, deliveries: {} };
      await createSnsChannel(sns, topicArn, { locale: 'fr' }).deliver(entry);
      await createSmsChannel({
        name: 'sms',
        client: sns,
        topicArn,
        route: { minLevel: 'LOW', also: [] },
        locale: 'fr',
        render: { timeZone: 'Africa/Dakar' },
        sms: {},
      }).deliver(entry);
      const read = async (endpoint: string) => {
        const batch =
          (
            await sqs.send(
              new ReceiveMessageCommand({
                QueueUrl: queues.get(endpoint),
                MaxNumberOfMessages: 10,
              }),
            )
          ).Messages ?? [];
        return batch.map(
          (m) =>
            (JSON.parse(m.Body ?? '{}') as { MessageAttributes: Record<string, { Value: string }> })
              .MessageAttributes.audience?.Value ?? 'all',
        );
      };
      expect(await read('finance@example.sn')).toEqual(['all']);
      expect(await read('+221771234567')).toEqual(['sms']);
    },
    // Each test synthesizes the stack (bundling included): 4 to 10 s here, more on a busy CI.
    120_000,
  );
});
