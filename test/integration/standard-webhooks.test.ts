import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelSecret } from '../../lambda/channels/channel-secret';
import { createWebhookChannel } from '../../lambda/channels/webhook';
import { signingKeysOf, whsecSpellingOf } from '../../lambda/channels/webhook-signing';
import { EVERYTHING } from '../../lambda/contract/routing';
import { DeliveryError } from '../../lambda/delivery/channel-port';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import {
  startWebhookReceiver,
  verifySignature,
  verifyStandard,
  type WebhookReceiver,
} from '../../tools/webhook-receiver';
import { sampleEvents } from '../support/sample-events';

/**
 * The webhook channel against a receiver built on the `standardwebhooks` npm package, over real
 * HTTP on this machine: what the receiver got is verified by the library's own Webhook.verify,
 * and what the library refuses (another key, a changed body, an old timestamp) is refused.
 */

const NEW_KEY = 'whsec_' + Buffer.from('the new key of webhook erp, 32 b').toString('base64');
const OLD_KEY = 'whsec_' + Buffer.from('the old key of webhook erp, 32 b').toString('base64');
const OTHER_KEY = 'whsec_' + Buffer.from('somebody else entirely, 32 bytes').toString('base64');
/** A secret as the stack generated them before the standard: 48 letters and digits. */
const LEGACY = 'Zq3WnV8kP2xT7rYb4LmH9sJd6FgC1aEu5NoKt0QiRwXyBvMp';

function entryOf(account: string): OutboxEntry {
  const [low] = sampleEvents(account).filter((e) => e.severity === 'LOW');
  if (low === undefined) throw new Error('no LOW among the sample events');
  return { id: `${account}/${low.at}/0/LOW`, event: low, createdAt: low.at, deliveries: {} };
}
const entry = entryOf('Boutique Dakar');

