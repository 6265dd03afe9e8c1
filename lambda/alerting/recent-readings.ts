import type { HistoryPoint } from './forecast';
import { decodeHistory, encodeHistory, type StoredHistory } from './history';

/**
 * The readings a callback's check made that the history left out. Those are GET readings, as
 * confirmed as the schedule's, but the history keeps the schedule's rhythm (off-schedule.ts):
 * with the schedule relaxed to a 15-minute backstop, UNUSUAL_OUTFLOW's pace (3 readings over
 * 10 minutes, robust to one) would wait 30 minutes for the history to show a drain. So they
 * are kept apart for the outflow rule alone, for RECENT_READINGS_MINUTES, at most one a
 * minute (callbacks start up to 3 checks a minute), in the history's compact encoding: at
 * most 30 points, some 400 bytes of the state item while callbacks flow, none once they stop.
 * The forecast, the thresholds and the history's sampling never see them.
 */
export const RECENT_READINGS_MINUTES = 30;

/** One kept a minute at most: the pace is measured over 10 minutes, not seconds. */
const MIN_GAP_MS = 60_000;

/** The recent readings to store after this check: `reading` added when the history left it out. */
export function keepRecentReadings(
  stored: StoredHistory | undefined,
  history: readonly HistoryPoint[],
  reading: HistoryPoint,
): StoredHistory | undefined {
  const since = reading.t - RECENT_READINGS_MINUTES * 60_000;
  const kept = decodeHistory(stored).filter((p) => p.t > since && p.t < reading.t);
  const joined = history.at(-1)?.t === reading.t;
  const last = kept.at(-1);
  if (!joined && (last === undefined || reading.t - last.t >= MIN_GAP_MS)) kept.push(reading);
  return encodeHistory(kept);
}

/** The history with the recent readings between its points, in time order, for the outflow rule. */
export function withRecentReadings(
  history: readonly HistoryPoint[],
  stored: StoredHistory | undefined,
): readonly HistoryPoint[] {
  const recent = decodeHistory(stored);
  if (recent.length === 0) return history;
  const at = new Set(history.map((p) => p.t));
  return [...history, ...recent.filter((p) => !at.has(p.t))].sort((a, b) => a.t - b.t);
}
