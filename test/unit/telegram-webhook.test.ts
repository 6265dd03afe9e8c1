import { describe, expect, it } from 'vitest';
import { signButton } from '../../lambda/ack/button-token';
import {
  handleTelegramWebhook,
  presserName,
  type TelegramWebhookDeps,
} from '../../lambda/ack/telegram-webhook';
import type { AlertState } from '../../lambda/alerting/state';
import { telegramButton } from '../../lambda/channels/telegram';
import { acknowledgeTargetOf, type RenderContext } from '../../lambda/messages/render';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import { SCENE_ACCOUNT, SCENE_NOW, sceneState } from '../../tools/ack-page-scene';
import { sampleEvents } from '../support/sample-events';

/**
 * The button on each kind of alert, and the webhook's answers on the memory store: what a press
 * records (a LOW, a FAILING, a LOW that fell to CRITICAL), what it refuses before reading
 * anything (no secret token, not a POST), and the updates it takes and ignores.
 */

const KEY = 'unit-key-0123456789abcdef0123456789abcdef';
const SECRET = 'the-secret-token_0123';
const CHAT = '-1001234567890';
const SINCE = sceneState().episode?.since ?? '';
const FAILING_SINCE = '2026-12-07T13:30:00.000Z';

async function setUp(state: AlertState = sceneState(), extra: Partial<TelegramWebhookDeps> = {}) {
  const store = createMemoryStateStore();
  await store.save(
    { state, outbox: [], undeliverable: [] },
    (await store.load(SCENE_NOW)).version,
    'test',
    SCENE_NOW,
  );
  const deps: TelegramWebhookDeps = {
    secretToken: () => Promise.resolve(SECRET),
    key: () => Promise.resolve(KEY),
    accounts: [SCENE_ACCOUNT],
    store: () => store,
    now: () => SCENE_NOW,
    locale: 'en',
    stateHealed: () => undefined,
    ...extra,
  };
  const press = (
    episode: string,
    options: { chat?: { id: number; username?: string; title?: string }; configured?: string } = {},
  ) => {
    const data = signButton(
      {
        account: SCENE_ACCOUNT,
        episode,
        expires: SCENE_NOW.getTime() / 1000 + 3600,
        locale: 'fr',
        chat: options.configured ?? CHAT,
      },
      KEY,
    );
    return handleTelegramWebhook(
      {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify({
          update_id: 9,
          callback_query: {
            id: 'q1',
            from: { id: 42, first_name: 'Awa', last_name: 'Diop', is_bot: false },
            message: { message_id: 3, chat: options.chat ?? { id: Number(CHAT) } },
            data,
          },
        }),
      },
      deps,
    );
  };
  return { store, deps, press };
}

describe('the button on each kind of alert', () => {
  const events = sampleEvents('Boutique Dakar');
  const context: RenderContext = {
    timeZone: 'Africa/Dakar',
    acknowledgeButton: (event, chat) => `data:${event.severity}:${chat}`,
  };
  it.each(events.map((event) => ({ event, name: event.severity })))(
    '$name: a button exactly where the link goes, in the chat it is sent to',
    ({ event }) => {
      const target = acknowledgeTargetOf(event);
      const button = telegramButton({ event }, 'fr', context, CHAT);
      if (target === undefined) expect(button).toBeUndefined();
      else
        expect(button).toEqual({
          inline_keyboard: [
            [{ text: "Je m'en occupe", callback_data: `data:${target.severity}:${CHAT}` }],
          ],
        });
      expect(telegramButton({ event }, 'en', { timeZone: 'UTC' }, CHAT)).toBeUndefined();
    },
  );
  it('is on LOW, CRITICAL, FAILING and reminders, never on RECOVERED or ACKNOWLEDGED', () => {
    const kinds = new Set(
      events.filter((e) => acknowledgeTargetOf(e) === e).map((e) => e.severity),
    );
    expect([...kinds].sort()).toEqual(['CRITICAL', 'FAILING', 'LOW', 'REMINDER']);
  });
});

