import { captureConsole } from '../support/console-capture';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES } from '../../lambda/ack/button-token';
import { createStateTable } from '../../lambda/stores/dynamodb';
import { startTelegramWebhookServer } from '../../tools/telegram-webhook-server';
import { ACK_ACCOUNT, ACK_KEY, acknowledgeSetUp, closeAckServers } from '../support/ack-fixture';
import { createSecret, createTopicWithQueue, type DeliveredAlert } from '../support/aws';
import { createChannelsFixture, TELEGRAM_CHAT } from '../support/channels-fixture';
import { MOTO_INSTALL_HINT } from '../support/moto';

/**
 * "I'm on it" from Telegram, end to end: the real handler sends a CRITICAL with an inline
 * button to the fake Telegram, the webhook is set with a secret token, a person presses the
 * button, the webhook (same logic as its Function URL) records the acknowledgment in moto's
 * table, and the next checks stop the escalation and the reminders and tell the others.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] Telegram button tests: ${MOTO_INSTALL_HINT}`);

const SECRET_TOKEN = 'webhook-secret-token_0123456789abcdefABCDEF';
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await closeAckServers();
  await Promise.all(closers.splice(0).map((close) => close()));
});

const severities = (alerts: readonly DeliveredAlert[]) =>
  alerts.map((a) => a.attributes.severity ?? '?');

describe.skipIf(motoUrl === null)('"I\'m on it" from a Telegram button', () => {
  it('press → acknowledgment recorded → escalation and reminders stop → the others told', async () => {
    const endpoint = motoUrl ?? '';
    const channels = await createChannelsFixture(endpoint);
    closers.push(() => channels.close());
    const tier = await createTopicWithQueue(endpoint);
    const { monitor, handler, state } = await acknowledgeSetUp(endpoint, sandboxUrl, [20_000], {
      ...channels.env,
      ACK_TELEGRAM_BUTTONS: 'true',
      ESCALATION: JSON.stringify({
        tiers: [{ name: 'it-oncall', afterMinutes: 15, topicArn: tier.topicArn }],
      }),
    });
    const dynamo = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const webhook = await startTelegramWebhookServer({
      secretToken: () => Promise.resolve(SECRET_TOKEN),
      key: () => Promise.resolve(ACK_KEY),
      accounts: ['Another account', ACK_ACCOUNT],
      store: (account) => createStateTable(dynamo, monitor.tableName, account),
      now: () => new Date(),
      locale: 'fr',
      stateHealed: () => undefined,
    });
    closers.push(() => webhook.close());
    const start = Date.now();
    const check = async (minutes: number) => {
      vi.useFakeTimers({ toFake: ['Date'], now: start + minutes * 60_000 });
      try {
        const { result } = await monitor.invoke({}, handler);
        expect(result.status, JSON.stringify(result)).toBe('fulfilled');
      } finally {
        vi.useRealTimers();
      }
    };

    await check(0);
    const [critical] = channels.telegram.messages;
    expect(critical?.plain).toContain('[CRITIQUE]');
    expect(critical?.buttons).toHaveLength(1);
    const button = critical?.buttons[0];
    expect(button?.text).toBe("Je m'en occupe");
    expect(Buffer.byteLength(button?.callbackData ?? '')).toBeLessThanOrEqual(
      CALLBACK_DATA_MAX_BYTES,
    );
    // The e-mail keeps its link: the page is where it can be undone.
    expect((await monitor.sent())[0]?.message.email).toContain('/ack?t=');

    // The operator sets the webhook (the stack's TelegramSetWebhookCommand); polling stops.
    const bot = `${channels.telegram.url}/bot${channels.secrets.token}`;
    const set = await fetch(`${bot}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: webhook.url,
        secret_token: SECRET_TOKEN,
        allowed_updates: ['callback_query'],
      }),
    });
    expect(await set.json()).toMatchObject({ ok: true });
    expect((await fetch(`${bot}/getUpdates`, { method: 'POST' })).status).toBe(409);

    // Refused, and nothing written: a request without the secret token, a forged button, the
    // right button pressed in another chat.
    const unsigned = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': 'guess' },
      body: '{"update_id":1}',
    });
    expect(unsigned.status).toBe(401);
    const data = button?.callbackData ?? '';
    const forged = `${data.slice(0, -1)}${data.endsWith('A') ? 'B' : 'A'}`;
    const awa = { id: 42, first_name: 'Awa', last_name: 'Diop' };
    const message = critical ?? channels.telegram.messages[0];
    if (message === undefined) throw new Error('no Telegram message');
    expect(await channels.telegram.press(message, awa, { data: forged })).toEqual({
      status: 200,
      answer: "Ce bouton n'est pas reconnu ici.",
    });
    expect((await channels.telegram.press(message, awa, { chatId: '-1009876543210' })).answer).toBe(
      "Ce bouton n'est pas reconnu ici.",
    );
    expect((await state())?.episode?.acknowledgedAt).toBeUndefined();

    // Awa presses it: recorded, and told so.
    vi.useFakeTimers({ toFake: ['Date'], now: start + 5 * 60_000 });
    const pressed = await channels.telegram.press(message, awa);
    vi.useRealTimers();
    expect(pressed.answer).toMatch(/^C'est noté, Awa Diop : vous vous en occupez\./);
    expect((await state())?.episode).toMatchObject({
      acknowledgedBy: 'Awa Diop',
      acknowledgedLevel: 'CRITICAL',
    });
    expect(webhook.outcomes).toEqual(['unauthorized', 'refused', 'refused', 'taken']);
    // A second press (Moussa's) changes nothing and says who has it.
    const again = await channels.telegram.press(message, { id: 7, first_name: 'Moussa' });
    expect(again.answer).toBe("Awa Diop s'en occupe déjà.");
    expect((await state())?.episode?.acknowledgedBy).toBe('Awa Diop');

    // The next check tells the others (e-mail, Telegram); 15 minutes on, it-oncall is not
    // told; 7 hours on, no reminder.
    await check(10);
    await check(20);
    await check(7 * 60);
    expect(severities(await monitor.delivered())).toEqual(['CRITICAL', 'ACKNOWLEDGED']);
    expect(await tier.delivered()).toEqual([]);
    const told = channels.telegram.messages.at(-1);
    expect(channels.telegram.messages).toHaveLength(2);
    expect(told?.plain).toContain('Awa Diop');
    expect(told?.buttons).toEqual([]);
    expect(channels.telegram.messages.every((m) => m.chatId === TELEGRAM_CHAT)).toBe(true);
  }, 60_000);

  it('the deployed entry reads a Function URL event (headers in any case, a base64 body) and logs the outcome only', async () => {
    const endpoint = motoUrl ?? '';
    const channels = await createChannelsFixture(endpoint);
    closers.push(() => channels.close());
    const { monitor, handler, state } = await acknowledgeSetUp(endpoint, sandboxUrl, [45_000], {
      ...channels.env,
      ACK_TELEGRAM_BUTTONS: 'true',
    });
    await monitor.invoke({}, handler);
    const data = channels.telegram.messages[0]?.buttons[0]?.callbackData ?? '';
    expect(data).not.toBe('');
    // The environment the stack gives it (infra/telegram-buttons.ts); the fixture's names the
    // table, where the link key is.
    vi.stubEnv('TELEGRAM_WEBHOOK_SECRET_ID', await createSecret(endpoint, SECRET_TOKEN));
    vi.stubEnv('ACCOUNT_NAMES', JSON.stringify([ACK_ACCOUNT]));
    vi.stubEnv('ALERT_LOCALE', 'en');
    vi.resetModules();
    const { handler: webhook } = await import('../../lambda/ack/telegram-handler');
    const update = JSON.stringify({
      update_id: 5,
      callback_query: {
        id: 'q-5',
        from: { id: 42, is_bot: false, first_name: 'Fatou' },
        message: { message_id: 1, chat: { id: Number(TELEGRAM_CHAT), type: 'supergroup' } },
        data,
      },
    });
    // Every console method: Powertools writes its warnings and errors through console.warn/error.
    const handled = await captureConsole(async () => {
      const refused = await webhook({
        requestContext: { http: { method: 'POST' } },
        headers: { 'x-telegram-bot-api-secret-token': 'wrong' },
        body: update,
      });
      expect(refused.statusCode).toBe(401);
      const taken = await webhook({
        requestContext: { http: { method: 'POST' } },
        headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET_TOKEN },
        body: Buffer.from(update, 'utf8').toString('base64'),
        isBase64Encoded: true,
      });
      expect(taken.statusCode).toBe(200);
      expect(JSON.parse(taken.body)).toMatchObject({
        method: 'answerCallbackQuery',
        callback_query_id: 'q-5',
      });
    });
    if (handled.result.status === 'rejected') throw handled.result.reason;
    const logged = [handled.output];
    expect((await state())?.episode?.acknowledgedBy).toBe('Fatou');
    expect(logged.join('\n')).toContain('"outcome":"taken"');
    expect(logged.join('\n')).not.toMatch(/Fatou|q-5/);
    expect(logged.join('\n')).not.toContain(data.slice(-22));
  });
});
