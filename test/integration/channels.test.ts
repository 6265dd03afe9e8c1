import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createChannelSecret } from '../../lambda/channels/channel-secret';
import { createChatChannel } from '../../lambda/channels/chat';
import { DeliveryError } from '../../lambda/delivery/channel-port';
import { createTelegramChannel } from '../../lambda/channels/telegram';
import { createWebhookChannel } from '../../lambda/channels/webhook';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { EVERYTHING } from '../../lambda/contract/routing';
import { renderAlert, renderTitle } from '../../lambda/messages/render';
import { clients, createSecret } from '../support/aws';
import {
  createChannelsFixture,
  TELEGRAM_CHAT,
  type ChannelsFixture,
} from '../support/channels-fixture';
import { sampleEvents } from '../support/sample-events';

/**
 * Each channel against a real server: the webhook receiver (signature, timestamp, idempotency
 * key, JSON Schema), the fake Telegram Bot API (sendMessage's request and error shapes), and
 * moto's SNS for the chat topic. What each does when its server fails, and that no secret
 * reaches an error.
 */

const motoUrl = inject('motoUrl');
const render = { timeZone: 'Africa/Dakar' };
const [low] = sampleEvents('Boutique Dakar').filter((e) => e.severity === 'LOW');
if (low === undefined) throw new Error('no LOW among the sample events');
const entry: OutboxEntry = {
  id: `Boutique Dakar/${low.at}/0/LOW`,
  event: low,
  createdAt: low.at,
  deliveries: {},
};

let fixture: ChannelsFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function setUp(options: Parameters<typeof createChannelsFixture>[1] = {}) {
  fixture = await createChannelsFixture(motoUrl ?? '', options);
  const secrets = clients(motoUrl ?? '').secrets;
  const channels = JSON.parse(fixture.env.CHANNELS ?? '[]') as {
    kind: string;
    secretId?: string;
  }[];
  const signingId = channels.find((c) => c.kind === 'webhook')?.secretId ?? '';
  const webhook = (timeoutMs = 1000) =>
    createWebhookChannel({
      name: 'webhook:erp',
      url: fixture?.webhook.url ?? '',
      route: EVERYTHING,
      secret: createChannelSecret({
        client: secrets,
        secretId: signingId,
        purpose: 'the signing secret of webhook erp',
        maxAgeSeconds: 0,
      }),
      locale: 'fr',
      render,
      timeoutMs,
    });
  const telegram = (chatId = TELEGRAM_CHAT) =>
    createTelegramChannel({
      name: 'telegram:finance',
      chatId,
      route: EVERYTHING,
      token: createChannelSecret({
        client: secrets,
        secretId: fixture?.env.TELEGRAM_BOT_TOKEN_SECRET_ID ?? '',
        purpose: 'the Telegram bot token',
        maxAgeSeconds: 0,
      }),
      apiUrl: fixture?.env.TELEGRAM_API_URL ?? '',
      locale: 'fr',
      render,
      timeoutMs: 1000,
    });
  return { fixture, webhook, telegram };
}

const failure = async (promise: Promise<void>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('the delivery did not fail');
};

