import { minutesBetween } from './time';

/**
 * Storm control in the policy: an episode (balance or failure) that opens again within
 * `coolOffMinutes` of its end continues the one that ended, instead of starting afresh.
 *
 * Why: a provider that glitches (500 000 then 0 every 5 minutes; 3 failed reads then a good
 * one) otherwise opens and closes an episode at every swing, and each opening resets the
 * CRITICAL-per-interval limit, the reminder clock and the "I'm on it". Continued, the episode
 * keeps its start, its acknowledgment, its CRITICAL limit and its reminder clock.
 *
 * The choice between holding the end and reopening silently: neither alone.
 * - Holding every RECOVERED until it has lasted the cool-off would delay the good news of every
 *   real top-up by that long, the common case, to quieten the rare one.
 * - Reopening silently would leave a RECOVERED as the last word while the balance is at 0.
 * So the first end goes out at once; a reopening within the cool-off says so once ("back to at
 * least X at T, fallen again": it corrects the RECOVERED people just read); from then on the
 * episode is unstable, and its end is told only once the balance (or the reads) have stayed
 * good for the cool-off. A real drop after a real recovery therefore always alerts at once.
 */

/** The cool-off in force: 0 (off) unless set. */
export function coolOffOf(settings: { readonly coolOffMinutes?: number }): number {
  return settings.coolOffMinutes ?? 0;
}

/** An ended episode, remembered for the cool-off after its end. */
export type Closed<T> = T & { readonly closedAt: string };

/** The ended episode if it ended less than `coolOff` minutes before `at`. */
export function withinCoolOff<T extends { readonly closedAt: string }>(
  closed: T | undefined,
  at: string,
  coolOff: number,
): T | undefined {
  if (closed === undefined || coolOff <= 0) return undefined;
  return minutesBetween(closed.closedAt, at) < coolOff ? closed : undefined;
}

/**
 * An unstable episode's good spell: since when it has been good, and whether that has lasted
 * the cool-off (then its end is told).
 */
export function steadySpell(
  goodSince: string | undefined,
  at: string,
  coolOff: number,
): { readonly since: string; readonly steady: boolean } {
  const since = goodSince ?? at;
  return { since, steady: minutesBetween(since, at) >= coolOff };
}

/** The episode as remembered once ended: its transient marks dropped, its end stamped. */
export function closing<T extends object>(
  episode: T,
  at: string,
  transient: readonly (keyof T)[],
): Closed<T> {
  const kept = Object.fromEntries(
    Object.entries(episode).filter(([key]) => !transient.includes(key as keyof T)),
  ) as T;
  return { ...kept, closedAt: at };
}

/** The ended episode as it continues: its end forgotten, reopened now. */
export function reopening<T extends { readonly closedAt: string }>(
  closed: T,
  at: string,
): Omit<T, 'closedAt'> & { readonly reopenedAt: string } {
  const rest = Object.fromEntries(
    Object.entries(closed).filter(([key]) => key !== 'closedAt'),
  ) as Omit<T, 'closedAt'>;
  return { ...rest, reopenedAt: at };
}
