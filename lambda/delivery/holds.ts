import type { Silence } from '../alerting/state';
import { silenceHolds } from '../alerting/silence-holds';
import type { AlertEvent } from '../alerting/types';
import { zonedFormat } from '../contract/time-zone';
import type { OutboxEntry } from './outbox-entry';

/**
 * Whether a delivery waits now: a silence of the account (all its severities, or some), or
 * the channel's quiet hours (everything but what they let through, CRITICAL by default). Pure:
 * the time is an argument.
 */

/**
 * Why a delivery waits now: a silence of the account, the channel's quiet hours, or the
 * channel's hourly cap (steps/cap-per-hour.ts).
 */
export type HoldReason = 'silence' | 'quiet' | 'cap';

/** Quiet hours of a channel, in the schedule's time zone: "22:00" to "07:00" wraps midnight. */
export interface QuietHours {
  readonly from: string;
  readonly to: string;
  /** Severities that go out anyway (a REMINDER as what it reminds of). */
  readonly allow: readonly string[];
  readonly timeZone: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** Minutes since local midnight in `timeZone`. */
function localMinutes(now: Date, timeZone: string): number {
  const parts = zonedFormat('en-GB', timeZone, CLOCK).formatToParts(now);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

export function isQuiet(now: Date, quiet: Pick<QuietHours, 'from' | 'to' | 'timeZone'>): boolean {
  const t = localMinutes(now, quiet.timeZone);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from <= to ? t >= from && t < to : t >= from || t < to;
}

/**
 * What a hold is decided on: the severity; a REMINDER as what it reminds of; and what ends or
 * answers an alert as that alert (a RECOVERED as the worst level its episode reached, a
 * FAILING_RESOLVED as FAILING, an acknowledgment as what it acknowledges). So a channel that
 * hears CRITICAL at night also hears that it ended, or that someone is on it, at once; and a
 * silence of FAILING holds its FAILING_RESOLVED with it.
 */
export function kindOf(event: AlertEvent): string {
  switch (event.severity) {
    case 'REMINDER':
      return event.remindsOf;
    case 'RECOVERED':
      return event.peak;
    case 'FAILING_RESOLVED':
      return 'FAILING';
    case 'STALE_RESOLVED':
      return 'STALE';
    case 'ACKNOWLEDGED':
      return event.about;
    default:
      return event.severity;
  }
}

export function holdOf(
  entry: OutboxEntry,
  quiet: QuietHours | undefined,
  silences: readonly Silence[],
  now: Date,
): HoldReason | undefined {
  const kind = kindOf(entry.event);
  // A TEST always goes out: it is how a channel is checked.
  if (kind === 'TEST') return undefined;
  const t = now.getTime();
  if (silences.some((s) => silenceHolds(s, kind, t))) return 'silence';
  if (quiet !== undefined && !quiet.allow.includes(kind) && isQuiet(now, quiet)) return 'quiet';
  return undefined;
}
