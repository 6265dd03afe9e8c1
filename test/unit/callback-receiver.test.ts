import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  callbackEnvironmentSchema,
  serveCallback,
  type CallbackUrlEvent,
} from '../../lambda/callback/handler';
import type { CallbackCheckEvent, CallbackDeps } from '../../lambda/callback/receive';
import { callbackToken, tokenBook } from '../../lambda/callback/token';
import { callbackHintOf } from '../../lambda/contract/callback-body';
import { captureConsole } from '../support/console-capture';

/**
 * The callback receiver's request handling, through the Function URL entry's own code with
 * in-memory ports: the token, the method, the content type, the size cap, the signature, the
 * body's shape, the window, and what the one log line may say.
 */

const KEY = 'k'.repeat(64);
const SIGNING = 'dexchange-signing-secret';
const PHONE = '221771234567';

/** A callback as DEXCHANGE's SDK types it. */
const BODY = {
  id: 'tx-1',
  externalTransactionId: 'ext-1',
  transactionType: 'CASHOUT',
  AMOUNT: 25_000,
  FEE: 250,
  PHONE_NUMBER: PHONE,
  STATUS: 'SUCCESS',
  CUSTOM_DATA: '',
  COMPLETED_AT: '2026-12-07T10:00:00Z',
  BALANCE: 475_000,
  PREVIOUS_BALANCE: 500_000,
  CURRENT_BALANCE: 475_000,
};

interface Harness {
  readonly deps: CallbackDeps;
  readonly started: { account: string; event: CallbackCheckEvent }[];
  readonly claims: string[];
  /** Moves the in-memory clock. */
  advance(seconds: number): void;
}

function harness(options: { signed?: string[]; windowSeconds?: number } = {}): Harness {
  let now = Date.parse('2026-12-07T10:00:05Z');
  const until = new Map<string, number>();
  const started: Harness['started'] = [];
  const claims: string[] = [];
  const window = (options.windowSeconds ?? 20) * 1000;
  return {
    started,
    claims,
    advance: (seconds) => {
      now += seconds * 1000;
    },
    deps: {
      tokens: () => Promise.resolve(tokenBook(KEY, ['main', 'Boutique Thiès'])),
      signingSecret: (account) =>
        Promise.resolve(options.signed?.includes(account) === true ? SIGNING : undefined),
      signatureHeader: 'x-signature',
      claim: (account, at) => {
        claims.push(account);
        const t = at.getTime();
        if ((until.get(account) ?? 0) > t) return Promise.resolve(false);
        until.set(account, t + window);
        return Promise.resolve(true);
      },
      startCheck: (account, event) => {
        started.push({ account, event });
        return Promise.resolve();
      },
      now: () => new Date(now),
    },
  };
}

function request(
  body: unknown,
  options: {
    account?: string;
    token?: string;
    method?: string;
    contentType?: string;
    headers?: Record<string, string>;
    base64?: boolean;
  } = {},
): CallbackUrlEvent {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const token = options.token ?? callbackToken(KEY, options.account ?? 'main');
  return {
    rawPath: `/${token}`,
    requestContext: { http: { method: options.method ?? 'POST' } },
    headers: { 'Content-Type': options.contentType ?? 'application/json', ...options.headers },
    body: options.base64 === true ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 === true,
  };
}

const sign = (text: string) => createHmac('sha256', SIGNING).update(text).digest('hex');

async function serve(event: CallbackUrlEvent, h: Harness) {
  const { result, output } = await captureConsole(() => serveCallback(event, h.deps));
  if (result.status === 'rejected') throw result.reason;
  return { ...result.value, log: output };
}

