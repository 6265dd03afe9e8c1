/**
 * The dead-man switch, for every account at once: which accounts have no completed check for
 * longer than they may. Each check saves its time (`updatedAt`) at least every
 * SAVE_EVERY_MINUTES when nothing changes, so an account is overdue once that time is older
 * than its window (which outlasts every gap its schedule plans) plus that saving interval.
 * Pure: the caller reads the items and the clock.
 */

import { CLOCK_AHEAD_TOLERANCE_MS } from '../alerting/clock';
import {
  JOB_REMINDER_EVERY_MINUTES,
  WATCHDOG_ALARM_PERIOD_MINUTES,
  WATCHED_JOB_ITEMS,
  type WatchedAccount,
  type WatchedJob,
  type WatchedJobKind,
} from '../contract/watchdog';

export type { WatchedAccount };

export interface Overdue {
  readonly account: string;
  /** The last completed check, when there is one. */
  readonly lastCheckAt?: string;
  /** How long since it, in minutes (since the watch began when there is none). */
  readonly minutes: number;
}

/**
 * `lastChecks` maps an account to its item's `updatedAt`. An account with no item yet (a fresh
 * deploy, a cron that has not reached its first run) counts from `missingSince`, when the
 * watchdog first saw it without one, so a new account is given its window too.
 */
export function overdueAccounts(
  watched: readonly WatchedAccount[],
  lastChecks: ReadonlyMap<string, string>,
  missingSince: ReadonlyMap<string, Date>,
  now: Date,
): Overdue[] {
  return watched.flatMap(({ account, overdueAfterMinutes }) => {
    const last = lastChecks.get(account);
    const at = last === undefined ? Number.NaN : Date.parse(last);
    const since = Number.isNaN(at) ? (missingSince.get(account) ?? now).getTime() : at;
    const minutes = Math.max(0, (now.getTime() - since) / 60_000);
    if (minutes <= overdueAfterMinutes) return [];
    return [
      {
        account,
        ...(Number.isNaN(at) ? {} : { lastCheckAt: new Date(at).toISOString() }),
        minutes: Math.round(minutes),
      },
    ];
  });
}

export interface OverdueJob {
  readonly job: WatchedJobKind;
  /** The job's last completed run, when there is one. */
  readonly lastRunAt?: string;
  /** How long since it, in minutes (since the watch began when there is none). */
  readonly minutes: number;
}

/** A late job (what the watchdog logs of it) with its watch, whose window times its pulse. */
export interface LateJob {
  readonly watch: WatchedJob;
  readonly overdue: OverdueJob;
}

/**
 * The jobs with no completed run for longer than they may: the same rule as an account's, on
 * the item each job saves at the end of a completed run (`lastRuns` and `missingSince` by that
 * item's key), so a job not run yet since the deploy is given its window from first sight.
 */
export function overdueJobs(
  jobs: readonly WatchedJob[],
  lastRuns: ReadonlyMap<string, string>,
  missingSince: ReadonlyMap<string, Date>,
  now: Date,
): LateJob[] {
  return jobs.flatMap((watch) =>
    overdueAccounts(
      [{ account: WATCHED_JOB_ITEMS[watch.kind], overdueAfterMinutes: watch.overdueAfterMinutes }],
      lastRuns,
      missingSince,
      now,
    ).map(({ lastCheckAt, minutes }) => ({
      watch,
      overdue: {
        job: watch.kind,
        ...(lastCheckAt === undefined ? {} : { lastRunAt: lastCheckAt }),
        minutes,
      },
    })),
  );
}

/**
 * The late jobs that fail this run of the watchdog: a late job is a pulse, not a steady failure.
 * It fails the runs of its first alarm period past its window (its lateness past the window
 * under WATCHDOG_ALARM_PERIOD_MINUTES), then those of one alarm period every
 * JOB_REMINDER_EVERY_MINUTES while it stays late; the runs between pass (the job is still logged
 * on each, for the query "overdue"). So the alarm goes back to OK between pulses, and an account
 * that goes overdue meanwhile (it fails every run) raises a fresh ALARM of its own instead of
 * hiding behind one that never ends. Stateless: from how late the job is. A pulse holds two or
 * three runs (one every WATCHDOG_EVERY_MINUTES): if all of them are lost, that day's pulse is
 * not sent (each lost run is in the schedules' dead-letter queue) and the next comes a day on;
 * if every run of an alarm period is lost, the alarm fires anyway (a period without a run).
 */
export function alarmingJobs(late: readonly LateJob[]): OverdueJob[] {
  return late.flatMap(({ watch, overdue }) => {
    const past = Math.max(0, overdue.minutes - watch.overdueAfterMinutes);
    return past % JOB_REMINDER_EVERY_MINUTES < WATCHDOG_ALARM_PERIOD_MINUTES ? [overdue] : [];
  });
}

/**
 * The times to trust: one further ahead of the watchdog's clock than clocks differ was written
 * by a clock that ran ahead, and would hide the account until that time came. Such an account
 * is watched as one without an item (from when the watchdog first saw it so) until a check
 * saves a time again (the check brings its state's times back to now: alerting/clock.ts).
 */
export function trustedChecks(
  lastChecks: ReadonlyMap<string, string>,
  now: Date,
): Map<string, string> {
  return new Map(
    [...lastChecks].filter(
      ([, at]) => !(Date.parse(at) - now.getTime() > CLOCK_AHEAD_TOLERANCE_MS),
    ),
  );
}

/**
 * What the watchdog's run fails with when accounts or jobs are overdue: Lambda counts the failed
 * run in its `Errors`, which the dead-man switch reads. The message names them (names only: the
 * same as the log lines), the error keeps the lists for whoever catches it.
 */
export class OverdueError extends Error {
  override readonly name = 'OverdueError';
  constructor(
    readonly watched: number,
    readonly overdue: readonly Overdue[],
    readonly jobs: readonly OverdueJob[] = [],
  ) {
    super(
      [
        ...jobs.map((j) => `${j.job} job without a completed run for ${j.minutes} min`),
        ...(overdue.length === 0
          ? []
          : [
              `${overdue.length} of ${watched} accounts without a completed check: ${overdue
                .map((o) => `${o.account} (${o.minutes} min)`)
                .join(', ')}`,
            ]),
      ].join('; '),
    );
  }
}
