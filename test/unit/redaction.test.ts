import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_KEY_FRAGMENT, outsideText, redact } from '../../lambda/errors';

/** Texts from outside lose the key, and every piece of it that could identify it. */

const KEY = 'dx_live_Q2h5Yh8Zp3LmN0vR7tWs';

describe('redaction', () => {
  it('removes the whole key, and any piece of it of 8 characters or more', () => {
    expect(redact(`Bearer ${KEY} refused`, KEY)).toBe('Bearer [redacted] refused');
    expect(redact(`code ${KEY.slice(5, 13)}!`, KEY)).toBe('code [redacted]!');
    expect(redact(`the header "Bearer ${KEY.slice(0, 20)}`, KEY)).toBe(
      'the header "Bearer [redacted]',
    );
    // Shorter than 8: too common to mean anything, and kept.
    expect(redact(`id ${KEY.slice(3, 10)} ok`, KEY)).toBe(`id ${KEY.slice(3, 10)} ok`);
  });

  it('redacts before it cuts, so a key straddling the cut cannot survive half-visible', () => {
    const text = `${'x'.repeat(190)}${KEY}`;
    const out = outsideText(text, KEY, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).not.toContain(KEY.slice(0, 8));
  });

  it('removes the key as a URL or a JSON string escapes it (a Location, a body excerpt)', () => {
    const key = 'Ab1+Cd2/Ef3=Gh4+Ij5/Kl6=Mn7+';
    const location = `https://evil.example/cb?apiKey=${encodeURIComponent(key)}&x=1`;
    expect(redact(location, key)).toBe('https://evil.example/cb?apiKey=[redacted]&x=1');
    const lowerHex = location.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    expect(redact(lowerHex, key)).toBe('https://evil.example/cb?apiKey=[redacted]&x=1');
    const quoted = 'k"ey\\with"quotes\\1';
    const excerpt = JSON.stringify({ echoed: quoted });
    expect(redact(excerpt, quoted)).toBe('{"echoed":"[redacted]"}');
  });

  it('drops control characters, which could forge log lines', () => {
    expect(outsideText('a\nb\r\nc\u0000d', undefined)).toBe('a b c d');
  });

  it('never leaves a piece of 8 characters of the key in any text (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{8,60}$/),
        fc.array(fc.oneof(fc.string(), fc.constant('key')), { maxLength: 6 }),
        fc.integer({ min: 20, max: 300 }),
        (key, parts, max) => {
          // Pieces of the key at random places, among random text.
          const text = parts
            .map((part, i) => (part === 'key' ? key.slice(i % 5, (i % 5) + 8 + i) : part))
            .join(key.slice(0, MIN_KEY_FRAGMENT));
          const out = outsideText(text, key, max);
          for (let i = 0; i + MIN_KEY_FRAGMENT <= key.length; i += 1)
            expect(out.includes(key.slice(i, i + MIN_KEY_FRAGMENT))).toBe(false);
          expect(out.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