describe('the callback receiver', () => {
  it('starts one check of the account the token names, with the hint, and answers 202', async () => {
    const h = harness();
    const answer = await serve(request(BODY), h);
    expect(answer.statusCode).toBe(202);
    expect(h.started).toEqual([
      {
        account: 'main',
        event: {
          action: 'callback',
          at: '2026-12-07T10:00:05.000Z',
          hint: {
            currentBalance: 475_000,
            completedAt: Date.parse('2026-12-07T10:00:00Z'),
            amount: 25_000,
            status: 'SUCCESS',
            type: 'CASHOUT',
          },
        },
      },
    ]);
  });

  it('knows each account by its own token: an accented name too', async () => {
    const h = harness();
    await serve(request(BODY, { account: 'Boutique Thiès' }), h);
    expect(h.started.map((s) => s.account)).toEqual(['Boutique Thiès']);
    expect(callbackToken(KEY, 'main')).not.toBe(callbackToken(KEY, 'Boutique Thiès'));
    expect(callbackToken(KEY, 'main')).toMatch(/^[\w-]{43}$/);
  });

  it('answers a wrong token and an account that does not exist with the same fixed 404', async () => {
    const h = harness();
    const wrong = callbackToken(KEY, 'main').replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const answers = await Promise.all([
      serve(request(BODY, { token: wrong }), h),
      serve(request(BODY, { account: 'ghost' }), h),
      serve(request(BODY, { token: callbackToken('another key', 'main') }), h),
      serve({ ...request(BODY), rawPath: '/' }, h),
      serve({ ...request(BODY), rawPath: `/${callbackToken(KEY, 'main')}/x` }, h),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe('not found');
    }
    expect(h.claims).toEqual([]);
    expect(h.started).toEqual([]);
  });

  it('refuses another method (405), another content type (415), and a body past 16 KB (413)', async () => {
    const h = harness();
    expect((await serve(request(BODY, { method: 'GET' }), h)).statusCode).toBe(405);
    expect((await serve(request(BODY, { contentType: 'text/plain' }), h)).statusCode).toBe(415);
    expect(
      (await serve(request(BODY, { contentType: 'application/json; charset=utf-8' }), h))
        .statusCode,
    ).toBe(202);
    const big = { ...BODY, CUSTOM_DATA: 'x'.repeat(17_000) };
    expect((await serve(request(big), h)).statusCode).toBe(413);
    expect((await serve(request(big, { base64: true }), h)).statusCode).toBe(413);
    expect((await serve(request('x'.repeat(8_000_000), { base64: true }), h)).statusCode).toBe(413);
    expect(h.started).toHaveLength(1);
  });

  it('reads a base64 body as the bytes sent', async () => {
    const h = harness();
    expect((await serve(request(BODY, { base64: true }), h)).statusCode).toBe(202);
  });

  it('checks the signature when the account has a signing secret: either hex case, constant time', async () => {
    const h = harness({ signed: ['main'] });
    const text = JSON.stringify(BODY);
    const unsigned = await serve(request(text), h);
    expect([unsigned.statusCode, unsigned.body]).toEqual([401, 'unauthorized']);
    const forged = await serve(request(text, { headers: { 'X-Signature': sign(`${text} `) } }), h);
    expect(forged.statusCode).toBe(401);
    const short = await serve(
      request(text, { headers: { 'x-signature': sign(text).slice(2) } }),
      h,
    );
    expect(short.statusCode).toBe(401);
    expect(h.started).toEqual([]);
    const upper = await serve(
      request(text, { headers: { 'X-Signature': sign(text).toUpperCase() } }),
      h,
    );
    expect(upper.statusCode).toBe(202);
    h.advance(30);
    const lower = await serve(request(text, { headers: { 'x-signature': sign(text) } }), h);
    expect(lower.statusCode).toBe(202);
    expect(h.started).toHaveLength(2);
  });

  it('takes unsigned callbacks for an account without a signing secret, whatever header comes', async () => {
    const h = harness({ signed: ['Boutique Thiès'] });
    const answer = await serve(request(BODY, { headers: { 'x-signature': 'nonsense' } }), h);
    expect(answer.statusCode).toBe(202);
  });

  it('starts one check per window, however many callbacks come; a replay inside it starts none', async () => {
    const h = harness();
    for (let i = 0; i < 50; i++) {
      expect((await serve(request(BODY), h)).statusCode).toBe(202);
      h.advance(0.3);
    }
    expect(h.started).toHaveLength(1);
    h.advance(20);
    await serve(request(BODY), h);
    expect(h.started).toHaveLength(2);
  });

  it('answers 503 when the window or the invoke fails, and 503 when the key cannot be read', async () => {
    const h = harness();
    const failing: CallbackDeps = { ...h.deps, claim: () => Promise.reject(new Error('down')) };
    expect((await serve(request(BODY), { ...h, deps: failing })).statusCode).toBe(503);
    const noKey: CallbackDeps = { ...h.deps, tokens: () => Promise.reject(new Error('denied')) };
    expect((await serve(request(BODY), { ...h, deps: noKey })).statusCode).toBe(503);
  });

  it('never logs the body, the token, a header or the phone number', async () => {
    const h = harness({ signed: ['main'] });
    const text = JSON.stringify(BODY);
    const token = callbackToken(KEY, 'main');
    const logs: string[] = [];
    for (const event of [
      request(text, { headers: { 'x-signature': sign(text) } }),
      request(text),
      request({ ...BODY, EXTRA: PHONE }),
      request(BODY, { contentType: 'text/plain' }),
      request('{', { headers: { 'x-signature': sign('{') } }),
    ])
      logs.push((await serve(event, h)).log);
    const all = logs.join('\n');
    expect(logs.map((line) => JSON.parse(line) as unknown)).toEqual([
      { message: 'callback', status: 202, reason: 'started', account: 'main' },
      { message: 'callback', status: 401, reason: 'signature', account: 'main' },
      { message: 'callback', status: 401, reason: 'signature', account: 'main' },
      { message: 'callback', status: 415, reason: 'content-type', account: 'main' },
      { message: 'callback', status: 400, reason: 'not-a-callback', account: 'main' },
    ]);
    for (const secret of [PHONE, token, token.slice(0, 8), sign(text), SIGNING, KEY, 'ext-1'])
      expect(all).not.toContain(secret);
  });
});

describe("the callback's body", () => {
  it("takes the SDK's names in any case: STATUS, Status, status", () => {
    for (const key of ['STATUS', 'Status', 'status'])
      expect(callbackHintOf({ [key]: 'SUCCESS', Current_Balance: 10 })).toEqual({
        status: 'SUCCESS',
        currentBalance: 10,
      });
  });

  it('refuses one field under two spellings, an unknown field, a wrong type, a non-object', () => {
    expect(callbackHintOf({ STATUS: 'SUCCESS', Status: 'FAILED' })).toBeUndefined();
    expect(callbackHintOf({ ...BODY, WHO: 'me' })).toBeUndefined();
    expect(callbackHintOf({ ...BODY, AMOUNT: '25000' })).toBeUndefined();
    expect(callbackHintOf({ ...BODY, STATUS: 'x'.repeat(41) })).toBeUndefined();
    for (const json of [null, [], 'SUCCESS', 3]) expect(callbackHintOf(json)).toBeUndefined();
  });

  it('accepts missing and null fields, and keeps an unreadable COMPLETED_AT out of the hint', () => {
    expect(callbackHintOf({})).toEqual({});
    expect(callbackHintOf({ CURRENT_BALANCE: null, COMPLETED_AT: 'yesterday' })).toEqual({});
  });

  it('answers a body that is no callback with a fixed 400', async () => {
    const h = harness();
    for (const body of ['{', '[1]', JSON.stringify({ STATUS: 'A', status: 'B' })]) {
      const answer = await serve(request(body), h);
      expect([answer.statusCode, answer.body]).toEqual([400, 'bad request']);
    }
    expect(h.claims).toEqual([]);
  });
});

describe("the receiver's environment", () => {
  const env = {
    STATE_TABLE_NAME: 'state',
    CALLBACK_KEY_SECRET_ID: 'arn:key',
    CALLBACK_ACCOUNTS: JSON.stringify([
      { account: 'Boutique Thie\u0300s', function: 'arn:fn', signingSecretId: 'prod/sign' },
    ]),
  };

  it("takes the stack's variables, with the window and header defaults, the name in NFC", () => {
    const parsed = callbackEnvironmentSchema.parse(env);
    expect(parsed.CALLBACK_WINDOW_SECONDS).toBe(20);
    expect(parsed.CALLBACK_SIGNATURE_HEADER).toBe('x-signature');
    expect(parsed.CALLBACK_ACCOUNTS[0]?.account).toBe('Boutique Thiès');
    expect(
      callbackEnvironmentSchema.parse({
        ...env,
        CALLBACK_SIGNATURE_HEADER: 'X-Dexchange-Signature',
      }).CALLBACK_SIGNATURE_HEADER,
    ).toBe('x-dexchange-signature');
  });

  it('refuses a window under 10 s, a list that is not JSON or names no function, naming the variable', () => {
    for (const bad of [
      { CALLBACK_WINDOW_SECONDS: '5' },
      { CALLBACK_ACCOUNTS: 'main' },
      { CALLBACK_ACCOUNTS: JSON.stringify([{ account: 'main' }]) },
      { CALLBACK_SIGNATURE_HEADER: 'x signature' },
    ]) {
      const result = callbackEnvironmentSchema.safeParse({ ...env, ...bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(Object.keys(bad)[0]);
    }
  });
});
