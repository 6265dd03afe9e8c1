import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SUBSCRIPTION_HEALTH_WATCH,
  WATCHDOG_ALARM_PERIOD_MINUTES,
  WATCHDOG_EVERY_MINUTES,
} from '../../lambda/contract/watchdog';
import {
  OverdueError,
  alarmingJobs,
  overdueAccounts,
  overdueJobs,
} from '../../lambda/watchdog/overdue';

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
        const late = overdueJobs(jobs, lastRuns, new Map(), now).map((l) => l.overdue);
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
        const late = overdueJobs(jobs, new Map(), since, now).map((l) => l.overdue);
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
    expect(overdueJobs(jobs, times, since, now).map((l) => l.overdue)).toEqual([
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

/**
 * A late job is a pulse: the watchdog fails for it on the runs of one alarm period past its
 * window, then once a day while it stays late, so the dead-man alarm goes back to OK between
 * pulses and an account going overdue meanwhile raises a fresh ALARM. Simulated as CloudWatch
 * judges it: clock-aligned periods of WATCHDOG_ALARM_PERIOD_MINUTES, ALARM when a run failed in
 * the period (one evaluation period, infra/operator-alarm.ts).
 */
describe("a late job's pulse", () => {
  const DAY = 24 * 60;
  const window = SUBSCRIPTION_HEALTH_WATCH.overdueAfterMinutes;
  /** Whether the watchdog's run at `t` (minutes) fails for the job, its last run at `lastRun`. */
  const jobFails = (t: number, lastRun: number) => {
    const at = new Date(now.getTime() + t * 60_000);
    const lastRuns = new Map([
      ['#subscriptions', new Date(now.getTime() + lastRun * 60_000).toISOString()],
    ]);
    return alarmingJobs(overdueJobs(jobs, lastRuns, new Map(), at)).length > 0;
  };
  /** The watchdog's runs over `days` from `lastRun`, every WATCHDOG_EVERY_MINUTES, `offset` late. */
  const runs = (lastRun: number, offset: number, days: number) =>
    Array.from(
      { length: Math.floor((days * DAY) / WATCHDOG_EVERY_MINUTES) },
      (_, i) => lastRun + offset + i * WATCHDOG_EVERY_MINUTES,
    );
  const arbitraries = [
    fc.integer({ min: 0, max: 10_000 }), // the job's last run, minutes after `now`
    fc.double({ min: 0.01, max: WATCHDOG_EVERY_MINUTES - 0.01, noNaN: true }), // run phase
  ] as const;

  it('fails no run within its window, then the runs of one alarm period past it, and once a day after', () => {
    fc.assert(
      fc.property(...arbitraries, (lastRun, offset) => {
        const times = runs(lastRun, offset, 4);
        for (const t of times) {
          const past = t - lastRun - window;
          if (past <= 0) expect(jobFails(t, lastRun)).toBe(false);
          // A margin of a minute either side of the pulse's edges: the watchdog rounds minutes.
          else if (past % DAY > 1 && past % DAY < WATCHDOG_ALARM_PERIOD_MINUTES - 1)
            expect(jobFails(t, lastRun)).toBe(true);
          else if (past % DAY > WATCHDOG_ALARM_PERIOD_MINUTES + 1 && past % DAY < DAY - 1)
            expect(jobFails(t, lastRun)).toBe(false);
        }
        // Each day past the window, a pulse of at least two runs and at most an alarm period.
        for (let day = 0; day < 3; day++) {
          const failed = times.filter((t) => {
            const past = t - lastRun - window;
            // (The day's edges a minute early: the watchdog rounds minutes.)
            return past > day * DAY - 1 && past <= (day + 1) * DAY - 1 && jobFails(t, lastRun);
          });
          expect(failed.length).toBeGreaterThanOrEqual(2);
          expect((failed.at(-1) ?? 0) - (failed[0] ?? 0)).toBeLessThan(
            WATCHDOG_ALARM_PERIOD_MINUTES,
          );
        }
      }),
      { numRuns: 40 },
    );
  });

  it('puts the alarm in ALARM once a day, back to OK between; an account overdue meanwhile alarms afresh', () => {
    fc.assert(
      fc.property(
        ...arbitraries,
        fc.integer({ min: 2 * 60, max: 22 * 60 }), // when an account goes overdue, past the pulse
        (lastRun, offset, accountAfter) => {
          const period = WATCHDOG_ALARM_PERIOD_MINUTES;
          const times = runs(lastRun, offset, 3);
          const accountOverdueFrom = lastRun + window + accountAfter;
          const states = new Map<number, { job: boolean; account: boolean }>();
          for (const t of times) {
            const start = Math.floor(t / period) * period;
            const state = states.get(start) ?? { job: false, account: false };
            states.set(start, {
              job: state.job || jobFails(t, lastRun),
              account: state.account || t >= accountOverdueFrom,
            });
          }
          const periods = [...states.entries()].sort(([a], [b]) => a - b);
          // The job alone: ALARM in at most two periods in a row, at most twice a day.
          const jobAlarms = periods.filter(([, s]) => s.job).map(([start]) => start);
          expect(jobAlarms.length).toBeGreaterThanOrEqual(2);
          expect(jobAlarms.length).toBeLessThanOrEqual(6);
          // The account's first failing period follows an OK period: a fresh ALARM, a new e-mail.
          const first = periods.findIndex(([, s]) => s.account);
          expect(first).toBeGreaterThan(0);
          const before = periods[first - 1]?.[1];
          expect(before?.job === true || before?.account === true).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });
});
