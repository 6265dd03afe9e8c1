import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  callbackPorts,
  RECEIVER_CLIENT_CONFIG,
  serveCallback,
  type ReceiverClientConfig,
} from '../../lambda/callback/handler';
import type { CallbackCheckEvent, CallbackDeps } from '../../lambda/callback/receive';
import { callbackToken } from '../../lambda/callback/token';
import { clients, createSecret, createStateTable } from '../support/aws';
import { captureConsole } from '../support/console-capture';
import {
  forward,
  jsonError,
  startFaultProxy,
  type AwsCall,
  type FaultProxy,
  type MadeUp,
} from '../support/fault-proxy';
import { startScriptedServer, type ScriptedServer } from '../support/http-server';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * The fault matrix of the callback receiver (docs/fault-matrix.md, "The callback receiver"):
 * each row a fault of the receiver's path, run through `serveCallback` with the ports the
 * Function URL's handler builds (`callbackPorts`): the callback key and the signing secret read
 * from moto's Secrets Manager by the real secret reader, the window's conditional put on moto's
 * DynamoDB, both behind the fault proxy for the faults moto cannot make; the asynchronous invoke
 * sent by the real Lambda client to a stand-in that answers as the Lambda Invoke API does (202,
 * or its error shapes), or to moto for a function that does not exist. The check a callback
 * starts is run by the real check handler (lambda/handler.ts) against the sandbox. Every log
 * line of every row is searched for the key, the tokens, the signing secret, the body and the
 * phone number.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const root = path.resolve(import.meta.dirname, '..', '..');
const ACCOUNT = 'Boutique Dakar';
const FUNCTION = 'balance-monitor-check-boutique-dakar';
const KEY = 'callback-key-'.padEnd(64, 'k');
const SIGNING = 'dexchange-signing-secret-v1';
const PHONE = '221771234567';
const CALLBACK = {
  id: 'tx-1',
  transactionType: 'CASHOUT',
  AMOUNT: 25_000,
  PHONE_NUMBER: PHONE,
  STATUS: 'SUCCESS',
  COMPLETED_AT: '2026-12-07T10:00:00Z',
  CURRENT_BALANCE: 475_000,
  PREVIOUS_BALANCE: 500_000,
};
const BODY = JSON.stringify(CALLBACK);

/**
 * The SDK's own retry (3 attempts, throttling told apart) with its backoff cut to 5 ms, so no
 * row waits; each attempt cut at 1 s, as in production (RECEIVER_CLIENT_CONFIG).
 */
const FAST: ReceiverClientConfig = {
  ...RECEIVER_CLIENT_CONFIG,
  retryStrategy: new ConfiguredRetryStrategy(3, () => 5),
};

/** An error answer of the Lambda Invoke API (restJson1: its type in `x-amzn-errortype`). */
interface LambdaError {
  readonly status: number;
  readonly type: string;
  readonly body: Record<string, string>;
}

const LAMBDA = {
  throttled: {
    status: 429,
    type: 'TooManyRequestsException',
    body: { Type: 'User', message: 'Rate Exceeded.', Reason: 'CallerRateLimitExceeded' },
  },
  serviceError: {
    status: 500,
    type: 'ServiceException',
    body: { Type: 'Service', message: 'An internal error occurred' },
  },
  accessDenied: {
    status: 403,
    type: 'AccessDeniedException',
    body: {
      Message: `User: arn:aws:sts::123456789012:assumed-role/receiver/x is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`,
    },
  },
} as const satisfies Record<string, LambdaError>;

type InvokeAnswer = 'queued' | 'hang' | LambdaError;

/**
 * A stand-in for the Lambda Invoke API: records each asynchronous invoke (the function, the
 * invocation type, the event) and answers as scripted: 202 with no body when queued.
 */
interface InvokeApi {
  readonly url: string;
  readonly invokes: { fn: string; type: string | undefined; event: CallbackCheckEvent }[];
  answer: (index: number) => InvokeAnswer;
  close(): Promise<void>;
}

