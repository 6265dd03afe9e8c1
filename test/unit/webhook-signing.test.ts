import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookChannel } from '../../lambda/channels/webhook';
import { EVERYTHING } from '../../lambda/contract/routing';
import { sampleEvents } from '../support/sample-events';
import {
  signedHeaders,
  signingKeysOf,
  standardSignature,
  webhookIdOf,
  whsecSpellingOf,
} from '../../lambda/channels/webhook-signing';

/**
 * The stored signing secret's forms, and the signature the monitor computes held equal to the
 * one the `standardwebhooks` library computes, for any id, body and time.
 */

const KEY = 'whsec_' + Buffer.from('a key of thirty-two bytes exactly').toString('base64');

describe('the signing secret, as stored', () => {
  it('whsec_ and base64: the decoded bytes, no old headers', () => {
    expect(signingKeysOf(` ${KEY}\n`)).toEqual({
      keys: [Buffer.from('a key of thirty-two bytes exactly')],
      legacy: undefined,
    });
  });

  it('two whsec_ keys separated by a space (a rotation): both, the first first', () => {
    const other = 'whsec_' + Buffer.from('another key of thirty-two bytes!').toString('base64');
    const signing = signingKeysOf(`${other} ${KEY}`);
    expect('keys' in signing && signing.keys.map((k) => k.toString())).toEqual([
      'another key of thirty-two bytes!',
      'a key of thirty-two bytes exactly',
    ]);
  });

  it('anything else is a secret from before the standard: its own bytes, and the old headers', () => {
    expect(signingKeysOf('Zq3WnV8kP2xT7rYb')).toEqual({
      keys: [Buffer.from('Zq3WnV8kP2xT7rYb')],
      legacy: 'Zq3WnV8kP2xT7rYb',
    });
    const headers = signedHeaders(signingKeysOf('Zq3WnV8kP2xT7rYb') as never, 'a/1', '{}', 1);
    expect(Object.keys(headers).sort()).toEqual([
      'idempotency-key',
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
      'x-signature',
      'x-timestamp',
    ]);
  });

  it.each([
    [`${KEY} ${KEY} ${KEY}`, 'holds 3 keys; at most 2'],
    [
      `${KEY} Zq3WnV8kP2xT7rYb`,
      'has a key that does not start with whsec_ among whsec_ ones (key 2)',
    ],
    [
      'whsec_local_test_signing_secret',
      'has a key that is not whsec_ followed by base64 (its key;',
    ],
    // Five base64 letters cannot be whole bytes, padded or not.
    [
      'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpB1',
      'has a key that is not whsec_ followed by base64',
    ],
    ['whsec_c2hvcnQ=', 'has a key of 5 bytes (its key); at least 16'],
  ])('%s is refused: %s, without quoting it', (secret, problem) => {
    const signing = signingKeysOf(secret);
    expect('problem' in signing && signing.problem).toContain(problem);
    const said = 'problem' in signing ? signing.problem : '';
    for (const part of secret.split(' ')) expect(said).not.toContain(part.slice(6, 14));
  });

  it('a whsec_ key copied without its "=" padding: the same key, which the library verifies too', () => {
    // 33 bytes encode without padding; 32 bytes need "=": strip it, as a trimmed copy would.
    const padded = 'whsec_' + Buffer.from('a key of thirty-two bytes, yes!!').toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    const unpadded = padded.replace(/=+$/u, '');
    const signing = signingKeysOf(unpadded);
    expect(signing).toEqual(signingKeysOf(padded));
    const keys = 'keys' in signing ? signing.keys : [];
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
    };
    const signature = standardSignature(
      keys,
      'msg_1',
      Number(headers['webhook-timestamp']),
      '{"a":1}',
    );
    expect(() =>
      new Webhook(unpadded).verify('{"a":1}', { ...headers, 'webhook-signature': signature }),
    ).not.toThrow();
  });

  it("a legacy secret's whsec_ spelling is the same key for the library", () => {
    const spelled = whsecSpellingOf('Zq3WnV8kP2xT7rYb');
    expect(signingKeysOf(spelled)).toEqual({
      keys: [Buffer.from('Zq3WnV8kP2xT7rYb')],
      legacy: undefined,
    });
    expect(whsecSpellingOf(KEY)).toBe(KEY);
  });
});

describe('the signature', () => {
  it("equals the standardwebhooks library's own, for any id, body and time", () => {
    const library = new Webhook(KEY);
    const key = Buffer.from('a key of thirty-two bytes exactly');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }),
        fc.string({ maxLength: 300, unit: 'grapheme' }),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        (entryId, body, seconds) => {
          const id = webhookIdOf(entryId);
          expect(standardSignature([key], id, seconds, body)).toBe(
            library.sign(id, new Date(seconds * 1000), body),
          );
        },
      ),
    );
  });

  it('webhook-id: the id itself in printable ASCII, percent-encoded beyond, and reversible', () => {
    expect(webhookIdOf('Boutique Dakar/2026-01-05T10:00:00.000Z/0/LOW')).toBe(
      'Boutique Dakar/2026-01-05T10:00:00.000Z/0/LOW',
    );
    expect(webhookIdOf('Thiès/1/LOW')).toBe('Thi%C3%A8s/1/LOW');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (id) => {
        const encoded = webhookIdOf(id);
        expect(encoded).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeURIComponent(encoded)).toBe(id);
      }),
    );
  });
});

describe('the channel, with two keys', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('never quotes either key when a receiver echoes the one it holds (pieces of the value are redacted)', async () => {
    const old = 'whsec_' + Buffer.from('the old key of webhook erp, 32 b').toString('base64');
    vi.stubGlobal('fetch', () =>
      Promise.resolve(new Response(`bad signature for key ${old.slice(6)}`, { status: 400 })),
    );
    const [low] = sampleEvents('Boutique Dakar').filter((e) => e.severity === 'LOW');
    if (low === undefined) throw new Error('no LOW among the sample events');
    const channel = createWebhookChannel({
      name: 'webhook:erp',
      url: 'https://erp.example.sn/hooks/dexchange',
      route: EVERYTHING,
      secret: { read: () => Promise.resolve(`${KEY} ${old}`), known: () => undefined },
      locale: 'en',
      render: { timeZone: 'Africa/Dakar' },
      timeoutMs: 2000,
    });
    const entry = { id: 'Boutique Dakar/1/0/LOW', event: low, createdAt: low.at, deliveries: {} };
    const failure = await channel.deliver(entry).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/^the webhook answered 400: bad signature for key /);
    expect((failure as Error).message).not.toContain(old.slice(6, 20));
  });
});
