import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountRef,
  buttonFor,
  CALLBACK_DATA_MAX_BYTES,
  signButton,
  verifyButton,
  type ButtonClaim,
} from '../../lambda/ack/button-token';
import { signAck } from '../../lambda/ack/token';
import { secretTokenMatches } from '../../lambda/ack/telegram-webhook';

/**
 * The Telegram button's token: within Telegram's 64 bytes for any account name and any time the
 * monitor will run, bound to the account, the episode, the expiry, the locale and the chat, and
 * refused when any of them, or any character of it, is changed.
 */

const KEY = 'ack-key-for-tests-0123456789abcdef0123456789';
const CHAT = '-1001234567890';
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const claim: ButtonClaim = {
  account: 'Boutique Thiès',
  episode: 'b:2026-12-07T11:58:03.412Z',
  expires: NOW / 1000 + 72 * 3600,
  locale: 'fr',
  chat: CHAT,
};
const accounts = ['main', 'Boutique Thiès', 'Boutique Dakar'];
const nowS = NOW / 1000;

describe('the button token', () => {
  it('is 49 ASCII bytes today, and verifies back to its claim', () => {
    const data = signButton(claim, KEY) ?? '';
    expect(data).toMatch(/^1b1\.[\w-]{6}\.[0-9a-z]+\.[0-9a-z]+\.[\w-]{22}$/);
    expect(Buffer.byteLength(data)).toBe(49);
    expect(verifyButton(data, CHAT, accounts, KEY, nowS)).toEqual({ ok: true, claim });
  });

  it('fits 64 bytes for any account name (any script) and any time up to the year 2100', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }),
        fc.constantFrom('b', 'f'),
        fc.integer({ min: 0, max: Date.parse('2100-01-01T00:00:00Z') }),
        fc.constantFrom('en' as const, 'fr' as const),
        (account, kind, at, locale) => {
          const episode = `${kind}:${new Date(at).toISOString()}`;
          const data = buttonFor({ account, episode, locale, chat: CHAT }, KEY, at) ?? '';
          expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
          const verdict = verifyButton(data, CHAT, [account], KEY, Math.floor(at / 1000));
          expect(verdict).toMatchObject({ ok: true, claim: { account, episode, locale } });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is refused when any one character is changed', () => {
    const data = signButton(claim, KEY) ?? '';
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.';
    for (let i = 0; i < data.length; i += 1)
      for (const c of alphabet) {
        if (c === data[i]) continue;
        const changed = data.slice(0, i) + c + data.slice(i + 1);
        expect(verifyButton(changed, CHAT, accounts, KEY, nowS).ok, changed).toBe(false);
      }
  });

  it('is refused in another chat, under another key, and once expired (saying the locale)', () => {
    const data = signButton(claim, KEY) ?? '';
    expect(verifyButton(data, '-1009999999999', accounts, KEY, nowS)).toEqual({
      ok: false,
      reason: 'tampered',
      locale: 'fr',
    });
    expect(verifyButton(data, CHAT, accounts, `${KEY}x`, nowS)).toMatchObject({
      ok: false,
      reason: 'tampered',
    });
    expect(verifyButton(data, CHAT, accounts, KEY, claim.expires)).toMatchObject({ ok: true });
    expect(verifyButton(data, CHAT, accounts, KEY, claim.expires + 1)).toEqual({
      ok: false,
      reason: 'expired',
      locale: 'fr',
    });
    // An account the webhook does not serve is not one it can take.
    expect(verifyButton(data, CHAT, ['main'], KEY, nowS)).toMatchObject({ reason: 'tampered' });
  });

  it('takes no MAC of the page token: a page link signed for the same claim is no button', () => {
    const page = signAck(claim, KEY);
    const pageMac = page.split('.')[1] ?? '';
    const data = signButton(claim, KEY) ?? '';
    const grafted = `${data.slice(0, data.lastIndexOf('.') + 1)}${pageMac.slice(0, 22)}`;
    expect(verifyButton(grafted, CHAT, accounts, KEY, nowS).ok).toBe(false);
    expect(verifyButton(page, CHAT, accounts, KEY, nowS)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('two accounts sharing a reference are both tried: each button verifies to its own', () => {
    // Two names found by a birthday search over "shop N" (36 bits: ~300,000 names).
    const [a, b] = ['shop 103751', 'shop 344052'];
    expect(accountRef(a)).toBe(accountRef(b));
    const forA = signButton({ ...claim, account: a }, KEY) ?? '';
    const forB = signButton({ ...claim, account: b }, KEY) ?? '';
    expect(verifyButton(forA, CHAT, [b, a], KEY, nowS)).toMatchObject({ claim: { account: a } });
    expect(verifyButton(forB, CHAT, [a, b], KEY, nowS)).toMatchObject({ claim: { account: b } });
  });

  it('gives no button for an episode id it cannot carry', () => {
    expect(signButton({ ...claim, episode: 'x:2026-12-07T11:58:03.412Z' }, KEY)).toBeUndefined();
    expect(signButton({ ...claim, episode: 'b:not a time' }, KEY)).toBeUndefined();
  });
});

describe("the webhook's secret token", () => {
  it('matches only the exact secret; an empty secret matches nothing', () => {
    expect(secretTokenMatches('s3cret-Token_1', 's3cret-Token_1')).toBe(true);
    expect(secretTokenMatches('s3cret-Token_', 's3cret-Token_1')).toBe(false);
    expect(secretTokenMatches(undefined, 's3cret-Token_1')).toBe(false);
    expect(secretTokenMatches('', '')).toBe(false);
  });
});
