import type { DurationFacts } from '../facts';

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
