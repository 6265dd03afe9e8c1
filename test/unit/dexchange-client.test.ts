import { afterEach, describe, expect, it } from 'vitest';
import {
  createDexchangeClient,
  type DexchangeClientOptions,
} from '../../lambda/providers/dexchange/client';
import {
  AuthenticationError,
  CheckError,
  ConfigurationError,
  InvalidResponseError,
  UnavailableError,
} from '../../lambda/errors';
import {
  json,
  startScriptedServer,
  validBody,
  type Responder,
  type ScriptedServer,
} from '../support/http-server';

/** The client against a real HTTP server on loopback: real fetch, real sockets, real timeouts. */

const KEY = 'dx_live_7Qm2ZpK9sVt4';
let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(respond: Responder, options: Partial<DexchangeClientOptions> = {}) {
  server = await startScriptedServer(respond);
  const sleeps: number[] = [];
  const client = createDexchangeClient({
    baseUrl: server.url,
    timeoutMs: 1000,
    // Fast backoff: the schedule's maths is tested with its own numbers, here we test behaviour.
    backoff: { baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 2000 },
    ...options,
  });
  return { client, sleeps, requests: server.requests };
}

async function failure(promise: Promise<unknown>): Promise<CheckError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CheckError);
    expect((error as Error).message).not.toContain(KEY);
    return error as CheckError;
  }
  throw new Error('expected the read to fail');
}

describe('a good answer', () => {
  it('reads the balance with a Bearer header on the documented path', async () => {
    const { client, requests } = await clientFor((_req, res) =>
      json(res, 200, validBody(1_250_000)),
    );
    const reading = await client.getBalance(KEY);
    expect(reading).toMatchObject({
      balance: 1_250_000,
      currency: 'XOF',
      lastUpdate: '2026-11-28T08:30:00Z',
      attempts: 1,
    });
    expect(reading.latencyMs).toBeGreaterThanOrEqual(0);
    expect(requests[0]?.url).toBe('/api/v1/api-services/balance');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('accepts unknown extra fields and a negative balance', async () => {
    const body = { ...validBody(-1500), extra: { nested: true } };
    (body.balance as Record<string, unknown>).provider = 'wave';
    const { client } = await clientFor((_req, res) => json(res, 200, body));
    await expect(client.getBalance(KEY)).resolves.toMatchObject({ balance: -1500 });
  });

  it('keeps a path prefix of the base URL', async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, validBody()));
    const client = createDexchangeClient({ baseUrl: `${server.url}/proxy/`, timeoutMs: 1000 });
    await client.getBalance(KEY);
    expect(server.requests[0]?.url).toBe('/proxy/api/v1/api-services/balance');
  });
});

