import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeySecret } from '../../lambda/providers/dexchange/api-key-secret';
import { loadConfig } from '../../lambda/config';
import { createDexchangeClient } from '../../lambda/providers/dexchange/client';
import { CheckError, ConfigurationError } from '../../lambda/errors';
import { boundPropertyRuns } from '../support/fast-check';
import { startScriptedServer, type ScriptedServer } from '../support/http-server';

/**
 * Bad input, fuzzed: whatever the API answers, whatever the secret holds, whatever the
 * environment says, the code returns a valid result or one of its typed errors. Nothing else
 * is thrown, nothing hangs.
 */

boundPropertyRuns();

const KEY = 'dx_fuzz_9f3Kq2LmZx';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
}

let server: ScriptedServer;
let answer: Answer = { status: 200, contentType: 'application/json', body: new Uint8Array() };

beforeAll(async () => {
  server = await startScriptedServer((_req, res) => {
    res.writeHead(answer.status, { 'content-type': answer.contentType, 'retry-after': '0' });
    res.end(answer.body);
  });
});
afterAll(async () => {
  await server.close();
});

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * Bodies near the real shape (where parsers break) as well as arbitrary JSON and bytes. The valid
 * ones are dated in the past: the client refuses a lastUpdate in the future, and a range up to
 * 9999 made a valid reading so rare that a run of 300 could draw none.
 */
const validBodyArb = fc
  .record({
    message: fc.string(),
    balance: fc.record({
      success: fc.constant(true),
      balance: fc.double({ noNaN: true, noDefaultInfinity: true }),
      currency: fc.stringMatching(/^[A-Z]{3}$/),
      lastUpdate: fc
        .date({
          noInvalidDate: true,
          min: new Date('1970-01-01'),
          max: new Date(Date.now() - 60_000),
        })
        .map((d) => d.toISOString()),
    }),
  })
  .map((v) => encode(JSON.stringify(v)));

const bodyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  validBodyArb,
  fc.jsonValue().map((v) => encode(JSON.stringify(v))),
  fc
    .record(
      {
        message: fc.oneof(fc.string(), fc.jsonValue()),
        balance: fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              success: fc.oneof(fc.boolean(), fc.jsonValue()),
              balance: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null)),
              currency: fc.oneof(fc.constantFrom('XOF', 'EUR', 'xof', 'XO'), fc.string()),
              lastUpdate: fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                fc.string(),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        success: fc.jsonValue(),
        code: fc.string(),
        error: fc.oneof(fc.integer(), fc.string()),
      },
      { requiredKeys: [] },
    )
    .map((v) => encode(JSON.stringify(v))),
  fc.uint8Array({ maxLength: 4096 }),
  fc.string().map(encode),
);

const anyAnswerArb: fc.Arbitrary<Answer> = fc.record({
  status: fc.constantFrom(
    200,
    200,
    200,
    201,
    204,
    301,
    400,
    401,
    403,
    404,
    418,
    429,
    500,
    502,
    503,
  ),
  contentType: fc.constantFrom('application/json', 'text/html', 'application/octet-stream'),
  body: bodyArb,
});

/** One draw in four is a well-formed 200, so both outcomes occur in every run, whatever the seed. */
const answerArb: fc.Arbitrary<Answer> = fc.oneof(
  {
    weight: 1,
    arbitrary: validBodyArb.map((body) => ({ status: 200, contentType: 'application/json', body })),
  },
  { weight: 3, arbitrary: anyAnswerArb },
);

describe('fuzzing the API client', () => {
  it('returns a valid balance or a typed error, never anything else, never hangs', async () => {
    const client = createDexchangeClient({
      baseUrl: server.url,
      timeoutMs: 1000,
      backoff: { baseDelayMs: 1, maxDelayMs: 2, retryAfterCapMs: 10 },
    });
    let readings = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(answerArb, async (next) => {
        answer = next;
        const outcome = await Promise.race([
          client.getBalance(KEY).then(
            (reading) => ({ reading }),
            (error: unknown) => ({ error }),
          ),
          new Promise<{ hang: true }>((resolve) => setTimeout(() => resolve({ hang: true }), 5000)),
        ]);
        expect(outcome).not.toHaveProperty('hang');
        if ('reading' in outcome) {
          readings += 1;
          expect(Number.isFinite(outcome.reading.balance)).toBe(true);
          expect(outcome.reading.currency).toMatch(/^[A-Z]{3}$/);
          expect(Number.isNaN(Date.parse(outcome.reading.lastUpdate))).toBe(false);
        } else if ('error' in outcome) {
          errors += 1;
          expect(outcome.error).toBeInstanceOf(CheckError);
          expect((outcome.error as Error).message).not.toContain(KEY);
        }
      }),
      { numRuns: 300 },
    );
    // Both branches ran: the fuzzer reaches valid answers too.
    expect(readings).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});

describe('fuzzing the secret value', () => {
  it('gives a one-token key or a ConfigurationError naming the secret, never the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.uint8Array(),
          fc.string().map((k) => JSON.stringify({ apiKey: k })),
        ),
        (value) => {
          try {
            const key = parseApiKeySecret(value, 'prod/dexchange');
            expect(key.length).toBeGreaterThan(0);
            expect(key).not.toMatch(/^\s|\s$/);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigurationError);
            expect((error as Error).message).toContain('secret prod/dexchange');
            if (typeof value === 'string' && value.trim().length >= 12)
              expect((error as Error).message).not.toContain(value.trim());
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('fuzzing the environment', () => {
  const names = [
    'DEXCHANGE_API_URL',
    'DEXCHANGE_API_KEY_SECRET_ID',
    'ALERT_TOPIC_ARN',
    'STATE_TABLE_NAME',
    'ACCOUNT_NAME',
    'LOW_BALANCE_THRESHOLD',
    'CRITICAL_BALANCE_THRESHOLD',
    'EXPECTED_CURRENCY',
    'REPEAT_ALERT_MINUTES',
    'RECOVERY_MARGIN_PERCENT',
    'FORECAST_HORIZON_MINUTES',
    'FAILURE_ALERT_AFTER',
    'STALE_AFTER_MINUTES',
    'ALERT_LOCALE',
    'REQUEST_TIMEOUT_MS',
    'SECRET_CACHE_SECONDS',
  ];
  const valid = {
    DEXCHANGE_API_KEY_SECRET_ID: 'dexchange/api-key',
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
    STATE_TABLE_NAME: 'alert-state',
    LOW_BALANCE_THRESHOLD: '100000',
  };
  const valueArb = fc.oneof(
    fc.string(),
    fc.double().map(String),
    fc.integer().map(String),
    fc.constantFrom(
      '',
      ' ',
      'NaN',
      'Infinity',
      '-0',
      '1e309',
      'http://x',
      'https://[::1]',
      'fr',
      'XOF',
    ),
  );

  it('gives a config or a ConfigurationError naming a variable, never anything else', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.option(valueArb, { nil: undefined })),
        (overrides) => {
          try {
            const config = loadConfig({ ...valid, ...overrides });
            expect(Number.isFinite(config.policy.thresholds.low)).toBe(true);
            expect(config.apiUrl).toMatch(/^https:\/\/|^http:\/\/(localhost|127\.|\[::1\])/);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigurationError);
            expect(names.some((name) => (error as Error).message.includes(name))).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
