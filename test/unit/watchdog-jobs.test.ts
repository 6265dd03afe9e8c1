import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION_HEALTH_WATCH } from '../../lambda/contract/watchdog';
import { OverdueError, overdueAccounts, overdueJobs } from '../../lambda/watchdog/overdue';

/**
 * The watchdog's rule for the subscription-health job (pure: the times are arguments): overdue
 * exactly when its item's `updatedAt` (its last completed run) is older than 3 of its periods,
 * counted from first sight when it has no item yet, as an account is; read by its own item's
 * key only, so no account's item makes it look alive.
 */

const now = new Date('2026-12-01T12:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const jobs = [SUBSCRIPTION_HEALTH_WATCH];

describe('the subscription-health job, as the watchdog judges it', () => {
  it('is overdue exactly when its last completed run is more than 180 minutes old', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (minutes) => {
        const lastRuns = new Map([['#subscriptions', ago(minutes).toISOString()]]);
        const late = overdueJobs(jobs, lastRuns, new Map(), now);
        expect(late.length === 1).toBe(minutes > 180);
        if (late.length === 1)
          expect(late[0]).toEqual({
            job: 'subscription-health',
            lastRunAt: ago(minutes).toISOString(),
            minutes,
          });
      }),
    );
  });

  it('with no item yet, counts from when the watchdog first saw it missing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (minutes) => {
        const since = new Map([['#subscriptions', ago(minutes)]]);
        const late = overdueJobs(jobs, new Map(), since, now);
        expect(late).toEqual(minutes > 180 ? [{ job: 'subscription-health', minutes }] : []);
      }),
    );
  });

  it("reads its own item only: an account's time never makes it look alive, nor it an account", () => {
    const times = new Map([
      ['subscription-health', now.toISOString()],
      ['shop1', now.toISOString()],
    ]);
    const since = new Map([['#subscriptions', ago(200)]]);
    expect(overdueJobs(jobs, times, since, now)).toEqual([
      { job: 'subscription-health', minutes: 200 },
    ]);
    const jobFresh = new Map([['#subscriptions', now.toISOString()]]);
    expect(
      overdueAccounts(
        [{ account: 'shop1', overdueAfterMinutes: 30 }],
        jobFresh,
        new Map([['shop1', ago(40)]]),
        now,
      ),
    ).toEqual([{ account: 'shop1', minutes: 40 }]);
  });

  it("the failed run's error names the job, the accounts, or both", () => {
    const job = { job: 'subscription-health' as const, minutes: 181 };
    const account = { account: 'shop1', minutes: 35 };
    expect(new OverdueError(2, [], [job]).message).toBe(
      'subscription-health job without a completed run for 181 min',
    );
    expect(new OverdueError(2, [account]).message).toBe(
      '1 of 2 accounts without a completed check: shop1 (35 min)',
    );
    expect(new OverdueError(2, [account], [job]).message).toBe(
      'subscription-health job without a completed run for 181 min; 1 of 2 accounts without a completed check: shop1 (35 min)',
    );
  });
});
