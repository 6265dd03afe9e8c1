import { describe, expect, it } from 'vitest';
import { parseApiKeySecret } from '../../lambda/aws/secret';
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
  ])('refuses %s, naming the secret and not the value', (_name, value, message) => {
    try {
      parseApiKeySecret(value, ID);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(`secret ${ID}`);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain('dx_live_abc123');
    }
  });
});
