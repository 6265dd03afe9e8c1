import type { DurationFacts } from '../facts';
import { durationFacts } from '../facts';

const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

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

const inWords = (minutes: number) => durationInWords(durationFacts(minutes));

/**
 * A bound of a runway's range, rounded outward (`round`: Math.floor for the earliest,
 * Math.ceil for the latest), so that the range said still holds the one computed: under an
 * hour to 5 minutes, from an hour on to the whole hour (a day and more keeps its hours:
 * "1 day 6 hours"). The range is a spread of paces, not a measure: its minutes would be noise.
 */
function roundedBound(minutes: number, round: (x: number) => number): number {
  const total = Math.max(0, Math.round(minutes));
  return total < 60 ? round(total / 5) * 5 : round(total / 60) * 60;
}

/**
 * A runway in prose: the likely time in words, then its range rounded outward and said with
 * one unit where both bounds share it: "3 hours 15 minutes (between 2 and 6 hours)", "45
 * minutes (between 30 minutes and 3 hours)", "10 minutes (within 15 minutes)". Written out in
 * full, "3 hours 15 minutes (2 hours 35 minutes to 5 hours 36 minutes)" reads as a timetable.
 * A range that rounds to nothing wider than one bound says the likely time alone.
 */
export function runwayInWords(likely: number, earliest: number, latest: number): string {
  const from = roundedBound(Math.min(earliest, likely), Math.floor);
  const to = roundedBound(Math.max(latest, likely), Math.ceil);
  const about = inWords(likely);
  if (from >= to) return about;
  if (from === 0) return `${about} (within ${inWords(to)})`;
  // Rounded, a bound of an hour or more is a whole number of hours.
  const sameUnit = to < 60 ? 'minutes' : from >= 60 && to < 1440 ? 'hours' : undefined;
  const range =
    sameUnit === 'minutes'
      ? `between ${from} and ${to} minutes`
      : sameUnit === 'hours'
        ? `between ${from / 60} and ${to / 60} hours`
        : `between ${inWords(from)} and ${inWords(to)}`;
  return `${about} (${range})`;
}