async function startInvokeApi(): Promise<InvokeApi> {
  const api: Omit<InvokeApi, 'url' | 'close'> = { invokes: [], answer: () => 'queued' };
  let calls = 0;
  const server: ScriptedServer = await startScriptedServer(
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const answer = api.answer(calls);
        calls += 1;
        const fn = decodeURIComponent(
          /\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '',
        );
        if (answer === 'queued') {
          api.invokes.push({
            fn,
            type: req.headers['x-amz-invocation-type'] as string | undefined,
            event: JSON.parse(Buffer.concat(chunks).toString('utf8')) as CallbackCheckEvent,
          });
          res.writeHead(202, { 'x-amzn-requestid': `req-${calls}` });
          res.end();
          return;
        }
        if (answer === 'hang') return;
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': answer.type,
        });
        res.end(JSON.stringify(answer.body));
      });
    },
  );
  return Object.assign(api, { url: server.url, close: () => server.close() });
}

const MISSING = { missing: true } as const;

let proxy: FaultProxy;
let lambda: InvokeApi;
const everything: string[] = [];
const results = new Map<string, 'pass' | 'FAIL'>();

interface ReceiverOptions {
  /** What the key secret holds; `{missing: true}` for no such secret. */
  readonly key?: string | { readonly missing: true };
  /** The account's signing secret; `{missing: true}` names one that does not exist. */
  readonly signing?: string | { readonly missing: true };
  readonly table?: 'missing';
  /** Secrets Manager and DynamoDB through the fault proxy. */
  readonly proxied?: boolean;
  /** Where the invoke goes: the stand-in (default), or moto, which has no such function. */
  readonly lambdaAt?: 'moto';
  readonly clientConfig?: ReceiverClientConfig;
}

/** One receiver container: its secrets and table in moto, its ports as the handler builds them. */
async function receiver(options: ReceiverOptions = {}) {
  const moto = motoUrl ?? '';
  const keyId =
    typeof options.key === 'object'
      ? 'callbacks-key-that-does-not-exist'
      : await createSecret(moto, options.key ?? KEY);
  const signingId =
    options.signing === undefined
      ? undefined
      : typeof options.signing === 'object'
        ? 'dexchange-signing-that-does-not-exist'
        : await createSecret(moto, options.signing);
  const table = options.table === 'missing' ? 'no-such-table' : await createStateTable(moto);
  const through = options.proxied === true ? proxy.url : moto;
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', through);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', through);
  vi.stubEnv('AWS_ENDPOINT_URL_LAMBDA', options.lambdaAt === 'moto' ? moto : lambda.url);
  const ports: CallbackDeps = callbackPorts(
    {
      STATE_TABLE_NAME: table,
      CALLBACK_KEY_SECRET_ID: keyId,
      CALLBACK_ACCOUNTS: JSON.stringify([
        {
          account: ACCOUNT,
          function: FUNCTION,
          ...(signingId === undefined ? {} : { signingSecretId: signingId }),
        },
      ]),
    },
    options.clientConfig ?? FAST,
  );
  const token = callbackToken(KEY, ACCOUNT);
  /** One POST of the callback (signed with `signedWith`), and its one log line. */
  async function post(request: { token?: string; signedWith?: string; body?: string } = {}) {
    const body = request.body ?? BODY;
    const signature =
      request.signedWith === undefined
        ? {}
        : { 'x-signature': createHmac('sha256', request.signedWith).update(body).digest('hex') };
    const { result, output } = await captureConsole(() =>
      serveCallback(
        {
          rawPath: `/${request.token ?? token}`,
          requestContext: { http: { method: 'POST' } },
          headers: { 'content-type': 'application/json', ...signature },
          body,
        },
        ports,
      ),
    );
    everything.push(output);
    if (result.status === 'rejected') throw result.reason;
    const line = output.split('\n').find((l) => l.includes('"message":"callback"')) ?? '{}';
    return {
      status: result.value.statusCode,
      body: result.value.body,
      log: JSON.parse(line) as Record<string, unknown>,
    };
  }
  return { post, keyId, signingId, table, token };
}

/** The calls the proxy saw of one operation. */
const callsOf = (operation: string) =>
  proxy.calls.filter((c: AwsCall) => c.operation.endsWith(operation)).length;

/** The rule: `operation` answered with `answer` the first `times` times (all when omitted). */
function fail(operation: string, answer: MadeUp, times = Number.POSITIVE_INFINITY) {
  let seen = 0;
  proxy.setRule((call) => {
    if (!call.operation.endsWith(operation)) return forward;
    seen += 1;
    return seen <= times ? answer : forward;
  });
}

