import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createCallbackWindow } from '../../lambda/stores/callback-window';
import { serveCallback } from '../../lambda/callback/handler';
import type { CallbackDeps } from '../../lambda/callback/receive';
import { callbackToken, tokenBook } from '../../lambda/callback/token';
import { payoutCallbackBody } from '../../tools/local-callbacks';
import { captureConsole } from '../support/console-capture';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * A burst of DEXCHANGE callbacks (a bulk payout run, or someone replaying one body): 500 in
 * 10 s through the receiver's own `serveCallback`, with the real token book and the window's
 * conditional write on moto's DynamoDB, for an account whose balance is already below LOW. The
 * check a callback starts is the real check handler against moto and the sandbox (run in this
 * process: moto's Lambda needs Docker), then the schedule's own check. The 10 s are the
 * receiver's injected clock, not waited for. (Real HTTP to the same code: the bench and
 * npm-start-callbacks.test.ts; here it would double the time for nothing the window does.)
 *
 * docs/callbacks.md states the bound: per account at most one callback check per window (20 s)
 * plus the schedule's, each making one GET when DEXCHANGE answers. So 10 s of callbacks start
 * one check, and DEXCHANGE sees 2 GETs in all, far under its 100 a minute.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const KEY = 'burst-callback-key';
const ACCOUNT = 'Boutique Dakar';
const WINDOW_SECONDS = 20;
const BURST = 500;
const BURST_SECONDS = 10;
/** Callbacks in flight at once: 50 steps of 0.2 s, 10 callbacks each. */
const AT_ONCE = 10;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('a burst of 500 callbacks in 10 s', () => {
  it('publishes exactly one LOW, stays within the bound of GETs and meets no throttling', async () => {
    const endpoint = motoUrl ?? '';
    const monitor = await createMonitorFixture(endpoint, sandboxUrl, {
      account: { balances: [60_000] },
    });
    const dynamo = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const container = await monitor.newContainer();
    const context = { getRemainingTimeInMillis: () => 30_000 };
    const checks: Promise<unknown>[] = [];
    const start = Date.now();
    let clock = start;
    const deps: CallbackDeps = {
      tokens: () => Promise.resolve(tokenBook(KEY, [ACCOUNT])),
      signingSecret: () => Promise.resolve(undefined),
      signatureHeader: 'x-signature',
      claim: createCallbackWindow(dynamo, monitor.tableName, WINDOW_SECONDS),
      // The asynchronous invoke's stand-in: the real handler, started and not awaited.
      startCheck: (_account, event) => {
        checks.push(container(event, context));
        return Promise.resolve();
      },
      now: () => new Date(clock),
    };
    const post = (body: string) =>
      serveCallback(
        {
          rawPath: `/${callbackToken(KEY, ACCOUNT)}`,
          requestContext: { http: { method: 'POST' } },
          headers: { 'content-type': 'application/json' },
          body,
        },
        deps,
      );

    const { result, output } = await captureConsole(async () => {
      const statuses: number[] = [];
      for (let sent = 0; sent < BURST; sent += AT_ONCE) {
        clock = start + (sent / BURST) * BURST_SECONDS * 1000;
        const bodies = Array.from({ length: AT_ONCE }, (_, i) =>
          payoutCallbackBody({
            id: `bulk-${sent + i}`,
            amount: 1_000,
            before: 61_000,
            currency: 'XOF',
            at: new Date(clock),
          }),
        );
        const answers = await Promise.all(bodies.map(post));
        statuses.push(...answers.map((a) => a.statusCode));
      }
      const summaries = await Promise.all(checks);
      // The schedule's check comes next: the function's reserved concurrency of 1 runs one
      // check at a time, so it follows the callback's, in the same container.
      summaries.push(await container({}, context));
      return { statuses, summaries };
    });
    dynamo.destroy();
    if (result.status === 'rejected') throw result.reason;
    const { statuses, summaries } = result.value;

    // Every callback taken (202), none refused for lack of capacity.
    expect(statuses).toHaveLength(BURST);
    expect(new Set(statuses)).toEqual(new Set([202]));
    expect(clock - start).toBeLessThan(BURST_SECONDS * 1000);
    // One check per window: 10 s of callbacks inside one 20 s window start one check.
    expect(checks).toHaveLength(Math.ceil(BURST_SECONDS / WINDOW_SECONDS));
    expect(summaries).toHaveLength(2);
    for (const summary of summaries)
      expect(summary).toMatchObject({ status: 'LOW', balance: 60_000 });

    // Exactly one LOW reached SNS: the callback's check said it, the schedule's found it said.
    const sent = await monitor.sent();
    expect(sent.map((n) => n.attributes.severity)).toEqual(['LOW']);

    // The bound: one callback check + the schedule's, one GET each; no 429 from DEXCHANGE.
    const requests = await monitor.requests();
    expect(requests).toHaveLength(checks.length + 1);
    expect(requests.map((r) => r.status)).toEqual(requests.map(() => 200));

    // No throttling anywhere: no 429 answered, no ThrottlingException or "throttl" in any log.
    expect(output).not.toMatch(/throttl|"status":\s*429|TooManyRequests/i);
    const receiverLines = output.split('\n').filter((l) => l.includes('"message":"callback"'));
    expect(receiverLines).toHaveLength(BURST);
    expect(receiverLines.filter((l) => l.includes('"reason":"started"'))).toHaveLength(1);
  });
});