const secretOf = (value: string): ChannelSecret => ({
  read: () => Promise.resolve(value),
  known: () => value,
});

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function deliverTo(
  receiverSecret: string,
  channelSecret: string,
  options: { readonly now?: () => number; readonly entry?: OutboxEntry } = {},
) {
  receiver = await startWebhookReceiver({ secret: receiverSecret });
  const channel = createWebhookChannel({
    name: 'webhook:erp',
    url: receiver.url,
    route: EVERYTHING,
    secret: secretOf(channelSecret),
    locale: 'fr',
    render: { timeZone: 'Africa/Dakar' },
    timeoutMs: 1000,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { channel, received: receiver.received, receiver };
}

const headersOf = (r: { headers: Readonly<Record<string, string | string[] | undefined>> }) =>
  Object.fromEntries(
    Object.entries(r.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
  );

describe('webhooks as Standard Webhooks sign them', () => {
  it("a whsec_ secret: the library's Webhook.verify accepts what arrived, webhook-id is the alert's id, and the old headers are gone", async () => {
    const { channel, received } = await deliverTo(NEW_KEY, NEW_KEY);
    await channel.deliver(entry);
    expect(received).toHaveLength(1);
    const [request] = received;
    if (request === undefined) throw new Error('nothing arrived');
    expect(request.problems).toEqual([]);
    // The library itself, on the raw body and the headers as they arrived.
    const verified = new Webhook(NEW_KEY).verify(request.raw, headersOf(request));
    expect(verified).toEqual(request.body);
    expect(request.headers['webhook-id']).toBe(entry.id);
    expect(request.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    for (const old of ['x-signature', 'x-timestamp', 'idempotency-key'])
      expect(request.headers[old]).toBeUndefined();
  });

  it('during a rotation two keys sign: a receiver holding either verifies, one holding another key does not', async () => {
    const { channel, received } = await deliverTo(OLD_KEY, `${NEW_KEY} ${OLD_KEY}`);
    await channel.deliver(entry);
    const [request] = received;
    if (request === undefined) throw new Error('nothing arrived');
    // The receiver, still on the old key, took it.
    expect(request.problems).toEqual([]);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(NEW_KEY).verify(request.raw, headersOf(request))).toEqual(request.body);
    expect(new Webhook(OLD_KEY).verify(request.raw, headersOf(request))).toEqual(request.body);
    expect(() => new Webhook(OTHER_KEY).verify(request.raw, headersOf(request))).toThrow(
      'No matching signature found',
    );
  });

  it('a receiver given the whole rotation value ("whsec_NEW whsec_OLD") verifies with either key, and refuses a third', async () => {
    const { channel, received } = await deliverTo(`${NEW_KEY} ${OLD_KEY}`, OLD_KEY);
    await channel.deliver(entry);
    expect(received[0]?.problems).toEqual([]);
    await receiver?.close();
    const other = await deliverTo(`${NEW_KEY} ${OLD_KEY}`, OTHER_KEY);
    await other.channel.deliver(entry).catch(() => undefined);
    expect(other.received[0]?.problems).toEqual(['webhook-signature: No matching signature found']);
  });

  it("the receiver reads its secret by the monitor's own rule (signingKeysOf): three keys are refused as the monitor refuses them, not tried one by one", async () => {
    const { channel, received } = await deliverTo(`${NEW_KEY} ${OLD_KEY} ${OTHER_KEY}`, NEW_KEY);
    await channel.deliver(entry).catch(() => undefined);
    const refused = signingKeysOf(`${NEW_KEY} ${OLD_KEY} ${OTHER_KEY}`);
    if (!('problem' in refused)) throw new Error('the monitor took three keys');
    expect(received[0]?.problems).toEqual([`the receiver's signing secret ${refused.problem}`]);
    expect(refused.problem).toMatch(/^holds 3 keys; at most 2/);
    // Its verifier alone says the same, whatever the request.
    expect(verifyStandard(`${NEW_KEY} ${OLD_KEY} ${OTHER_KEY}`, '{}', {})).toEqual([
      `the receiver's signing secret ${refused.problem}`,
    ]);
  });

  it('a retry (the same alert, a later check) keeps the webhook-id, with its own timestamp, and verifies', async () => {
    let clock = Date.now() - 120_000;
    const {
      channel,
      received,
      receiver: r,
    } = await deliverTo(NEW_KEY, NEW_KEY, {
      now: () => clock,
    });
    // The first attempt is answered 401 (the receiver's key not set yet): retried later.
    r.answer({ status: 401 });
    await expect(channel.deliver(entry)).rejects.toMatchObject({ permanent: false });
    clock += 120_000;
    await channel.deliver(entry);
    expect(received.map((q) => q.problems)).toEqual([[], []]);
    expect(received.map((q) => q.headers['webhook-id'])).toEqual([entry.id, entry.id]);
    const [first, second] = received.map((q) => Number(q.headers['webhook-timestamp']));
    expect((second ?? 0) - (first ?? 0)).toBe(120);
  });

  it('a changed body is refused by the library', async () => {
    const { channel, received } = await deliverTo(NEW_KEY, NEW_KEY);
    await channel.deliver(entry);
    const [request] = received;
    if (request === undefined) throw new Error('nothing arrived');
    const tampered = request.raw.replace('"severity":"LOW"', '"severity":"CRITICAL"');
    expect(tampered).not.toBe(request.raw);
    expect(() => new Webhook(NEW_KEY).verify(tampered, headersOf(request))).toThrow(
      WebhookVerificationError,
    );
  });

  it('a request signed 6 minutes ago is refused by the library: the receiver answers 401, the channel retries later', async () => {
    const { channel, received } = await deliverTo(NEW_KEY, NEW_KEY, {
      now: () => Date.now() - 6 * 60_000,
    });
    const failure = await channel.deliver(entry).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ permanent: false });
    expect((failure as Error).message).toMatch(/^the webhook answered 401/);
    expect(received.map((q) => q.problems)).toEqual([
      ['webhook-signature: Message timestamp too old'],
    ]);
  });

  it('a secret from before the standard keeps working: the old headers as before, and the standard ones verify with its whsec_ spelling', async () => {
    const { channel, received } = await deliverTo(LEGACY, LEGACY);
    await channel.deliver(entry);
    const [request] = received;
    if (request === undefined) throw new Error('nothing arrived');
    expect(request.problems).toEqual([]);
    const header = (name: string) => String(request.headers[name]);
    // A receiver not yet moved: its verifier of X-Signature, unchanged.
    expect(
      verifySignature(LEGACY, request.raw, header('x-timestamp'), header('x-signature')),
    ).toEqual([]);
    expect(header('idempotency-key')).toBe(entry.id);
    // A receiver moved to the library: the whsec_ spelling (the stack's output prints it), or
    // the secret's own bytes in the library's raw format.
    const spelling = whsecSpellingOf(LEGACY);
    expect(spelling).toBe(`whsec_${Buffer.from(LEGACY).toString('base64')}`);
    expect(new Webhook(spelling).verify(request.raw, headersOf(request))).toEqual(request.body);
    expect(new Webhook(LEGACY, { format: 'raw' }).verify(request.raw, headersOf(request))).toEqual(
      request.body,
    );
  });

  it('an account named outside Latin-1 is delivered: its webhook-id is percent-encoded, and verifies', async () => {
    const account = 'Тамба دكار';
    const named = entryOf(account);
    const { channel, received } = await deliverTo(NEW_KEY, NEW_KEY);
    await channel.deliver(named);
    const [request] = received;
    if (request === undefined) throw new Error('nothing arrived');
    expect(request.problems).toEqual([]);
    const id = String(request.headers['webhook-id']);
    expect(id).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeURIComponent(id)).toBe(named.id);
    expect(new Webhook(NEW_KEY).verify(request.raw, headersOf(request))).toMatchObject({
      id: named.id,
      account,
    });
  });

  it('a secret that is not a whsec_ key the library takes fails the delivery, retried, naming what to fix and never the value', async () => {
    const short = 'whsec_c2hvcnQ=';
    const { channel, received } = await deliverTo(NEW_KEY, short);
    const failure = await channel.deliver(entry).catch((e: unknown) => e);
    expect(failure).toMatchObject({ permanent: false });
    expect((failure as Error).message).toBe(
      'the signing secret of webhook:erp has a key of 5 bytes (its key); at least 16, such as whsec_ and the output of openssl rand -base64 32; put it again with aws secretsmanager put-secret-value',
    );
    expect((failure as Error).message).not.toContain('c2hvcnQ');
    expect(received).toEqual([]);
  });
});
