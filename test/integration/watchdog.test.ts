import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { SUBSCRIPTION_HEALTH_WATCH } from '../../lambda/contract/watchdog';
import { SUBSCRIPTIONS_ITEM_KEY } from '../../lambda/contract/subscriptions';
import { captureConsole } from '../support/console-capture';
import { createMonitorFixture } from '../support/monitor-fixture';
import type { OverdueError } from '../../lambda/watchdog/overdue';

/**
 * The watchdog on moto's DynamoDB, reading the item the real check wrote: an account checked
 * in time is not overdue and the run succeeds; one never checked is given its window from when
 * the watchdog first saw it, then named. A run with an overdue account fails: Lambda counts the
 * failed run in its own Errors, the metric the dead-man switch reads (moto does not evaluate
 * alarms: the alarm's metric math is held in test/infra/stack.test.ts). No custom metric.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function watchdog() {
  vi.resetModules();
  const { handler } = await import('../../lambda/watchdog/handler');
  return handler;
}

/** One run of a fresh watchdog (what it remembers is in its own item), `minutes` after `t0`. */
async function watchdogRunAt(event: unknown, t0: number, minutes: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: t0 + minutes * 60_000 });
  try {
    return await captureConsole(async () => (await watchdog())(event));
  } finally {
    vi.useRealTimers();
  }
}

/** The error a run failed with; throws when it did not fail. */
function failedWith(result: PromiseSettledResult<unknown>): OverdueError {
  if (result.status !== 'rejected') throw new Error('the run should have failed');
  return result.reason as OverdueError;
}