describe.skipIf(motoUrl === null)('webhooks', () => {
  it('deliver a body the receiver verifies: signature, recent timestamp, idempotency key, schema', async () => {
    const { fixture: f, webhook } = await setUp();
    await webhook().deliver(entry);
    expect(f.webhook.received).toHaveLength(1);
    const [received] = f.webhook.received;
    expect(received?.problems).toEqual([]);
    expect(received?.headers['webhook-id']).toBe(entry.id);
    expect(received?.body).toMatchObject({
      id: entry.id,
      severity: 'LOW',
      level: 'LOW',
      text: { locale: 'fr' },
    });
  });

  it('a 500 is tried again within the delivery; the second attempt goes through', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 500 });
    await webhook().deliver(entry);
    expect(f.webhook.received.map((r) => r.problems)).toEqual([[], []]);
  });

  it('three 503s: a failure that waits (not permanent), naming the status', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 503 }, { status: 503 }, { status: 503 });
    const error = await failure(webhook().deliver(entry));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/^the webhook answered 503/);
  });

  it('a receiver that never answers: each attempt cut at the timeout, then a failure that waits', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer('hang', 'hang', 'hang');
    const error = await failure(webhook(300).deliver(entry));
    expect(error.permanent).toBe(false);
    expect(error.message).toBe('the webhook did not answer within 300 ms');
  });

  it('a 300 MB answer is not read: at most a few MB go over the wire before the request ends', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 200, bodyBytes: 300 * 1024 * 1024 });
    await webhook().deliver(entry);
    expect(f.webhook.bytesSent()).toBeLessThan(8 * 1024 * 1024);
  });

  it('a 410 is refused for good: permanent, so the outbox parks it with its error', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 410 });
    const error = await failure(webhook().deliver(entry));
    expect(error.permanent).toBe(true);
    expect(f.webhook.received).toHaveLength(1);
  });

  it('an empty signing secret fails this channel with what to do, and sends nothing unsigned', async () => {
    const { fixture: f } = await setUp();
    const emptyId = await createSecret(motoUrl ?? '', ' ');
    const channel = createWebhookChannel({
      name: 'webhook:erp',
      url: f.webhook.url,
      route: EVERYTHING,
      secret: createChannelSecret({
        client: clients(motoUrl ?? '').secrets,
        secretId: emptyId,
        purpose: 'the signing secret of webhook erp',
        maxAgeSeconds: 0,
      }),
      locale: 'en',
      render,
      timeoutMs: 1000,
    });
    const error = await failure(channel.deliver(entry));
    expect(error.permanent).toBe(false);
    expect(error.message).toContain(
      `the signing secret of webhook erp (secret ${emptyId}) is empty`,
    );
    expect(f.webhook.received).toHaveLength(0);
  });
});

describe.skipIf(motoUrl === null)('Telegram', () => {
  it('sends the alert to the chat as the recipient reads it', async () => {
    const { fixture: f, telegram } = await setUp();
    await telegram().deliver(entry);
    expect(f.telegram.messages).toHaveLength(1);
    const [message] = f.telegram.messages;
    const alert = renderAlert(low, 'fr', render);
    expect(message?.chatId).toBe(TELEGRAM_CHAT);
    expect(message?.parseMode).toBe('HTML');
    expect(message?.plain).toBe(`${renderTitle(low, 'fr', render)}\n\n${alert.email}`);
  });

  it('a 429 with retry_after 1 is waited out and sent in the same delivery', async () => {
    const { fixture: f, telegram } = await setUp();
    f.telegram.fail({ status: 429, retryAfter: 1 });
    await telegram().deliver(entry);
    expect(f.telegram.refused.map((r) => r.status)).toEqual([429]);
    expect(f.telegram.messages).toHaveLength(1);
  });

  it('a chat the bot is not in: a failure that waits, saying what to check, without the token', async () => {
    const { fixture: f, telegram } = await setUp();
    const error = await failure(telegram('-1009999999999').deliver(entry));
    expect(error.permanent).toBe(false);
    expect(error.message).toContain('Telegram answered 400: Bad Request: chat not found');
    expect(error.message).toContain('check the chat id');
    expect(error.message).not.toContain(f.secrets.token);
    expect(error.message).not.toContain(f.secrets.token.slice(0, 8));
  });

  it('an empty token secret: the channel says to put it, and calls nothing', async () => {
    const { fixture: f, telegram } = await setUp({ token: '' });
    const error = await failure(telegram().deliver(entry));
    expect(error.message).toMatch(/^the Telegram bot token \(secret .+\) is empty; put it/);
    expect(f.telegram.messages).toHaveLength(0);
    expect(f.telegram.refused).toHaveLength(0);
  });
});

