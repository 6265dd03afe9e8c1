import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../lambda/aws/lambda-credentials';

/** The bundle's credentials: Lambda's environment, and a clear error without it. */

afterEach(() => vi.unstubAllEnvs());

describe('the credentials of the bundled function', () => {
  it("are the role's, from the environment Lambda sets", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    await expect(defaultProvider()()).resolves.toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('say what is missing outside Lambda', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    await expect(defaultProvider()()).rejects.toThrow(/AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
  });
});
