import { describe, expect, it } from 'vitest';
import { parseApiKeySecret } from '../../lambda/providers/dexchange/api-key-secret';
import { ConfigurationError } from '../../lambda/errors';

const ID = 'dexchange/api-key';

describe('the secret value', () => {
  it.each([
    ['a plain string', 'dx_live_abc123', 'dx_live_abc123'],
    ['a plain string with a trailing newline', 'dx_live_abc123\n', 'dx_live_abc123'],
    ['JSON with apiKey', '{"apiKey": "dx_live_abc123"}', 'dx_live_abc123'],
    ['JSON with extra fields', '{"apiKey": "dx_live_abc123", "note": "prod"}', 'dx_live_abc123'],
  ])('accepts %s', (_name, value, key) => {
    expect(parseApiKeySecret(value, ID)).toBe(key);
  });

  it.each([
    ['an empty string', '', 'is empty'],
    ['only spaces', '   ', 'is empty'],
    ['JSON without apiKey', '{"key": "dx_live_abc123"}', 'without a non-empty "apiKey"'],
    ['JSON with an empty apiKey', '{"apiKey": ""}', 'without a non-empty "apiKey"'],
    ['broken JSON', '{"apiKey": "dx_live_abc123"', 'not valid JSON'],
    ['two words', 'dx_live_abc123 dx_live_def456', 'whitespace'],
    ['binary data', new Uint8Array([1, 2, 3]), 'binary'],
    [
      'a JSON key with a line break',
      '{"apiKey": "dx_live_abc\\n123"}',
      'a line break, a tab or another control character',
    ],
    ['a JSON key with a NUL', '{"apiKey": "dx_live_abc\\u0000123"}', 'control character'],
    ['a JSON key with a carriage return', '{"apiKey": "dx_live_abc\\r123"}', 'control character'],
    ['a JSON key with a space', '{"apiKey": "dx_live_abc 123"}', 'whitespace'],
    ['a key with a non-ASCII letter', 'dx_live_abcé123', 'outside printable ASCII'],
    ['a key of 4 characters', 'dx_1', 'a DEXCHANGE API key has 8 to 1024'],
    ['a key of 2000 characters', 'k'.repeat(2000), 'is 2000 characters long'],
  ])('refuses %s, naming the secret and not the value', (_name, value, message) => {
    try {
      parseApiKeySecret(value, ID);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(`secret ${ID}`);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain('dx_live_abc');
      expect((error as Error).message).not.toContain('kkkkkkkk');
    }
  });
});
