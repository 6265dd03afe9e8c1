import { describe, expect, inject, it } from 'vitest';
import { createDexchangeClient } from '../../lambda/providers/dexchange/client';
import { parseProviderError } from '../../lambda/providers/dexchange/schemas';
import { REALISTIC_BALANCE_EXAMPLE } from '../support/spec';

/**
 * Our client against Prism serving the provider's OpenAPI: an independent judge of the request
 * we send (method, path, Bearer security). Prism answers 401 to a request that breaks the
 * security scheme and 404/405 to a wrong path or method, so a 200 here means the request conforms.
 */

const prismUrl = inject('prismUrl');

describe('the client against Prism (the provider spec)', () => {
  it('sends a request the spec accepts and reads the documented answer', async () => {
    const client = createDexchangeClient({
      baseUrl: prismUrl,
      timeoutMs: 5000,
      expectedCurrency: 'XOF',
    });
    const reading = await client.getBalance('dx_contract_test_key');
    expect(reading).toMatchObject({
      balance: REALISTIC_BALANCE_EXAMPLE.balance.balance,
      currency: 'XOF',
      lastUpdate: REALISTIC_BALANCE_EXAMPLE.balance.lastUpdate,
      attempts: 1,
    });
  });

  it('Prism does enforce the security scheme (so the test above can fail)', async () => {
    const response = await fetch(`${prismUrl}/api/v1/api-services/balance`);
    expect(response.status).toBe(401);
  });

  it("the spec's own 401 answer is one our client reads as an authentication failure", async () => {
    // Prism serves the spec's 401 answer when asked for it, as the provider would for a bad key.
    const response = await fetch(`${prismUrl}/api/v1/api-services/balance`, {
      headers: { Authorization: 'Bearer x', Prefer: 'code=401' },
    });
    expect(response.status).toBe(401);
    expect(parseProviderError(await response.json())).toMatchObject({ shape: 'message-list' });
  });
});
