import type { DurationFacts } from '../facts';
import { durationFacts } from '../facts';

/** "1 hour", "24 hours": a count and its word, singular or plural. */
export const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A duration in running English prose: "45 minutes", "4 hours", "3 hours 20 minutes", "1 day
 * 6 hours", "3 days". The SMS keeps the short "4 h" (en.ts `duration`), where every character
 * counts; a sentence a person reads at leisure writes the words out.
 */
export function durationInWords({ days, hours, minutes }: DurationFacts): string {
  if (days > 0)
    return hours > 0 ? `${counted(days, 'day')} ${counted(hours, 'hour')}` : counted(days, 'day');
  if (hours > 0)
    return minutes > 0
      ? `${counted(hours, 'hour')} ${counted(minutes, 'minute')}`
      : counted(hours, 'hour');
  return counted(minutes, 'minute');
}

/** `durationInWords` from minutes. */
export const inWords = (minutes: number) => durationInWords(durationFacts(minutes));

/**
 * The step a runway's bound is rounded to, by its size: 5 minutes under 2 hours, 15 minutes
 * under 6 hours, the hour beyond. The range is a spread of paces, not a measure: its minutes
 * would be noise, but a step too coarse for the size (a whole hour on 61 minutes) would change
 * what the reader is told.
 */
function stepOf(minutes: number): number {
  if (minutes < 120) return 5;
  if (minutes < 360) return 15;
  return 60;
}

/**
 * The earliest bound, rounded down: never later than computed, since the time a reader has
 * before the balance may run out must not be overstated; a few minutes (under the step) stay
 * as they are, never rounded to nothing ("between 3 minutes and ..." warns; "within" would not).
 */
function earliestBound(minutes: number): number {
  const total = Math.max(0, Math.floor(minutes));
  const step = stepOf(total);
  return total < step ? total : Math.floor(total / step) * step;
}

/**
 * The latest bound, rounded to the nearest step: at most half a step from the one computed; a
 * few minutes (under the step) as they are.
 */
function latestBound(minutes: number): number {
  const total = Math.max(0, Math.round(minutes));
  const step = stepOf(total);
  return total < step ? total : Math.round(total / step) * step;
}

/**
 * A runway in prose: the likely time in words, then its range, each bound rounded to a step of
 * its size (the earliest down, the latest to the nearest) and said with one unit where both
 * bounds share it: "3 hours 15 minutes (between 2 hours 30 minutes and 5 hours 30 minutes)",
 * "56 minutes (between 50 minutes and 1 hour)", "1 hour (between 3 minutes and 1 hour 30
 * minutes)", "23 hours 50 minutes (between 23 and 25 hours)". Written out unrounded, "3 hours
 * 15 minutes (2 hours 35 minutes to 5 hours 36 minutes)" reads as a timetable. An earliest
 * under a minute says "within"; a range that rounds to nothing wider says the likely time alone.
 */
export function runwayInWords(likely: number, earliest: number, latest: number): string {
  const from = earliestBound(Math.min(earliest, likely));
  const to = Math.max(latestBound(Math.max(latest, likely)), from);
  const about = inWords(likely);
  if (from >= to) return about;
  if (from === 0) return `${about} (within ${inWords(to)})`;
  // Both under an hour: minutes; both whole hours under two days: hours ("between 23 and 25
  // hours" reads better than "between 23 hours and 1 day 1 hour").
  const range =
    to < 60
      ? `between ${from} and ${to} minutes`
      : from >= 60 && from % 60 === 0 && to % 60 === 0 && to < 2880
        ? `between ${from / 60} and ${to / 60} hours`
        : `between ${inWords(from)} and ${inWords(to)}`;
  return `${about} (${range})`;
}
