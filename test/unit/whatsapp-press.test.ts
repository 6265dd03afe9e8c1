import { describe, expect, it } from 'vitest';
import {
  buttonFor,
  signButton,
  verifyButton,
  whatsappBinding,
} from '../../lambda/ack/button-token';
import { buttonPresses } from '../../lambda/ack/whatsapp-event';
import { handleWhatsAppPress, maskNumber } from '../../lambda/ack/whatsapp-press';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import { ACK_TTL_HOURS } from '../../lambda/ack/token';
import { SCENE_ACCOUNT, SCENE_NOW, sceneState } from '../../tools/ack-page-scene';

/**
 * WhatsApp's "I'm on it": what is read from End User Messaging Social's event (only button
 * presses, the sender as E.164), and what a payload is bound to (the account, the alert, the
 * number it was sent to, an expiry), before anything is written.
 */

const KEY = 'ack-key-for-tests-0123456789abcdef0123456789';
const AWA = '+221771234567';
const NOW = Date.parse('2026-12-07T18:05:00Z');
const EPISODE = 'b:2026-12-07T18:00:00.000Z';

const event = (messages: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    context: { MetaWabaIds: [], MetaPhoneNumberIds: [] },
    whatsAppWebhookEntry: JSON.stringify({
      id: '102290129340398',
      changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', messages } }],
    }),
    aws_account_id: '123456789012',
    ...extra,
  });

/** A store holding the scene's record: an alert open since 14:00 (tools/ack-page-scene.ts). */
const sceneStore = async () => {
  const store = createMemoryStateStore();
  await store.save(
    { state: sceneState(), outbox: [], undeliverable: [] },
    (await store.load(SCENE_NOW)).version,
    'test',
    SCENE_NOW,
  );
  return store;
};

const press = (from: string, payload: string) => ({
  from: from.slice(1),
  id: 'wamid.1',
  timestamp: '1764956700',
  type: 'button',
  button: { payload, text: "I'm on it" },
});

describe('the event: only button presses are read', () => {
  it('reads a press: the sender as E.164, the payload', () => {
    expect(buttonPresses(event([press(AWA, 'p')]))).toEqual([
      { from: AWA, payload: 'p', id: 'wamid.1' },
    ]);
  });

  it('reads every press of a batched entry, and skips text, statuses and broken messages', () => {
    const text = { from: '221771234567', id: 'w2', type: 'text', text: { body: 'ok' } };
    const noPayload = { from: '221771234567', id: 'w3', type: 'button' };
    const badFrom = { ...press(AWA, 'x'), from: '+221 77' };
    expect(
      buttonPresses(event([text, press(AWA, 'a'), noPayload, badFrom, press('+22178111', 'b')])),
    ).toEqual([
      { from: AWA, payload: 'a', id: 'wamid.1' },
      { from: '+22178111', payload: 'b', id: 'wamid.1' },
    ]);
  });

  it('reads nothing from what is not an event of ours', () => {
    for (const message of [
      '',
      'not json',
      '{}',
      JSON.stringify({ whatsAppWebhookEntry: 'not json' }),
      JSON.stringify({ whatsAppWebhookEntry: JSON.stringify({ changes: [{ value: {} }] }) }),
      JSON.stringify({ whatsAppWebhookEntry: { changes: [] } }),
      event([press(AWA, 'p')]).padEnd(300 * 1024, ' '),
    ])
      expect(buttonPresses(message)).toEqual([]);
  });
});

