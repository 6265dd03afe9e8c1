import { describe, expect, it } from 'vitest';
import { cleanName } from '../../lambda/ack/acknowledge';
import { signAck, verifyAck } from '../../lambda/ack/token';

/** The acknowledge token: what it carries, and every way it is refused. */

const KEY = 'ack-key-0123456789abcdef0123456789abcdef';
const claim = {
  account: 'Boutique Dakar',
  episode: 'b:2026-12-01T10:00:00.000Z',
  expires: 2_000_000_000,
  locale: 'fr' as const,
};
const now = 1_900_000_000;

describe('the acknowledge token', () => {
  it('carries its claim, signed', () => {
    expect(verifyAck(signAck(claim, KEY), KEY, now)).toEqual({ ok: true, claim });
  });

  it('refuses a changed payload, a changed signature, another key', () => {
    const token = signAck(claim, KEY);
    const [payload = '', signature = ''] = token.split('.');
    const other = signAck({ ...claim, account: 'Thies' }, KEY).split('.')[0] ?? '';
    expect(verifyAck(`${other}.${signature}`, KEY, now)).toMatchObject({
      ok: false,
      reason: 'tampered',
    });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(verifyAck(`${payload}.${flipped}`, KEY, now)).toMatchObject({
      ok: false,
      reason: 'tampered',
    });
    expect(verifyAck(token, `${KEY}x`, now)).toMatchObject({ ok: false, reason: 'tampered' });
  });

  it('refuses an expired one, saying so in its language', () => {
    expect(verifyAck(signAck(claim, KEY), KEY, claim.expires + 1)).toEqual({
      ok: false,
      reason: 'expired',
      locale: 'fr',
    });
  });

  it.each(['', 'abc', 'a.b.c', 'a b.c', 'x'.repeat(700)])('refuses %j as malformed', (token) => {
    expect(verifyAck(token, KEY, now)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('the name given', () => {
  it('is one printable line of at most 40 characters', () => {
    expect(cleanName('  Awa\n Diop\u0000\u202e ')).toBe('Awa Diop');
    expect(cleanName('x'.repeat(60))).toHaveLength(40);
    expect(cleanName(undefined)).toBe('');
    // Whoever holds a link types it and every channel shows it: no link, markup or number.
    expect(cleanName('[Pay](https://x.io) <b>Awa</b> 77 123 45 67')).toBe('Pay https x io b Awa b');
    expect(cleanName("Aïssatou N'Diaye-Sow")).toBe("Aïssatou N'Diaye-Sow");
    // Cut between characters, never inside one.
    expect(Array.from(cleanName(`${'é'.repeat(39)}😀😀`))).toHaveLength(39);
  });
});