describe('the Telegram webhook', () => {
  it("records a press on a LOW, named after who pressed, and answers in the alert's language", async () => {
    const { store, press } = await setUp();
    const { response, outcome } = await press(`b:${SINCE}`);
    expect(outcome).toBe('taken');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      method: 'answerCallbackQuery',
      callback_query_id: 'q1',
      text: "C'est noté, Awa Diop : vous vous en occupez. Les rappels de cette alerte s'arrêtent ; les autres sont prévenus au prochain contrôle.",
    });
    expect(store.current()?.state.episode).toMatchObject({
      acknowledgedAt: SCENE_NOW.toISOString(),
      acknowledgedBy: 'Awa Diop',
      acknowledgedLevel: 'LOW',
      ackAnnounced: false,
    });
  });

  it('takes a LOW again once it fell to CRITICAL, as the page does', async () => {
    const state = sceneState();
    const episode = state.episode;
    if (episode === undefined) throw new Error('no episode');
    const { store, press } = await setUp({
      ...state,
      episode: {
        ...episode,
        level: 'CRITICAL',
        acknowledgedAt: SINCE,
        acknowledgedBy: 'Moussa',
        acknowledgedLevel: 'LOW',
        ackAnnounced: true,
      },
    });
    expect((await press(`b:${SINCE}`)).outcome).toBe('taken');
    expect(store.current()?.state.episode).toMatchObject({
      acknowledgedBy: 'Awa Diop',
      acknowledgedLevel: 'CRITICAL',
    });
    const again = await press(`b:${SINCE}`);
    expect(again.outcome).toBe('already');
    expect(JSON.parse(again.response.body)).toMatchObject({ text: "Awa Diop s'en occupe déjà." });
  });

  it('records a press on a FAILING', async () => {
    const { store, press } = await setUp({
      ...sceneState(),
      failure: {
        since: FAILING_SINCE,
        count: 3,
        kind: 'unavailable',
        reason: 'timeout',
        alertedAt: FAILING_SINCE,
      },
    });
    expect((await press(`f:${FAILING_SINCE}`)).outcome).toBe('taken');
    expect(store.current()?.state.failure).toMatchObject({ acknowledgedBy: 'Awa Diop' });
  });

  it('says an alert that ended is over, and writes nothing', async () => {
    const { store, press } = await setUp();
    const before = store.current();
    const { outcome, response } = await press('b:2026-12-06T09:00:00.000Z');
    expect(outcome).toBe('ended');
    expect(JSON.parse(response.body)).toMatchObject({
      text: 'Cette alerte est close : plus rien à prendre.',
    });
    expect(store.current()).toEqual(before);
  });

  it('takes a button sent to a public chat named by its @username', async () => {
    const { press } = await setUp();
    const pressed = await press(`b:${SINCE}`, {
      configured: '@caisse_dakar',
      chat: { id: -1009999999999, username: 'caisse_dakar' },
    });
    expect(pressed.outcome).toBe('taken');
  });

  it('takes it whatever case the config and Telegram spell the @username in (Telegram ignores case)', async () => {
    const { press } = await setUp();
    const pressed = await press(`b:${SINCE}`, {
      configured: '@BoutiqueDakar',
      chat: { id: -1009999999999, username: 'boutiquedakar' },
    });
    expect(pressed.outcome).toBe('taken');
  });

  it('still refuses a button sent to another @username, and writes nothing', async () => {
    const { press, store } = await setUp();
    const before = store.current();
    const pressed = await press(`b:${SINCE}`, {
      configured: '@caisse_thies',
      chat: { id: -1009999999999, username: 'caisse_dakar' },
    });
    expect(pressed.outcome).toBe('refused');
    expect(store.current()).toEqual(before);
  });

  it('refuses without the secret token, or other than POST, before reading the key or the state', async () => {
    const untouchable = () => Promise.reject(new Error('read'));
    const { deps } = await setUp(sceneState(), {
      key: untouchable,
      store: () => {
        throw new Error('store');
      },
    });
    const body = '{"update_id":1}';
    for (const headers of [{}, { 'x-telegram-bot-api-secret-token': `${SECRET}x` }]) {
      const { response, outcome } = await handleTelegramWebhook(
        { method: 'POST', headers, body },
        deps,
      );
      expect([response.statusCode, outcome]).toEqual([401, 'unauthorized']);
    }
    const get = await handleTelegramWebhook({ method: 'GET', headers: {}, body: '' }, deps);
    expect(get.response.statusCode).toBe(405);
  });

  it('answers 200 and ignores what is not a callback query (so Telegram does not send it again)', async () => {
    const { deps } = await setUp();
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    for (const body of [
      '{"update_id":1,"message":{"text":"hello"}}',
      'not json',
      JSON.stringify({ update_id: 1, padding: 'x'.repeat(70_000) }),
    ]) {
      const { response, outcome } = await handleTelegramWebhook(
        { method: 'POST', headers, body },
        deps,
      );
      expect([response.statusCode, response.body, outcome]).toEqual([200, '{}', 'ignored']);
    }
  });
});

describe('who pressed, as the others read it', () => {
  it('their name, else their username, else the chat', () => {
    expect(presserName({ id: 1, first_name: 'Awa', last_name: 'Diop' }, {})).toBe('Awa Diop');
    expect(presserName({ id: 1, first_name: '🙂', username: 'moussa_sow' }, {})).toBe('moussa sow');
    expect(presserName({ id: 1, first_name: '<b>1</b>' }, { title: 'Caisse Thiès' })).toBe('b b');
    expect(presserName({ id: 1, first_name: '777' }, { title: 'Caisse Thiès' })).toBe(
      'Caisse Thiès',
    );
  });
});