describe('the payload: bound to the account, the alert and the number', () => {
  const payload =
    buttonFor(
      { account: 'Boutique Dakar', episode: EPISODE, locale: 'fr', chat: whatsappBinding(AWA) },
      KEY,
      NOW,
    ) ?? '';
  const verify = (data: string, number: string, seconds = NOW / 1000) =>
    verifyButton(data, whatsappBinding(number), ['Boutique Dakar'], KEY, seconds);

  it('fits a quick reply (64 bytes would do; Meta takes far more) and verifies for its number', () => {
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(64);
    expect(verify(payload, AWA)).toMatchObject({
      ok: true,
      claim: { account: 'Boutique Dakar', episode: EPISODE },
    });
  });

  it('is refused from another number, as a Telegram chat, under another key, or expired', () => {
    expect(verify(payload, '+221781112233')).toMatchObject({ ok: false, reason: 'tampered' });
    expect(verifyButton(payload, AWA, ['Boutique Dakar'], KEY, NOW / 1000)).toMatchObject({
      ok: false,
      reason: 'tampered',
    });
    expect(
      verifyButton(payload, whatsappBinding(AWA), ['Boutique Dakar'], `${KEY}x`, NOW / 1000),
    ).toMatchObject({ ok: false, reason: 'tampered' });
    expect(verify(payload, AWA, NOW / 1000 + ACK_TTL_HOURS * 3600 + 1)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it('a Telegram button is not a WhatsApp payload, even for a chat spelled like the number', () => {
    const telegram = signButton(
      {
        account: 'Boutique Dakar',
        episode: EPISODE,
        locale: 'fr',
        chat: AWA,
        expires: NOW / 1000 + 60,
      },
      KEY,
    );
    if (telegram === undefined) throw new Error('no Telegram button signed');
    // Well formed and valid where it was sent (a Telegram chat spelled like the number), so
    // the binding alone refuses it here.
    expect(verifyButton(telegram, AWA, ['Boutique Dakar'], KEY, NOW / 1000)).toMatchObject({
      ok: true,
    });
    expect(verify(telegram, AWA)).toEqual({ ok: false, reason: 'tampered', locale: 'fr' });
  });
});

describe('a press: only registered numbers, named as configured', () => {
  const deps = (store = createMemoryStateStore()) => ({
    key: () => Promise.resolve(KEY),
    recipients: {
      'Boutique Dakar': [{ name: 'awa-diop', number: AWA }],
      Other: [{ name: 'ibou', number: '+221761234567' }],
    },
    store: () => store,
    now: () => new Date(NOW + 60_000),
    stateHealed: () => undefined,
  });
  const payload = (number: string, account = 'Boutique Dakar', episode = EPISODE) => {
    const signed = buttonFor(
      { account, episode, locale: 'fr', chat: whatsappBinding(number) },
      KEY,
      NOW,
    );
    if (signed === undefined) throw new Error('no payload signed');
    return signed;
  };

  it('a number no account registers is not read further', async () => {
    expect(
      await handleWhatsAppPress(
        { from: '+221700000000', payload: payload('+221700000000'), id: 'w' },
        deps(),
      ),
    ).toBe('stranger');
  });

  it("a number registered for another account cannot take this account's alert", async () => {
    const from = '+221761234567';
    // A payload that verifies for that number and this account: only the registration refuses.
    expect(
      verifyButton(payload(from), whatsappBinding(from), ['Boutique Dakar'], KEY, NOW / 1000),
    ).toMatchObject({ ok: true });
    expect(await handleWhatsAppPress({ from, payload: payload(from), id: 'w' }, deps())).toBe(
      'refused',
    );
  });

  it('a valid press of an episode no longer open records nothing', async () => {
    // Another alert is open (since 14:00): a write would show on it.
    const store = await sceneStore();
    const before = await store.load(SCENE_NOW);
    expect(before.record?.state.episode?.since).toBe('2026-12-07T14:00:00.000Z');
    const ended = payload(AWA, SCENE_ACCOUNT, 'b:2026-12-07T11:00:00.000Z');
    expect(await handleWhatsAppPress({ from: AWA, payload: ended, id: 'w' }, deps(store))).toBe(
      'ended',
    );
    expect(await store.load(SCENE_NOW)).toEqual(before);
  });

  it('masks a number with no name: the country code and the last two digits', () => {
    expect(maskNumber(AWA)).toBe('+221•••••••67');
    expect(maskNumber(AWA)).not.toContain('771234');
  });
});

describe('a press of an open alert: recorded once, under the configured name', () => {
  const since = sceneState().episode?.since ?? '';
  const setUp = async (name: string) => {
    const store = await sceneStore();
    const deps = {
      key: () => Promise.resolve(KEY),
      recipients: { [SCENE_ACCOUNT]: [{ name, number: AWA }] },
      store: () => store,
      now: () => SCENE_NOW,
      stateHealed: () => undefined,
    };
    const payload =
      buttonFor(
        {
          account: SCENE_ACCOUNT,
          episode: `b:${since}`,
          locale: 'fr',
          chat: whatsappBinding(AWA),
        },
        KEY,
        SCENE_NOW.getTime(),
      ) ?? '';
    const press = () => handleWhatsAppPress({ from: AWA, payload, id: 'w' }, deps);
    return { store, press };
  };

  it('takes it, names the recipient as configured, and a second press changes nothing', async () => {
    const { store, press } = await setUp('awa-diop');
    expect(await press()).toBe('taken');
    const episode = (await store.load(SCENE_NOW)).record?.state.episode;
    expect(episode).toMatchObject({ acknowledgedBy: 'awa-diop', ackAnnounced: false });
    expect(episode?.acknowledgedAt).toBe(SCENE_NOW.toISOString());
    const taken = await store.load(SCENE_NOW);
    expect(await press()).toBe('already');
    expect(await store.load(SCENE_NOW)).toEqual(taken);
  });

  it('names a recipient with a blank name by the masked number', async () => {
    const { store, press } = await setUp(' ');
    expect(await press()).toBe('taken');
    expect((await store.load(SCENE_NOW)).record?.state.episode?.acknowledgedBy).toBe(
      '+221•••••••67',
    );
  });
});