describe.skipIf(motoUrl === null)('the watchdog', () => {
  it("reads the checks' items, gives a new account its window, then names it", async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [250_000] },
    });
    const checkedAt = Date.now();
    const checked = await monitor.invoke();
    expect(checked.result).toMatchObject({ status: 'fulfilled', value: { status: 'OK' } });
    const event = {
      watched: [
        { account: 'Boutique Dakar', overdueAfterMinutes: 30 },
        { account: 'Thies', overdueAfterMinutes: 30 },
      ],
    };
    const runAt = (minutes: number) => watchdogRunAt(event, checkedAt, minutes);

    // 20 minutes after the check: nobody is overdue, the run succeeds; Thies, never checked,
    // is first seen.
    const first = await runAt(20);
    expect(first.result).toEqual({ status: 'fulfilled', value: { watched: 2, overdue: [] } });
    // No custom metric: the alarm reads Lambda's own count of failed runs.
    expect(first.output).not.toContain('OverdueAccounts');
    expect(first.output).not.toContain('_aws');

    // 35 minutes after it: the checked account is overdue, counted from its item's time (not
    // from when the watchdog first looked); Thies has had 15 of its 30 minutes. The run fails,
    // naming it: that failed run is the alarm's datapoint.
    const later = await runAt(35);
    const error = failedWith(later.result);
    // (Its own class, by name: each run imports a fresh module.)
    expect(error.name).toBe('OverdueError');
    expect(error.message).toBe(
      '1 of 2 accounts without a completed check: Boutique Dakar (35 min)',
    );
    expect(error.overdue).toEqual([
      { account: 'Boutique Dakar', lastCheckAt: expect.any(String) as unknown, minutes: 35 },
    ]);
    expect(later.output).toContain('"message": "account without a completed check"');
    expect(later.output).not.toContain('OverdueAccounts');

    // 55 minutes after it: Thies too, counted from its first sight (35 minutes).
    const last = await runAt(55);
    expect(failedWith(last.result).overdue).toEqual([
      { account: 'Boutique Dakar', lastCheckAt: expect.any(String) as unknown, minutes: 55 },
      { account: 'Thies', minutes: 35 },
    ]);

    // A check completes again: the next run succeeds, and the alarm goes back to OK.
    await monitor.invoke();
    const afterwards = await captureConsole(async () => (await watchdog())(event));
    expect(afterwards.result).toMatchObject({ status: 'fulfilled', value: { watched: 2 } });
  });

  it("watches the subscription-health job by its item's time: none yet is given 3 of its periods from first sight, then named; a completed run clears it; one 3 periods old is named again, failing the run for one alarm period a day", async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [250_000] },
    });
    const t0 = Date.now();
    await monitor.invoke();
    // The input the stack gives (infra/watchdog.ts): the accounts, then the job.
    expect(SUBSCRIPTION_HEALTH_WATCH).toEqual({
      kind: 'subscription-health',
      overdueAfterMinutes: 180,
    });
    const event = {
      watched: [
        { account: 'Boutique Dakar', overdueAfterMinutes: 100_000 },
        SUBSCRIPTION_HEALTH_WATCH,
      ],
    };
    const runAt = (minutes: number) => watchdogRunAt(event, t0, minutes);
    const passes = {
      status: 'fulfilled',
      value: { watched: 1, overdue: [], jobs: 1, overdueJobs: [] },
    };

    // A fresh deploy: the job has not run yet. First sight, then 179 minutes: its grace.
    expect((await runAt(0)).result).toEqual(passes);
    expect((await runAt(179)).result).toEqual(passes);
    // 181 minutes after first sight: the run fails naming the job, not an account.
    const never = await runAt(181);
    const error = failedWith(never.result);
    expect(error.message).toBe('subscription-health job without a completed run for 181 min');
    expect(error.jobs).toEqual([{ job: 'subscription-health', minutes: 181 }]);
    expect(error.overdue).toEqual([]);
    expect(never.output).toContain('"message": "subscription-health job without a completed run"');
    expect(never.output).not.toContain('account without a completed check');

    // The job completes a run at minute 190 (its item, as the job saves it last).
    const dynamo = new DynamoDBClient({
      endpoint: motoUrl ?? '',
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const ranAt = new Date(t0 + 190 * 60_000).toISOString();
    await dynamo.send(
      new PutItemCommand({
        TableName: monitor.tableName,
        Item: {
          account: { S: SUBSCRIPTIONS_ITEM_KEY },
          memory: { S: '{}' },
          updatedAt: { S: ranAt },
        },
      }),
    );
    // Fresh: passes, up to 3 periods after it.
    expect((await runAt(200)).result).toEqual(passes);
    expect((await runAt(190 + 180)).result).toEqual(passes);
    // Its runs stop (schedule dropped, crashing, its notice refused): named again, from that run.
    const stale = failedWith((await runAt(190 + 181)).result);
    expect(stale.jobs).toEqual([{ job: 'subscription-health', lastRunAt: ranAt, minutes: 181 }]);
    // Past its pulse (one alarm period), the runs pass again, the job still named in each log:
    // the alarm goes back to OK, so an account overdue meanwhile raises an ALARM of its own.
    const between = await runAt(190 + 180 + 45);
    expect(between.result).toEqual({
      status: 'fulfilled',
      value: {
        watched: 1,
        overdue: [],
        jobs: 1,
        overdueJobs: [{ job: 'subscription-health', lastRunAt: ranAt, minutes: 225 }],
      },
    });
    expect(between.output).toContain(
      '"message": "subscription-health job without a completed run"',
    );
    // A day on, still late: its pulse again.
    const reminder = failedWith((await runAt(190 + 180 + 24 * 60 + 5)).result);
    expect(reminder.jobs).toEqual([
      { job: 'subscription-health', lastRunAt: ranAt, minutes: 180 + 24 * 60 + 5 },
    ]);
  });

  it("refuses an input without its list, saying what the schedule's input holds", async () => {
    await createMonitorFixture(motoUrl ?? '', sandboxUrl);
    await expect((await watchdog())({ watched: [{ account: '' }] })).rejects.toThrow(
      /Invalid event: watched.*schedule's input lists/,
    );
    // A job the watchdog does not know is refused too, not passed over.
    await expect(
      (await watchdog())({ watched: [{ kind: 'digest', overdueAfterMinutes: 60 }] }),
    ).rejects.toThrow(/Invalid event: watched.*"kind": "subscription-health"/);
  });
});