describe('retries', () => {
  it('retries a 5xx and succeeds on the third attempt', async () => {
    const { client, requests } = await clientFor((_req, res, i) =>
      i < 2 ? json(res, 503, { error: 503, message: 'busy' }) : json(res, 200, validBody()),
    );
    await expect(client.getBalance(KEY)).resolves.toMatchObject({ attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  it('gives up after 2 retries on a persistent 500, as unavailable', async () => {
    const { client, requests } = await clientFor((_req, res) =>
      json(res, 500, { error: 500, message: 'boom' }),
    );
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/failed \(500\): boom \(after 3 attempts\)/);
    expect(requests).toHaveLength(3);
  });

  it.each([401, 403, 404])('does not retry %i', async (status) => {
    const { client, requests } = await clientFor((_req, res) =>
      json(res, status, { error: status, message: 'no' }),
    );
    await failure(client.getBalance(KEY));
    expect(requests).toHaveLength(1);
  });

  it('honours Retry-After on 429', async () => {
    // The wait is recorded, not slept: the client waits through the sleep it is given.
    const sleeps: number[] = [];
    const { client, requests } = await clientFor(
      (_req, res, i) =>
        i === 0
          ? json(res, 429, { error: 429, message: 'slow down' }, { 'retry-after': '1' })
          : json(res, 200, validBody()),
      { sleep: (ms) => (sleeps.push(ms), Promise.resolve()) },
    );
    await expect(client.getBalance(KEY)).resolves.toMatchObject({ attempts: 2 });
    expect(sleeps).toEqual([1000]);
    expect(requests).toHaveLength(2);
  });

  it('retries a 429 without Retry-After on its own backoff', async () => {
    const { client, requests } = await clientFor((_req, res, i) =>
      i === 0 ? json(res, 429, { error: 429, message: 'slow down' }) : json(res, 200, validBody()),
    );
    await expect(client.getBalance(KEY)).resolves.toMatchObject({ attempts: 2 });
    expect(requests).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than its cap', async () => {
    const { client, requests } = await clientFor((_req, res) =>
      json(res, 429, { error: 429, message: 'slow down' }, { 'retry-after': '120' }),
    );
    const started = Date.now();
    const error = await failure(client.getBalance(KEY));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toMatch(/rate limiting.*retry after 120 s/);
    expect(requests).toHaveLength(1);
  });

  it('retries a connection that is refused, then reports it', async () => {
    server = await startScriptedServer((_req, res) => json(res, 200, validBody()));
    const url = server.url;
    await server.close();
    server = undefined;
    const client = createDexchangeClient({
      baseUrl: url,
      timeoutMs: 500,
      backoff: { baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 100 },
    });
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    expect(error.attempts).toBe(3);
  });
});

describe('timeouts', () => {
  it('aborts a request that hangs, per attempt, and retries it', async () => {
    const { client, requests } = await clientFor(() => undefined, { timeoutMs: 200 });
    const started = Date.now();
    const error = await failure(client.getBalance(KEY));
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toMatch(/did not answer within 200 ms/);
    expect(requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(3000);
  });

  it('times out a body that trickles in too slowly', async () => {
    const { client } = await clientFor(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"message":"ok",');
      },
      { timeoutMs: 200, maxRetries: 0 },
    );
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(UnavailableError);
  });

  it('stops retrying at the deadline it was given', async () => {
    const { client, requests } = await clientFor(() => undefined, { timeoutMs: 1000 });
    const started = Date.now();
    await failure(client.getBalance(KEY, Date.now() + 300));
    expect(Date.now() - started).toBeLessThan(900);
    expect(requests).toHaveLength(1);
  });
});

describe('authentication failures', () => {
  it.each([
    [
      'a list of messages',
      { message: ['Unauthorized'], success: false },
      /rejected \(401\): Unauthorized/,
    ],
    [
      'a coded error',
      { success: false, message: 'Invalid API key', code: 'INVALID_API_KEY' },
      /rejected \(401 INVALID_API_KEY\)/,
    ],
    ['a numbered error', { error: 401, message: 'Unauthorized' }, /rejected \(401\): Unauthorized/],
  ])('401 with %s is an authentication error', async (_shape, body, message) => {
    const { client } = await clientFor((_req, res) => json(res, 401, body));
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(message);
  });

  it('an expired key says so', async () => {
    const { client } = await clientFor((_req, res) =>
      json(res, 401, { success: false, message: 'API key expired', code: 'EXPIRED_API_KEY' }),
    );
    const error = await failure(client.getBalance(KEY));
    expect(error.code).toBe('EXPIRED_API_KEY');
  });

  it('403 for permissions is authentication, 403 for maintenance is unavailable', async () => {
    const { client } = await clientFor((_req, res, i) =>
      i === 0
        ? json(res, 403, { success: false, message: 'Insufficient permissions', code: 'FORBIDDEN' })
        : json(res, 403, {
            success: false,
            message: 'API under maintenance',
            code: 'SERVICE_UNAVAILABLE',
          }),
    );
    expect(await failure(client.getBalance(KEY))).toBeInstanceOf(AuthenticationError);
    expect(await failure(client.getBalance(KEY))).toBeInstanceOf(UnavailableError);
  });

  it('404 points at DEXCHANGE_API_URL', async () => {
    const { client } = await clientFor((_req, res) =>
      json(res, 404, { error: 404, message: 'Not Found' }),
    );
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('DEXCHANGE_API_URL');
  });

  it('never follows a redirect with the key', async () => {
    const { client, requests } = await clientFor((_req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/balance' });
      res.end();
    });
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('https://elsewhere.example/balance');
    expect(requests).toHaveLength(1);
  });

  it('refuses an empty key without calling the API', async () => {
    const { client, requests } = await clientFor((_req, res) => json(res, 200, validBody()));
    expect(await failure(client.getBalance('  '))).toBeInstanceOf(ConfigurationError);
    expect(requests).toHaveLength(0);
  });
});

describe('bodies that are not a balance', () => {
  const cases: [string, Responder, RegExp][] = [
    ['malformed JSON', (_q, r) => json(r, 200, '{"message": "ok", "balance": {'), /not JSON/],
    [
      'HTML',
      (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html' });
        r.end('<html><body>Bad gateway</body></html>');
      },
      /not JSON/,
    ],
    [
      'an empty body',
      (_q, r) => {
        r.writeHead(200);
        r.end();
      },
      /empty body/,
    ],
    ['a balance as a string', (_q, r) => json(r, 200, validBody('250000')), /balance\.balance/],
    [
      'a balance of null',
      (_q, r) =>
        json(r, 200, { message: 'ok', balance: { ...validBody().balance, balance: null } }),
      /balance\.balance/,
    ],
    [
      'missing lastUpdate and currency',
      (_q, r) => json(r, 200, { message: 'ok', balance: { success: true, balance: 5 } }),
      /balance\.currency.*balance\.lastUpdate/,
    ],
    ['a missing balance object', (_q, r) => json(r, 200, { message: 'ok' }), /balance/],
    ['a lowercase currency', (_q, r) => json(r, 200, validBody(5, 'xof')), /3-letter/],
    [
      'a date without a zone',
      (_q, r) =>
        json(r, 200, {
          message: 'ok',
          balance: { ...validBody().balance, lastUpdate: '2026-11-28 08:30' },
        }),
      /lastUpdate/,
    ],
    [
      'success=false',
      (_q, r) =>
        json(r, 200, { message: 'ok', balance: { ...validBody().balance, success: false } }),
      /success=false/,
    ],
    ['a JSON array', (_q, r) => json(r, 200, [1, 2, 3]), /not the documented shape/],
  ];

  it.each(cases)('%s is an invalid response, not retried', async (_name, respond, message) => {
    const { client, requests } = await clientFor(respond);
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(message);
    expect(requests).toHaveLength(1);
  });

  it('an infinite balance cannot even be sent as JSON, and 1e999 is rejected', async () => {
    const { client } = await clientFor((_req, res) =>
      json(
        res,
        200,
        '{"message":"ok","balance":{"success":true,"balance":1e999,"currency":"XOF","lastUpdate":"2026-11-28T08:30:00Z"}}',
      ),
    );
    const error = await failure(client.getBalance(KEY));
    expect(error.message).toMatch(/finite/);
  });

  it('a body over 1 MiB is an error, read no further than the cap', async () => {
    let written = 0;
    const { client } = await clientFor((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        // Stream up to 64 MiB unless the client hangs up first.
        while (written < 64 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/over 1048576 bytes/);
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    const { client } = await clientFor((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(5 * 1024 * 1024),
      });
      res.write('{');
    });
    expect(await failure(client.getBalance(KEY))).toBeInstanceOf(InvalidResponseError);
  });

  it('a wrong currency fails when one is expected', async () => {
    const { client } = await clientFor((_req, res) => json(res, 200, validBody(5000, 'EUR')), {
      expectedCurrency: 'XOF',
    });
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('EUR, not the expected XOF');
  });

  it('an unknown error body still gives a typed error with the status and an excerpt', async () => {
    const { client } = await clientFor((_req, res) =>
      json(res, 418, { teapot: true, detail: 'short and stout' }),
    );
    const error = await failure(client.getBalance(KEY));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.status).toBe(418);
    expect(error.excerpt).toContain('short and stout');
  });
});

describe('the key stays secret', () => {
  it('is redacted when the server echoes it in an error body', async () => {
    const { client } = await clientFor((req, res) =>
      json(res, 401, {
        success: false,
        message: `key ${req.headers.authorization ?? ''} is invalid`,
        code: 'INVALID_API_KEY',
      }),
    );
    const error = await failure(client.getBalance(KEY));
    expect(
      JSON.stringify({ message: error.message, excerpt: error.excerpt, code: error.code }),
    ).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('is redacted when a 200 body echoes it', async () => {
    const { client } = await clientFor((_req, res) => json(res, 200, { message: `hello ${KEY}` }));
    const error = await failure(client.getBalance(KEY));
    expect(error.excerpt).toContain('[redacted]');
    expect(error.excerpt).not.toContain(KEY);
  });
});