describe.skipIf(motoUrl === null)('chat', () => {
  it('publishes the custom notification to its topic, where the chat integration reads it', async () => {
    const { fixture: f } = await setUp();
    const channel = createChatChannel({
      name: 'chat:ops',
      client: clients(motoUrl ?? '').sns,
      topicArn: f.chat.topicArn,
      route: EVERYTHING,
      locale: 'en',
      render,
    });
    await channel.deliver(entry);
    const [delivered] = await f.chat.delivered();
    const schema = JSON.parse(
      readFileSync(
        new URL('../../schemas/chat-custom-notification.schema.json', import.meta.url),
        'utf8',
      ),
    ) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const notification: unknown = JSON.parse(delivered?.message ?? '{}');
    expect(validate(notification), JSON.stringify(validate.errors)).toBe(true);
    expect(notification).toMatchObject({ version: '1.0', source: 'custom', id: entry.id });
  });
});

describe.skipIf(motoUrl === null)('webhooks: a 409 ("I have this Idempotency-Key already")', () => {
  it('on the first attempt is refused for good: parked, since the receiver cannot hold this alert', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 409 });
    const error = await failure(webhook().deliver(entry));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(
      /^the webhook answered 409 to the first attempt of this alert: .* \(it claims to hold an Idempotency-Key the monitor had not sent it: /,
    );
    expect(f.webhook.received).toHaveLength(1);
  });

  it('after an attempt the outbox counted (a check that failed, or stopped) is delivered', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 409 });
    const retried: OutboxEntry = {
      ...entry,
      deliveries: {
        'webhook:erp': {
          attempts: 1,
          notBefore: low.at,
          firstFailedAt: low.at,
          lastError: 'the webhook did not answer within 2300 ms',
        },
      },
    };
    await webhook().deliver(retried);
    expect(f.webhook.received).toHaveLength(1);
    // Another channel's attempts say nothing about this receiver.
    f.webhook.answer({ status: 409 });
    const elsewhere: OutboxEntry = {
      ...entry,
      deliveries: {
        sns: { attempts: 2, notBefore: low.at },
        'webhook:erp': { attempts: 0, notBefore: low.at },
      },
    };
    expect((await failure(webhook().deliver(elsewhere))).permanent).toBe(true);
  });

  it('after an unanswered attempt of the same delivery is delivered (the receiver took the first)', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer('hang', { status: 409 });
    await webhook(300).deliver(entry);
    expect(f.webhook.received.map((r) => r.headers['webhook-id'])).toEqual([entry.id, entry.id]);
  });

  it('after counted attempts all answered 401, 403 or 404 is refused for good: the receiver took none', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 409 });
    const refusedBefore: OutboxEntry = {
      ...entry,
      deliveries: {
        'webhook:erp': {
          attempts: 2,
          notBefore: low.at,
          firstFailedAt: low.at,
          lastError: "the webhook answered 401 (check the receiver's signing secret and its URL)",
          refusedOnly: true,
        },
      },
    };
    expect((await failure(webhook().deliver(refusedBefore))).permanent).toBe(true);
  });

  it('a 401 says it is a refusal (the receiver holds nothing), unless an earlier try may have reached it', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 401 });
    const refused = await failure(webhook().deliver(entry));
    expect([refused.permanent, refused.refusal]).toEqual([false, true]);
    f.webhook.answer({ status: 503 }, { status: 403 });
    const after503 = await failure(webhook().deliver(entry));
    expect([after503.permanent, after503.refusal]).toEqual([false, false]);
  });

  it('after a 503 of the same delivery is delivered (a receiver may fail after storing)', async () => {
    const { fixture: f, webhook } = await setUp();
    f.webhook.answer({ status: 503 }, { status: 409 });
    await webhook().deliver(entry);
    expect(f.webhook.received).toHaveLength(2);
  });
});
