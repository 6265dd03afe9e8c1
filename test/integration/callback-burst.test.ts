import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createCallbackWindow } from '../../lambda/stores/callback-window';
import {
  payoutCallbackBody,
  postCallback,
  startCallbackReceiver,
} from '../../tools/local-callbacks';
import { captureConsole } from '../support/console-capture';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * A burst of DEXCHANGE callbacks (a bulk payout run, or someone replaying one body): 500 in
 * 10 s, over real HTTP, through the receiver's own code (tools/local-callbacks.ts wraps
 * `serveCallback`) with the window on moto's DynamoDB, for an account whose balance is already
 * below LOW. The check a callback starts is the real check handler against moto and the
 * sandbox (run in this process: moto's Lambda needs Docker), then the schedule's own check. The
 * 10 s are the receiver's injected clock, not waited for.
 *
 * docs/callbacks.md states the bound: per account at most one callback check per window (20 s)
 * plus the schedule's, each making one GET when DEXCHANGE answers. So 10 s of callbacks start
 * one check, and DEXCHANGE sees 2 GETs in all, far under its 100 a minute.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const WINDOW_SECONDS = 20;
const BURST = 500;
const BURST_SECONDS = 10;
const BATCHES = 10;

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
    const summaries: unknown[] = [];
    const start = Date.now();
    let clock = start;
    const receiver = await startCallbackReceiver({
      accounts: ['Boutique Dakar'],
      claim: createCallbackWindow(dynamo, monitor.tableName, WINDOW_SECONDS),
      now: () => new Date(clock),
      check: async (_account, event) => {
        summaries.push(await container(event, context));
      },
    });
    const url = receiver.urlOf('Boutique Dakar');

    const { result, output } = await captureConsole(async () => {
      const statuses: number[] = [];
      for (let batch = 0; batch < BATCHES; batch += 1) {
        clock = start + (batch * BURST_SECONDS * 1000) / BATCHES;
        const bodies = Array.from({ length: BURST / BATCHES }, (_, i) =>
          payoutCallbackBody({
            id: `bulk-${batch}-${i}`,
            amount: 1_000,
            before: 61_000,
            currency: 'XOF',
            at: new Date(clock),
          }),
        );
        statuses.push(...(await Promise.all(bodies.map((body) => postCallback(url, body)))));
      }
      await receiver.settled();
      // The schedule's check comes next: the function's reserved concurrency of 1 runs one
      // check at a time, so it follows the callback's, in the same container.
      summaries.push(await container({}, context));
      return statuses;
    });
    await receiver.close();
    dynamo.destroy();
    if (result.status === 'rejected') throw result.reason;

    // Every callback taken (202), none refused for lack of capacity.
    expect(result.value).toHaveLength(BURST);
    expect(new Set(result.value)).toEqual(new Set([202]));
    // One check per window: 10 s of callbacks inside one 20 s window start one check.
    expect(receiver.started()).toBe(Math.ceil(BURST_SECONDS / WINDOW_SECONDS));
    expect(summaries).toHaveLength(2);
    for (const summary of summaries)
      expect(summary).toMatchObject({ status: 'LOW', balance: 60_000 });

    // Exactly one LOW reached SNS: the callback's check said it, the schedule's found it said.
    const sent = await monitor.sent();
    expect(sent.map((n) => n.attributes.severity)).toEqual(['LOW']);

    // The bound: one callback check + the schedule's, one GET each; no 429 from DEXCHANGE.
    const requests = await monitor.requests();
    expect(requests).toHaveLength(receiver.started() + 1);
    expect(requests.map((r) => r.status)).toEqual(requests.map(() => 200));

    // No throttling anywhere: no 429 answered, no ThrottlingException or "throttl" in any log.
    expect(output).not.toMatch(/throttl|"status":\s*429|TooManyRequests/i);
    const receiverLines = output.split('\n').filter((l) => l.includes('"message":"callback"'));
    expect(receiverLines).toHaveLength(BURST);
    expect(receiverLines.filter((l) => l.includes('"reason":"started"'))).toHaveLength(1);
  });
});
