import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lambda/alerting/types';
import { createDeliverers } from '../../lambda/channels/deliverers';
import { lazyChannels } from '../../lambda/channels/lazy';
import { channelRoutes } from '../../lambda/channels/routes';
import { channelListSchema } from '../../lambda/contract/channels';
import { tierSchema } from '../../lambda/contract/escalation';
import type { Notifier } from '../../lambda/delivery/channel-port';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { sampleEvents } from '../support/sample-events';

/**
 * The check plans with each channel's route (channels/routes.ts) and loads the channels
 * themselves only to deliver (channels/lazy.ts): the routes must say what the channels say, or
 * a check would enqueue for a channel what it does not want, or hold what it would not hold.
 */

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:chat';
const TIER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:oncall';
const QUIET = { hours: '22:00-07:00', allow: ['CRITICAL', 'FAILING'] };
const PHONE = `phone-number-id-${'0'.repeat(32)}`;

// Every kind, with and without quiet hours, and routes of every width.
const specs = channelListSchema.parse([
  { kind: 'sms', name: 'night-sms', topicArn: TOPIC, route: { minLevel: 'LOW' }, quiet: QUIET },
  { kind: 'chat', name: 'ops', topicArn: TOPIC, route: { minLevel: 'CRITICAL', also: [] } },
  { kind: 'telegram', name: 'finance', chatId: '-1001234567890', route: {}, quiet: QUIET },
  {
    kind: 'webhook',
    name: 'erp',
    url: 'https://hooks.example.sn/dexchange',
    secretId: 'webhook-secret',
    route: { minLevel: 'LOW', also: ['FAILING', 'STALE', 'FORECAST', 'DIGEST'] },
  },
  { kind: 'whatsapp', name: 'boss', phoneNumberId: PHONE, to: '+221771234567', route: {} },
]);
const tiers = [
  tierSchema.parse({ name: 'it-oncall', afterMinutes: 30, topicArn: TIER_TOPIC, quiet: QUIET }),
  tierSchema.parse({ name: 'director', afterMinutes: 60, topicArn: TIER_TOPIC }),
];
const timeZone = 'Africa/Dakar';
const events: AlertEvent[] = sampleEvents('Boutique Dakar');

const client = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const real = createDeliverers({
  secrets: new SecretsManagerClient(client),
  topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  locale: 'fr',
  render: { timeZone },
  topicRender: { timeZone },
  smsSenderId: undefined,
  channels: specs,
  tiers,
  timeoutMs: 5000,
  secretCacheSeconds: 300,
  telegram: { apiUrl: 'https://api.telegram.org', tokenSecretId: 'telegram-token' },
  operatorTopicArn: undefined,
}).channels;
const routes = channelRoutes({ specs, tiers, timeZone });

/** What the outbox reads of a channel: everything but `deliver`, and which events it wants. */
const asPlanned = (channel: Omit<Notifier, 'deliver'>) => ({
  name: channel.name,
  routed: channel.routed === true,
  quiet: channel.quiet,
  wants: events.map((e) => `${e.severity}:${channel.wants(e)}`),
});

describe('the channels routes the check plans with', () => {
  it('say for every channel what the channel itself says, in the same order', () => {
    expect(real.map((c) => c.name)).toEqual([
      'sns',
      'sms:night-sms',
      'chat:ops',
      'telegram:finance',
      'webhook:erp',
      'whatsapp:boss',
      'tier:it-oncall',
      'tier:director',
    ]);
    expect(routes.map(asPlanned)).toEqual(real.map(asPlanned));
    // Not vacuous: the channels differ in what they want, hold and route.
    expect(new Set(real.map((c) => JSON.stringify(asPlanned(c).wants))).size).toBeGreaterThan(3);
    expect(routes.filter((r) => r.quiet !== undefined).map((r) => r.name)).toEqual([
      'sms:night-sms',
      'telegram:finance',
      'tier:it-oncall',
    ]);
  });
});

describe('lazyChannels', () => {
  const entry = { id: 'e1' } as unknown as OutboxEntry;

  it('builds the channels at the first delivery only, once, and delivers to the one named', async () => {
    let loads = 0;
    const delivered: string[] = [];
    const channels = lazyChannels(routes, () => {
      loads += 1;
      return routes.map((r) => ({
        ...r,
        deliver: (e: OutboxEntry) => {
          delivered.push(`${r.name}:${e.id}`);
          return Promise.resolve();
        },
      }));
    });
    expect(channels.map(asPlanned)).toEqual(routes.map(asPlanned));
    expect(loads).toBe(0);
    await Promise.all([channels[3]?.deliver(entry), channels[6]?.deliver(entry)]);
    await channels[0]?.deliver(entry);
    expect(loads).toBe(1);
    expect(delivered.sort()).toEqual(['sns:e1', 'telegram:finance:e1', 'tier:it-oncall:e1']);
  });

  it("passes the channel's own error on, so the outbox judges it as before", async () => {
    const refused = new Error('refused');
    const [sns] = routes;
    if (sns === undefined) throw new Error('no route');
    const [channel] = lazyChannels([sns], () => [
      { ...sns, deliver: () => Promise.reject(refused) },
    ]);
    await expect(channel?.deliver(entry)).rejects.toBe(refused);
  });

  it('a load that failed (its outbox entry retried) is loaded again at the next delivery, not kept failed', async () => {
    const [sns] = routes;
    if (sns === undefined) throw new Error('no route');
    let loads = 0;
    const [channel] = lazyChannels([sns], () => {
      loads += 1;
      return loads === 1
        ? Promise.reject(new Error('the SDK failed to load'))
        : [{ ...sns, deliver: () => Promise.resolve() }];
    });
    await expect(channel?.deliver(entry)).rejects.toThrow('the SDK failed to load');
    await expect(channel?.deliver(entry)).resolves.toBeUndefined();
    expect(loads).toBe(2);
  });
});
