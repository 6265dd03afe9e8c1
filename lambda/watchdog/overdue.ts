/**
 * The dead-man switch, for every account at once: which accounts have no completed check for
 * longer than they may. Each check saves its time (`updatedAt`) at least every
 * SAVE_EVERY_MINUTES when nothing changes, so an account is overdue once that time is older
 * than its window (which outlasts every gap its schedule plans) plus that saving interval.
 * Pure: the caller reads the items and the clock.
 */

import type { WatchedAccount } from '../contract/watchdog';

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
