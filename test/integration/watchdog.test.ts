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
    const checked = await monitor.invoke();
    expect(checked.result.status).toBe('fulfilled');
    const event = {
      watched: [
        { account: 'Boutique Dakar', overdueAfterMinutes: 30 },
        { account: 'Thies', overdueAfterMinutes: 30 },
      ],
    };
    const run = await watchdog();
    const start = Date.now();
    const first = await captureConsole(() => run(event));
    expect(first.result).toEqual({ status: 'fulfilled', value: { watched: 2, overdue: [] } });
    expect(first.output).toMatch(/"OverdueAccounts":\s*0/);

    // 40 minutes on, no check has run: both are overdue, the one never checked counted from
    // the watchdog's first sight of it (kept in its own item, across containers).
    vi.useFakeTimers({ toFake: ['Date'], now: start + 40 * 60_000 });
    const later = await captureConsole(async () => (await watchdog())(event));
    expect(later.result.status).toBe('fulfilled');
    const value = (
      later.result as PromiseFulfilledResult<{ overdue: readonly { account: string }[] }>
    ).value;
    expect(value.overdue.map((o) => o.account).sort()).toEqual(['Boutique Dakar', 'Thies']);
    expect(later.output).toMatch(/"OverdueAccounts":\s*2/);
    expect(later.output).toContain('"message": "account without a completed check"');
  });

  it("refuses an input without its list, saying what the schedule's input holds", async () => {
    await createMonitorFixture(motoUrl ?? '', sandboxUrl);
    await expect((await watchdog())({ watched: [{ account: '' }] })).rejects.toThrow(
      /Invalid event: watched.*schedule's input lists/,
    );
  });
});