const unavailable = (failure: string, error: string | RegExp) => ({
  message: 'callback',
  status: 503,
  reason: 'unavailable',
  failure,
  error: typeof error === 'string' ? error : (expect.stringMatching(error) as unknown),
});

interface Row {
  readonly id: string;
  readonly run: () => Promise<void>;
}

const rows: Row[] = [
  // The window's table.
  {
    id: 'callback-window-throttled',
    run: async () => {
      const r = await receiver({ proxied: true });
      fail('PutItem', jsonError(400, 'ProvisionedThroughputExceededException'));
      const first = await r.post();
      expect(first.status).toBe(503);
      expect(first.log).toEqual({
        ...unavailable('window', 'ProvisionedThroughputExceededException'),
        account: ACCOUNT,
      });
      expect(callsOf('PutItem')).toBe(3);
      expect(lambda.invokes).toHaveLength(0);
      proxy.setRule(() => forward);
      const retry = await r.post();
      expect([retry.status, retry.log.reason]).toEqual([202, 'started']);
      expect(lambda.invokes).toHaveLength(1);
    },
  },
  {
    id: 'callback-window-throttled-once',
    run: async () => {
      const r = await receiver({ proxied: true });
      fail('PutItem', jsonError(400, 'ProvisionedThroughputExceededException'), 1);
      const answer = await r.post();
      expect([answer.status, answer.log.reason]).toEqual([202, 'started']);
      expect(callsOf('PutItem')).toBe(2);
      expect(lambda.invokes).toHaveLength(1);
    },
  },
  {
    id: 'callback-window-table-missing',
    run: async () => {
      const r = await receiver({ table: 'missing' });
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('window', 'ResourceNotFoundException'),
        account: ACCOUNT,
      });
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  {
    id: 'callback-window-access-denied',
    run: async () => {
      const r = await receiver({ proxied: true });
      fail(
        'PutItem',
        jsonError(400, 'AccessDeniedException', 'not authorized to perform: dynamodb:PutItem'),
      );
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('window', 'AccessDeniedException'),
        account: ACCOUNT,
      });
      expect(callsOf('PutItem')).toBe(1);
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  // The callback key.
  {
    id: 'callback-key-missing',
    run: async () => {
      const r = await receiver({ key: MISSING, proxied: true });
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual(
        unavailable(
          'callback-key',
          'ResourceNotFoundException: the callback key (secret callbacks-key-that-does-not-exist) was not found, or has no value yet; put it with aws secretsmanager put-secret-value',
        ),
      );
      // Nothing else is touched: no account is known without the key.
      expect(callsOf('PutItem')).toBe(0);
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  {
    id: 'callback-key-access-denied',
    run: async () => {
      const r = await receiver({ proxied: true });
      fail('GetSecretValue', jsonError(400, 'AccessDeniedException'));
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual(
        unavailable(
          'callback-key',
          /^AccessDeniedException: the callback key \(secret .+\) may not be read by the function \(AccessDenied\)/,
        ),
      );
      expect(callsOf('GetSecretValue')).toBe(1);
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  {
    id: 'callback-key-empty',
    run: async () => {
      const r = await receiver({ key: '   ' });
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual(
        unavailable('callback-key', /^DeliveryError: the callback key \(secret .+\) is empty;/),
      );
    },
  },
  {
    id: 'callback-key-replaced',
    run: async () => {
      // The key's value changed (put by hand, or the secret re-created): every URL printed from
      // the old key names no account any more, and is answered as any unknown URL is.
      const r = await receiver({ key: 'another-key-'.padEnd(64, 'z') });
      const answer = await r.post();
      expect([answer.status, answer.body]).toEqual([404, 'not found']);
      expect(answer.log).toEqual({ message: 'callback', status: 404, reason: 'unknown-token' });
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  {
    id: 'callback-secrets-manager-throttled',
    run: async () => {
      const r = await receiver({ proxied: true });
      fail('GetSecretValue', jsonError(400, 'ThrottlingException', 'Rate exceeded'));
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual(
        unavailable(
          'callback-key',
          /^ThrottlingException: the callback key .+ could not be read \(ThrottlingException\)/,
        ),
      );
      expect(callsOf('GetSecretValue')).toBe(3);
      // Once past, the next callback reads it (a failed read is not cached) and starts the check.
      proxy.setRule(() => forward);
      expect((await r.post()).status).toBe(202);
      expect(lambda.invokes).toHaveLength(1);
    },
  },
  {
    id: 'callback-secrets-manager-down',
    run: async () => {
      const r = await receiver({ proxied: true });
      fail('GetSecretValue', jsonError(500, 'InternalServiceError'));
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual(unavailable('callback-key', /^InternalServiceError: /));
      expect(callsOf('GetSecretValue')).toBe(3);
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  // The signing secret.
  {
    id: 'callback-signing-secret-missing',
    run: async () => {
      const r = await receiver({ signing: MISSING });
      // Never taken unsigned for want of the secret: signed or not, 503.
      for (const signedWith of [SIGNING, undefined]) {
        const answer = await r.post(signedWith === undefined ? {} : { signedWith });
        expect(answer.status).toBe(503);
        expect(answer.log).toEqual({
          ...unavailable(
            'signing-secret',
            /^ResourceNotFoundException: the callback signing secret \(secret dexchange-signing-that-does-not-exist\) was not found/,
          ),
          account: ACCOUNT,
        });
      }
      expect(lambda.invokes).toHaveLength(0);
    },
  },
  {
    id: 'callback-signing-secret-rotated',
    run: async () => {
      const r = await receiver({ signing: SIGNING });
      const start = Date.now();
      expect((await r.post({ signedWith: SIGNING })).status).toBe(202);
      // DEXCHANGE signs with a new secret, and the operator puts it: the warm container still
      // holds the old one for SECRET_CACHE_SECONDS (300 s by default).
      const rotated = 'dexchange-signing-secret-v2';
      await clients(motoUrl ?? '').secrets.send(
        new PutSecretValueCommand({ SecretId: r.signingId, SecretString: rotated }),
      );
      vi.useFakeTimers({ toFake: ['Date'], now: start + 60_000 });
      const during = await r.post({ signedWith: rotated });
      expect([during.status, during.log.reason]).toEqual([401, 'signature']);
      vi.setSystemTime(start + 301_000);
      const after = await r.post({ signedWith: rotated });
      expect([after.status, after.log.reason]).toEqual([202, 'started']);
      expect((await r.post({ signedWith: SIGNING })).status).toBe(401);
      expect(lambda.invokes).toHaveLength(2);
    },
  },
  // The asynchronous invoke.
  {
    id: 'callback-invoke-throttled-once',
    run: async () => {
      const r = await receiver();
      lambda.answer = (i) => (i < 2 ? LAMBDA.throttled : 'queued');
      const answer = await r.post();
      expect([answer.status, answer.log.reason]).toEqual([202, 'started']);
      expect(lambda.invokes).toEqual([expect.objectContaining({ fn: FUNCTION, type: 'Event' })]);
    },
  },
  {
    id: 'callback-invoke-throttled',
    run: async () => {
      const r = await receiver();
      lambda.answer = () => LAMBDA.throttled;
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('invoke', 'TooManyRequestsException'),
        account: ACCOUNT,
        windowReleased: true,
      });
      // The window was given back: the sender's retry starts the check.
      lambda.answer = () => 'queued';
      const retry = await r.post();
      expect([retry.status, retry.log.reason]).toEqual([202, 'started']);
      expect(lambda.invokes).toHaveLength(1);
    },
  },
  {
    id: 'callback-invoke-function-missing',
    run: async () => {
      const r = await receiver({ lambdaAt: 'moto' });
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('invoke', 'ResourceNotFoundException'),
        account: ACCOUNT,
        windowReleased: true,
      });
    },
  },
  {
    id: 'callback-invoke-access-denied',
    run: async () => {
      const r = await receiver();
      let calls = 0;
      lambda.answer = () => {
        calls += 1;
        return LAMBDA.accessDenied;
      };
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('invoke', 'AccessDeniedException'),
        account: ACCOUNT,
        windowReleased: true,
      });
      expect(calls).toBe(1);
    },
  },
  {
    id: 'callback-invoke-service-error',
    run: async () => {
      const r = await receiver();
      let calls = 0;
      lambda.answer = () => {
        calls += 1;
        return LAMBDA.serviceError;
      };
      const answer = await r.post();
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('invoke', 'ServiceException'),
        account: ACCOUNT,
        windowReleased: true,
      });
      expect(calls).toBe(3);
    },
  },
  {
    id: 'callback-invoke-hangs',
    run: async () => {
      // Lambda takes the invoke and never answers: each attempt is cut (here at 150 ms, 1 s in
      // production), and the receiver answers 503 and gives the window back, well before its
      // own timeout would end it with a 5xx and nothing logged.
      const r = await receiver({
        clientConfig: {
          ...FAST,
          requestHandler: { ...RECEIVER_CLIENT_CONFIG.requestHandler, requestTimeout: 150 },
        },
      });
      lambda.answer = () => 'hang';
      const began = performance.now();
      const answer = await r.post();
      const took = performance.now() - began;
      expect(answer.status).toBe(503);
      expect(answer.log).toEqual({
        ...unavailable('invoke', /^(TimeoutError|RequestTimeout)/),
        account: ACCOUNT,
        windowReleased: true,
      });
      // Far below the function's 10 s timeout (the point), with room for a loaded machine.
      expect(took).toBeLessThan(5_000);
    },
  },
  // A flood.
  {
    id: 'callback-flood',
    run: async () => {
      // 40 callbacks with the account's token and 40 with wrong ones, as fast as the
      // receiver's 5 reserved instances take them (past those the Function URL answers 429
      // itself): the wrong ones reach neither DynamoDB nor Lambda, the right ones one
      // conditional put each, and one check starts.
      const r = await receiver({ proxied: true });
      const wrong = callbackToken('guessed-key', ACCOUNT);
      const queue = Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? {} : { token: wrong }));
      const answers: { status: number }[] = [];
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          for (let next = queue.shift(); next !== undefined; next = queue.shift())
            answers.push(await r.post(next));
        }),
      );
      expect(answers.filter((a) => a.status === 202)).toHaveLength(40);
      expect(answers.filter((a) => a.status === 404)).toHaveLength(40);
      expect(callsOf('PutItem')).toBe(40);
      expect(lambda.invokes).toHaveLength(1);
    },
  },
  // The check a callback starts.
  {
    id: 'callback-check-meets-scheduled',
    run: async () => {
      const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
        account: { balances: [45_000] },
      });
      const r = await receiver();
      await r.post();
      const [queued] = lambda.invokes;
      // Where Lambda runs both at once (two containers): one LOW, whichever saves first.
      const [scheduled, byCallback] = [await monitor.newContainer(), await monitor.newContainer()];
      const context = { getRemainingTimeInMillis: () => 30_000 };
      const both = await captureConsole(() =>
        Promise.all([scheduled({}, context), byCallback(queued?.event, context)]),
      );
      everything.push(both.output);
      if (both.result.status === 'rejected') throw both.result.reason;
      expect((await monitor.sent()).map((m) => m.attributes.severity)).toEqual(['LOW']);
      // With the function's reserved concurrency of 1, Lambda throttles the event and its queue
      // retries it: a minute later it runs, reads once more, and tells nothing new.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
      const retried = await monitor.invoke(queued?.event, byCallback);
      expect(retried.result).toEqual({
        status: 'fulfilled',
        value: expect.objectContaining({ status: 'LOW' }) as unknown,
      });
      // Held past 2 minutes, it is dropped without a read: the schedule has checked by then.
      vi.setSystemTime(Date.now() + 120_000);
      const late = await monitor.invoke(queued?.event, byCallback);
      everything.push(retried.logs, late.logs);
      expect(late.result).toEqual({
        status: 'fulfilled',
        value: { account: ACCOUNT, action: 'callback', skipped: 'stale' },
      });
      expect(await monitor.requests()).toHaveLength(3);
      expect((await monitor.sent()).map((m) => m.attributes.severity)).toEqual(['LOW']);
    },
  },
  {
    id: 'callback-completed-at-skewed',
    run: async () => {
      // DEXCHANGE's clock a day ahead, or a year behind, or no date at all: the window and the
      // check are timed by the receiver's clock; COMPLETED_AT times nothing.
      const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
        account: { balances: [500_000] },
      });
      const r = await receiver();
      const before = Date.now();
      const ahead = await r.post({
        body: JSON.stringify({
          ...CALLBACK,
          COMPLETED_AT: new Date(before + 86_400_000).toISOString(),
        }),
      });
      expect([ahead.status, ahead.log.reason]).toEqual([202, 'started']);
      const at = Date.parse(lambda.invokes[0]?.event.at ?? '');
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
      const run = await monitor.invoke(lambda.invokes[0]?.event);
      everything.push(run.logs);
      expect(run.result).toEqual({
        status: 'fulfilled',
        value: expect.objectContaining({ status: 'OK', balance: 500_000 }) as unknown,
      });
      vi.useFakeTimers({ toFake: ['Date'], now: before + 21_000 });
      for (const completed of ['2025-12-07T10:00:00Z', 'hier soir'])
        expect(
          (await r.post({ body: JSON.stringify({ ...CALLBACK, COMPLETED_AT: completed }) })).status,
        ).toBe(202);
      expect(lambda.invokes).toHaveLength(2);
      expect(await monitor.sent()).toEqual([]);
    },
  },
  {
    id: 'callback-replayed-after-window',
    run: async () => {
      const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
        account: { balances: [500_000] },
      });
      const r = await receiver({ signing: SIGNING });
      const start = Date.now();
      expect((await r.post({ signedWith: SIGNING })).status).toBe(202);
      vi.useFakeTimers({ toFake: ['Date'], now: start + 5_000 });
      const within = await r.post({ signedWith: SIGNING });
      expect([within.status, within.log.reason]).toEqual([202, 'within-window']);
      vi.setSystemTime(start + 21_000);
      const replayed = await r.post({ signedWith: SIGNING });
      expect([replayed.status, replayed.log.reason]).toEqual([202, 'started']);
      expect(lambda.invokes).toHaveLength(2);
      for (const { event } of lambda.invokes) {
        const run = await monitor.invoke(event);
        everything.push(run.logs);
      }
      // The replay cost one balance read, and told no one anything.
      expect(await monitor.requests()).toHaveLength(2);
      expect(await monitor.sent()).toEqual([]);
    },
  },
];

