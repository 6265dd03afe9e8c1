import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { captureConsole } from '../support/console-capture';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * The watchdog on moto's DynamoDB, reading the item the real check wrote: an account checked
 * in time is not overdue; one never checked is given its window from when the watchdog first
 * saw it, then counted and named; the count goes out as the metric its alarm reads.
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
    type Result = { watched: number; overdue: readonly object[] };
    const runAt = async (minutes: number) => {
      vi.useFakeTimers({ toFake: ['Date'], now: checkedAt + minutes * 60_000 });
      try {
        // A fresh container each time: what it remembers is in its own item, not in memory.
        return await captureConsole(async () => (await watchdog())(event));
      } finally {
        vi.useRealTimers();
      }
    };

    // 20 minutes after the check: nobody is overdue; Thies, never checked, is first seen.
    const first = await runAt(20);
    expect(first.result).toEqual({ status: 'fulfilled', value: { watched: 2, overdue: [] } });
    expect(first.output).toMatch(/"OverdueAccounts":\s*0/);

    // 35 minutes after it: the checked account is overdue, counted from its item's time (not
    // from when the watchdog first looked); Thies has had 15 of its 30 minutes.
    const later = await runAt(35);
    expect(later.result.status).toBe('fulfilled');
    const { overdue } = (later.result as PromiseFulfilledResult<Result>).value;
    expect(overdue).toEqual([
      { account: 'Boutique Dakar', lastCheckAt: expect.any(String) as unknown, minutes: 35 },
    ]);
    expect(later.output).toMatch(/"OverdueAccounts":\s*1/);
    expect(later.output).toContain('"message": "account without a completed check"');

    // 55 minutes after it: Thies too, counted from its first sight (35 minutes).
    const last = await runAt(55);
    expect((last.result as PromiseFulfilledResult<Result>).value.overdue).toEqual([
      { account: 'Boutique Dakar', lastCheckAt: expect.any(String) as unknown, minutes: 55 },
      { account: 'Thies', minutes: 35 },
    ]);
  });

  it("refuses an input without its list, saying what the schedule's input holds", async () => {
    await createMonitorFixture(motoUrl ?? '', sandboxUrl);
    await expect((await watchdog())({ watched: [{ account: '' }] })).rejects.toThrow(
      /Invalid event: watched.*schedule's input lists/,
    );
  });
});
