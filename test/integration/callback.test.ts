import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { serveCallback } from '../../lambda/callback/handler';
import type { CallbackCheckEvent, CallbackDeps } from '../../lambda/callback/receive';
import { callbackToken, tokenBook } from '../../lambda/callback/token';
import { createCallbackWindow } from '../../lambda/stores/callback-window';
import { createStateTable } from '../support/aws';
import { captureConsole } from '../support/console-capture';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * The callback path against moto and the sandbox: the window's conditional put on the real
 * DynamoDB API (a burst of callbacks starts one check), and the check the receiver starts run
 * by the real check handler, which reads the balance from the sandbox and judges by it alone.
 * The asynchronous invoke between the two is a fake that records its calls: moto's Lambda runs
 * functions in Docker, which this machine does not have.
 */

const motoUrl = inject('motoUrl') ?? '';
const sandboxUrl = inject('sandboxUrl');
const KEY = 'callback-key-'.padEnd(64, 'x');
const BODY = JSON.stringify({
  id: 'tx-1',
  transactionType: 'CASHOUT',
  AMOUNT: 500_000,
  PHONE_NUMBER: '221771234567',
  STATUS: 'SUCCESS',
  COMPLETED_AT: '2026-12-07T10:00:00Z',
  CURRENT_BALANCE: 0,
  PREVIOUS_BALANCE: 500_000,
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function receiver(windowSeconds: number, now: () => Date) {
  const tableName = await createStateTable(motoUrl);
  // One socket: moto checks a condition and writes without a lock, so two requests served by
  // two of its threads at once can both pass (a loaded machine showed it: 2 checks for 100
  // callbacks). DynamoDB itself is atomic; serializing the requests on the wire makes moto so,
  // while the receiver still takes the 100 callbacks concurrently.
  const dynamo = new DynamoDBClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 1 }) },
  });
  const started: { account: string; event: CallbackCheckEvent }[] = [];
  const deps: CallbackDeps = {
    tokens: () => Promise.resolve(tokenBook(KEY, ['Boutique Dakar'])),
    signingSecret: () => Promise.resolve(undefined),
    signatureHeader: 'x-signature',
    claim: createCallbackWindow(dynamo, tableName, windowSeconds),
    startCheck: (account, event) => {
      started.push({ account, event });
      return Promise.resolve();
    },
    now,
  };
  const post = () =>
    serveCallback(
      {
        rawPath: `/${callbackToken(KEY, 'Boutique Dakar')}`,
        requestContext: { http: { method: 'POST' } },
        headers: { 'content-type': 'application/json' },
        body: BODY,
      },
      deps,
    );
  return { started, post };
}

describe('the callback window on DynamoDB', () => {
  it('starts one check for 100 callbacks at once, and the next one after the window', async () => {
    let now = Date.parse('2026-12-07T10:00:05Z');
    const { started, post } = await receiver(20, () => new Date(now));
    const { result } = await captureConsole(() => Promise.all(Array.from({ length: 100 }, post)));
    if (result.status === 'rejected') throw result.reason;
    expect(result.value.map((r) => r.statusCode)).toEqual(Array(100).fill(202));
    expect(started).toHaveLength(1);
    now += 19_000;
    await captureConsole(post);
    expect(started).toHaveLength(1);
    now += 1_000;
    await captureConsole(post);
    expect(started).toHaveLength(2);
  });
});

describe('the check a callback starts', () => {
  it('reads the balance itself: a callback claiming 0 while DEXCHANGE says 500 000 sends nothing', async () => {
    const monitor = await createMonitorFixture(motoUrl, sandboxUrl, {
      account: { balances: [500_000] },
    });
    const { started, post } = await receiver(20, () => new Date());
    await captureConsole(post);
    const [start] = started;
    expect(start?.event.hint.currentBalance).toBe(0);
    const { result } = await monitor.invoke(start?.event);
    expect(result).toEqual({
      status: 'fulfilled',
      value: expect.objectContaining({ status: 'OK', balance: 500_000, events: [] }) as unknown,
    });
    expect(await monitor.requests()).toHaveLength(1);
    expect(await monitor.sent()).toEqual([]);
  });

  it("skips an event Lambda's queue held past 2 minutes: no balance read", async () => {
    const monitor = await createMonitorFixture(motoUrl, sandboxUrl);
    const at = new Date(Date.now() - 180_000).toISOString();
    const { result } = await monitor.invoke({ action: 'callback', at, hint: {} });
    expect(result).toEqual({
      status: 'fulfilled',
      value: { account: 'Boutique Dakar', action: 'callback', skipped: 'stale' },
    });
    expect(await monitor.requests()).toHaveLength(0);
  });
});