/** The rows of one section of docs/fault-matrix.md (from its heading to the next). */
function sectionRows(doc: string, heading: string): string[] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const next = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/`([\w-]+)`\s*\|$/gm)].map((m) => m[1] ?? '');
}

describe.skipIf(motoUrl === null)('the fault matrix of the callback receiver', () => {
  beforeAll(async () => {
    proxy = await startFaultProxy(motoUrl ?? '');
    lambda = await startInvokeApi();
  });
  afterEach(() => {
    proxy.setRule(() => forward);
    proxy.calls.length = 0;
    lambda.answer = () => 'queued';
    lambda.invokes.length = 0;
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await Promise.all([proxy.close(), lambda.close()]);
    const lines = rows.map((row) => `${(results.get(row.id) ?? 'not run').padEnd(7)} ${row.id}`);
    console.info(
      `\nThe callback receiver's faults, ${results.size} rows run:\n${lines.join('\n')}\n`,
    );
  });

  it.each(rows)('$id', async (row) => {
    try {
      await row.run();
      results.set(row.id, 'pass');
    } catch (error) {
      results.set(row.id, 'FAIL');
      throw error;
    }
  });

  it('no log line of any row holds the key, a token, the signing secret, the body or the phone number', () => {
    const all = everything.join('\n');
    expect(all).toContain('"message":"callback"');
    for (const secret of [
      KEY,
      callbackToken(KEY, ACCOUNT),
      SIGNING,
      'dexchange-signing-secret-v2',
      PHONE,
      BODY,
      'tx-1',
    ])
      expect(all).not.toContain(secret);
  });

  it('docs/fault-matrix.md, "The callback receiver", lists exactly the rows this file runs', () => {
    const doc = readFileSync(path.join(root, 'docs/fault-matrix.md'), 'utf8');
    expect(sectionRows(doc, 'The callback receiver').sort()).toEqual(rows.map((r) => r.id).sort());
  });
});
