import type { PlannedGaps } from './schedule-expression';

/**
 * The dead-man switch: an alarm when no check has completed for a while, missing data counting
 * as breaching, so a disabled schedule or a function that never runs is noticed although it
 * cannot say so itself. "A while" must outlast every gap the schedule plans (a night, a
 * weekend), or the alarm fires each night and operators learn to ignore it.
 */

/** CloudWatch caps an alarm's evaluation window at 7 days (periods of an hour or more). */
export const MAX_DEAD_MAN_MINUTES = 7 * 24 * 60;
/** Room for a check's own run time and the metric's delivery, past a planned gap. */
const GRACE_MINUTES = 5;

export interface DeadManWindow {
  /** No completed check for this long fires the alarm. */
  readonly minutes: number;
  /** The alarm's period and how many periods in a row must lack a completed check. */
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
}

/** "35 h 15 min" */
export function describeMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = Math.round(minutes % 60);
  return [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', mins > 0 ? `${mins} min` : '']
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * The window: by default the longest planned gap plus two runs at the schedule's rhythm, that
 * rhythm counted at most an hour (so a daily check is missed after 25 h, not 72), at least
 * 15 minutes. As alarm periods: 5-minute periods up
 * to a day (CloudWatch's limit for periods under an hour), hourly ones beyond. Any run of that
 * many periods without a completed check spans at least the window, which is longer than every
 * planned gap, so the alarm cannot fire inside one.
 */
export function deadManWindow(
  gaps: PlannedGaps,
  override?: number,
): DeadManWindow | { problem: string } {
  const floor = gaps.longestMinutes + GRACE_MINUTES;
  if (override !== undefined && override < floor) {
    return {
      problem: `must be at least ${floor} minutes (${describeMinutes(floor)}): the schedule plans gaps of up to ${describeMinutes(gaps.longestMinutes)} between checks, and the alarm would fire inside them`,
    };
  }
  const minutes = Math.ceil(
    override ?? Math.max(15, gaps.longestMinutes + Math.min(2 * gaps.shortestMinutes, 60)),
  );
  if (minutes > MAX_DEAD_MAN_MINUTES) {
    return {
      problem: `plans gaps of up to ${describeMinutes(gaps.longestMinutes)} between checks; the dead-man switch (a CloudWatch alarm) waits at most 7 days, so schedule at least one check every 6 days`,
    };
  }
  const periodMinutes = minutes <= 1440 ? 5 : 60;
  return { minutes, periodMinutes, evaluationPeriods: Math.ceil(minutes / periodMinutes) };
}
