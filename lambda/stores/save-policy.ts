import { SAVE_EVERY_MINUTES } from '../contract/watchdog';
import type { RecordBody } from './record';

/**
 * When a check must write the state, and when it may keep it in the container. Most checks of
 * a healthy account change nothing that matters: the balance moved a little, the forecast
 * history grew a sample, the hourly count of checks went up. Writing all that at every check
 * is what made the state the monitor's biggest cost and its slowest step; writing it every
 * SAVE_EVERY_MINUTES keeps the history and the counts (a container that dies loses at most
 * that long of samples, a gap the forecast reads like a failed read) at a third of the writes
 * at a 5-minute cadence.
 *
 * Everything else is written by the check that makes it: an event, a claim, a delivery's
 * result, an episode opening or closing, a silence, a threshold crossed without counting yet.
 */

/** A quiet check's state is written at least this often (the forecast history's points). */
export { SAVE_EVERY_MINUTES };
/** Checks start a few seconds late or early: a 5-minute rhythm still saves every third one. */
const SAVE_SLACK_MS = 60_000;

/**
 * A quiet record: no episode or failure open, nothing waiting to be delivered. Only a quiet
 * record is kept in a container between checks (see container-cache.ts): nothing outside the
 * check changes it but a silence, and an acknowledgment needs an open episode.
 */
export function isQuiet(record: RecordBody): boolean {
  const { state } = record;
  return state.episode === undefined && state.failure === undefined && record.outbox.length === 0;
}

/**
 * The fields every check changes; the rest changes only when something happened. A callback's
 * unconfirmed points (`hinted`) wait for the next due save like the history: a container that
 * dies loses a few, which decide nothing anyway.
 */
const EVERY_CHECK = new Set([
  'lastCheckAt',
  'scheduledAt',
  'last',
  'history',
  'hinted',
  'checkLog',
]);

/** The schedule's latest check (a state saved before callbacks: its latest check). */
const scheduledOf = (record: RecordBody) =>
  Date.parse(record.state.scheduledAt ?? record.state.lastCheckAt);

function settled(record: RecordBody): unknown {
  const state = Object.fromEntries(
    Object.entries(record.state).filter(([field]) => !EVERY_CHECK.has(field)),
  );
  return { state, outbox: record.outbox, undeliverable: record.undeliverable };
}

/** JSON with object keys sorted: two records compare equal whatever order built them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

/**
 * Whether `next` must be written, `stored` being the record as last read from or written to
 * the store (undefined: none yet).
 */
export function mustSave(stored: RecordBody | undefined, next: RecordBody): boolean {
  if (stored === undefined || !isQuiet(stored) || !isQuiet(next)) return true;
  // Timed by the schedule's checks, not by the callbacks': a callback's check that had to save
  // (an alert) does not put off the schedule's next save, so the time the watchdog reads
  // (the schedule's, dynamodb.ts) still lags at most SAVE_EVERY_MINUTES.
  const sinceSaved = scheduledOf(next) - scheduledOf(stored);
  // Negative: the stored time is ahead of this check's (a clock that ran ahead, now healed,
  // alerting/clock.ts): saved at once, or the watchdog would keep reading a time from the future.
  const backwards = Date.parse(next.state.lastCheckAt) < Date.parse(stored.state.lastCheckAt);
  if (backwards || sinceSaved < 0 || !(sinceSaved < SAVE_EVERY_MINUTES * 60_000 - SAVE_SLACK_MS))
    return true;
  return canonicalJson(settled(stored)) !== canonicalJson(settled(next));
}
