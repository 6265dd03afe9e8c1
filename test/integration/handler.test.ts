import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { SandboxAccountInput } from '../../lambda/local/sandbox';
import { createSecret, createTopicWithQueue, sentNotifications } from '../support/aws';
import { captureConsole } from '../support/console-capture';
import { sandboxAccount, sandboxRequests } from '../support/sandbox-client';
import { MOTO_INSTALL_HINT } from '../support/moto';

/**
 * The Lambda handler end to end on real local servers: the key from moto's Secrets Manager, the
 * balance from the sandbox over real HTTP, alerts published to moto's SNS and delivered to SQS.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] handler integration tests: ${MOTO_INSTALL_HINT}`);

interface Scenario {
  readonly account?: SandboxAccountInput;
  /** What the secret holds; `key` is replaced by the sandbox account's key. undefined: no secret. */
  readonly secret?: ((key: string) => string | undefined) | 'missing';
  readonly env?: Record<string, string>;
}

async function runHandler(scenario: Scenario = {}) {
  const endpoint = motoUrl ?? '';
  const apiKey = await sandboxAccount(sandboxUrl, scenario.account ?? {});
  const secretId =
    scenario.secret === 'missing'
      ? 'dexchange-key-that-does-not-exist'
      : await createSecret(endpoint, (scenario.secret ?? ((k: string) => k))(apiKey));
  const { topicArn, delivered } = await createTopicWithQueue(endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
  vi.stubEnv('DEXCHANGE_API_URL', sandboxUrl);
  vi.stubEnv('DEXCHANGE_API_KEY_SECRET_ID', secretId);
  vi.stubEnv('ALERT_TOPIC_ARN', topicArn);
  vi.stubEnv('ACCOUNT_NAME', 'Boutique Dakar');
  vi.stubEnv('LOW_BALANCE_THRESHOLD', '100000');
  vi.stubEnv('CRITICAL_BALANCE_THRESHOLD', '25000');
  vi.stubEnv('REQUEST_TIMEOUT_MS', '1000');
  for (const [name, value] of Object.entries(scenario.env ?? {})) vi.stubEnv(name, value);
  // A fresh module per run: a fresh container, with its own secret cache and clients.
  vi.resetModules();
  const { handler } = await import('../../lambda/handler');
  const { result, output } = await captureConsole(() =>
    handler({}, { getRemainingTimeInMillis: () => 30_000 }),
  );
  return {
    apiKey,
    result,
    logs: output,
    delivered: await delivered(),
    sent: await sentNotifications(endpoint, topicArn),
    requests: await sandboxRequests(sandboxUrl, apiKey),
  };
}

function rejection(result: PromiseSettledResult<unknown>): Error {
  if (result.status === 'fulfilled')
    throw new Error(`expected a failed check, got ${JSON.stringify(result.value)}`);
  return result.reason as Error;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('the handler against moto and the sandbox', () => {
  beforeAll(() => {
    expect(motoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('a healthy balance: summary OK, nothing published, logs and metrics written', async () => {
    const run = await runHandler({ account: { balances: [250_000] } });
    expect(run.result).toEqual({
      status: 'fulfilled',
      value: {
        account: 'Boutique Dakar',
        status: 'OK',
        balance: 250_000,
        currency: 'XOF',
        events: [],
      },
    });
    expect(run.delivered).toEqual([]);
    expect(run.requests).toHaveLength(1);
    expect(run.logs).toContain('"message": "check completed"');
    expect(run.logs).toMatch(/"latencyMs": \d+/);
    expect(run.logs).toContain('"CheckSucceeded"');
    expect(run.logs).toContain('"ApiLatency"');
    expect(run.logs).not.toContain(run.apiKey);
  });

  it('a low balance publishes one LOW alert with its texts and attributes, delivered to SQS', async () => {
    const run = await runHandler({ account: { balances: [45_000] } });
    expect(run.result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'LOW', balance: 45_000, events: ['LOW'] },
    });
    expect(run.delivered).toHaveLength(1);
    const [delivered] = run.delivered;
    expect(delivered?.subject).toBe('[LOW] DEXCHANGE balance of Boutique Dakar: XOF 45,000');
    expect(delivered?.attributes).toEqual({ severity: 'LOW', account: 'Boutique Dakar' });
    expect(delivered?.message).toContain('below the low threshold of XOF\u00a0100,000');
    const [sent] = run.sent;
    expect(sent?.message.sms).toBe(
      'DEXCHANGE Boutique Dakar: balance XOF 45,000, below XOF 100,000. Top up the account.',
    );
    expect(sent?.message.email).toBe(delivered?.message);
    expect(JSON.stringify(run.sent)).not.toContain(run.apiKey);
  });

  it('a critical balance publishes CRITICAL, in French when asked, with the key read from JSON', async () => {
    const run = await runHandler({
      account: { balances: [10_000] },
      secret: (key) => JSON.stringify({ apiKey: key }),
      env: { ALERT_LOCALE: 'fr' },
    });
    expect(run.result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'CRITICAL', events: ['CRITICAL'] },
    });
    expect(run.sent.map((s) => s.subject)).toEqual([
      '[CRITIQUE] Solde DEXCHANGE de Boutique Dakar : 10 000 F CFA',
    ]);
  });

  it('a transient 503 is retried inside the same check', async () => {
    const run = await runHandler({ account: { balances: [250_000], faults: ['503'] } });
    expect(run.result.status).toBe('fulfilled');
    expect(run.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  const failures: [string, Scenario, RegExp, number][] = [
    [
      '401 as a message list',
      { account: { faults: ['401-list'] } },
      /API key was rejected \(401\)/,
      1,
    ],
    [
      '401 with a code',
      { account: { faults: ['401-coded'] } },
      /rejected \(401 INVALID_API_KEY\)/,
      1,
    ],
    ['401 as a numbered error', { account: { faults: ['401-numbered'] } }, /rejected \(401\)/, 1],
    [
      'a persistent 500',
      { account: { faults: ['500', '500', '500'] } },
      /failed \(500\).*after 3 attempts/,
      3,
    ],
    [
      'a hang',
      { account: { faults: ['hang', 'hang', 'hang'] }, env: { REQUEST_TIMEOUT_MS: '200' } },
      /did not answer within 200 ms/,
      3,
    ],
    ['malformed JSON', { account: { faults: ['malformed-json'] } }, /not JSON/, 1],
    ['an HTML page', { account: { faults: ['html'] } }, /not JSON/, 1],
    ['an empty body', { account: { faults: ['empty'] } }, /empty body/, 1],
    [
      'a balance that is a string',
      { account: { faults: ['wrong-types'] } },
      /balance\.balance must be a finite number/,
      1,
    ],
    [
      'missing fields',
      { account: { faults: ['missing-fields'] } },
      /balance\.currency is missing/,
      1,
    ],
    ['an oversized body', { account: { faults: ['oversized'] } }, /body over 1048576 bytes/, 1],
    [
      'an unexpected currency',
      { account: { currency: 'EUR' }, env: { EXPECTED_CURRENCY: 'XOF' } },
      /EUR, not the expected XOF/,
      1,
    ],
  ];

  it.each(failures)(
    '%s fails the invocation, publishes nothing and never shows the key',
    async (_name, scenario, message, requests) => {
      const run = await runHandler(scenario);
      const error = rejection(run.result);
      expect(error.message).toMatch(message);
      expect(run.requests).toHaveLength(requests);
      expect(run.delivered).toEqual([]);
      expect(run.logs).toContain('"message": "check failed"');
      expect(run.logs).toContain('"CheckFailed"');
      expect(run.logs).not.toContain(run.apiKey);
      expect(error.message).not.toContain(run.apiKey);
    },
  );

  it('a missing secret names the secret and calls no API', async () => {
    const run = await runHandler({ secret: 'missing' });
    expect(rejection(run.result).message).toMatch(
      /secret dexchange-key-that-does-not-exist was not found/,
    );
    expect(run.requests).toHaveLength(0);
    expect(run.delivered).toEqual([]);
  });

  it('an empty secret (the placeholder the stack creates) says to put the key', async () => {
    const run = await runHandler({ secret: () => JSON.stringify({ apiKey: '' }) });
    expect(rejection(run.result).message).toMatch(/secret .* is JSON without a non-empty "apiKey"/);
    expect(run.requests).toHaveLength(0);
  });

  it('a bad environment fails the invocation naming the variable, before any call', async () => {
    const run = await runHandler({ env: { LOW_BALANCE_THRESHOLD: 'beaucoup' } });
    expect(rejection(run.result).message).toBe(
      'Invalid environment: LOW_BALANCE_THRESHOLD must be a number >= 0 (got "beaucoup")',
    );
    expect(run.requests).toHaveLength(0);
    expect(run.delivered).toEqual([]);
  });

  it('a warm container reads the secret once within the cache period', async () => {
    const endpoint = motoUrl ?? '';
    const apiKey = await sandboxAccount(sandboxUrl, { balances: [250_000] });
    const secretId = await createSecret(endpoint, apiKey);
    const { topicArn } = await createTopicWithQueue(endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
    vi.stubEnv('DEXCHANGE_API_URL', sandboxUrl);
    vi.stubEnv('DEXCHANGE_API_KEY_SECRET_ID', secretId);
    vi.stubEnv('ALERT_TOPIC_ARN', topicArn);
    vi.stubEnv('LOW_BALANCE_THRESHOLD', '100000');
    vi.resetModules();
    const { handler } = await import('../../lambda/handler');
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const send = vi.spyOn(SecretsManagerClient.prototype, 'send');
    await captureConsole(async () => {
      for (let i = 0; i < 3; i += 1) await handler({}, { getRemainingTimeInMillis: () => 30_000 });
    });
    expect(send).toHaveBeenCalledTimes(1);
    expect(await sandboxRequests(sandboxUrl, apiKey)).toHaveLength(3);
    send.mockRestore();
  });
});
