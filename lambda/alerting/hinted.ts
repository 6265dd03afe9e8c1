import type { CallbackHint } from '../contract/callback-body';
import {
  forecastRunway,
  type Forecast,
  type ForecastSettings,
  type HistoryPoint,
} from './forecast';
import { decodeHistory, encodeHistory, type StoredHistory } from './history';

/**
 * Unconfirmed points: the balance a DEXCHANGE callback says (`CURRENT_BALANCE`) at the time it
 * says (`COMPLETED_AT`). A callback is a hint, never the truth: anyone holding the URL can
 * send one. So these points are kept apart from the history (the state's `hinted`, in the same
 * compact encoding: one base time and a flat [seconds, balance, ...] list, capped and no older
 * than the forecast's window), and they decide nothing:
 *
 * - no threshold, no UNUSUAL_OUTFLOW and no FORECAST is judged on them: those read the history
 *   of GET readings alone (policy.ts);
 * - they only add to the pace the forecast states (the runway an alert quotes, how much to
 *   add), and only those the GET readings corroborate: a point lies between two consecutive
 *   readings of the history and between their balances, on a stretch where the balance fell or
 *   stood still. A forged point cannot take the pace outside what the readings showed, and a
 *   point between a reading and a top-up is left out (it would hide the top-up that starts the
 *   forecast's window). Between two readings they take the readings' own rhythm: the steps
 *   between them move as the readings did (forecast.ts), so a payout told at minute 1 of 5 does
 *   not make the other 4 minutes look like a pause, which would steepen the pace.
 *
 * A point that is not corroborated yet (the schedule's next reading is still to come) waits in
 * `hinted` until it is, or until it leaves the window.
 */

/** Enough for the forecast's 3-hour window at one callback check every 5 minutes. */
export const HINTED_MAX_POINTS = 36;

/** The point a hint gives, when it gives both a balance and a time no later than the check. */
function pointOf(hint: CallbackHint | undefined, now: number): HistoryPoint | undefined {
  if (hint?.currentBalance === undefined || hint.completedAt === undefined) return undefined;
  if (!Number.isFinite(hint.currentBalance) || hint.completedAt > now) return undefined;
  return { t: hint.completedAt, balance: hint.currentBalance };
}

/**
 * The unconfirmed points after this check: the hint's point added (one at the same second as
 * another replaces it), those older than `keepMinutes` dropped, the newest HINTED_MAX_POINTS kept.
 */
export function recordHint(
  stored: StoredHistory | undefined,
  hint: CallbackHint | undefined,
  now: number,
  keepMinutes: number,
): StoredHistory | undefined {
  const oldest = now - keepMinutes * 60_000;
  const point = pointOf(hint, now);
  const points = decodeHistory(stored).filter(
    (p) => p.t >= oldest && (point === undefined || Math.round((p.t - point.t) / 1000) !== 0),
  );
  if (point !== undefined && point.t >= oldest) points.push(point);
  points.sort((a, b) => a.t - b.t);
  return encodeHistory(points.slice(-HINTED_MAX_POINTS));
}

/**
 * The history with the unconfirmed points the readings corroborate merged in, in time order
 * (the history itself when none is).
 */
export function corroborated(
  history: readonly HistoryPoint[],
  hinted: readonly HistoryPoint[],
): HistoryPoint[] {
  if (hinted.length === 0) return [...history];
  const merged: HistoryPoint[] = [];
  history.forEach((reading, i) => {
    merged.push(reading);
    const next = history[i + 1];
    if (next === undefined || next.balance > reading.balance) return;
    for (const p of hinted)
      if (
        p.t > reading.t &&
        p.t < next.t &&
        p.balance <= reading.balance &&
        p.balance >= next.balance
      )
        merged.push(p);
  });
  return merged;
}

/**
 * The forecast whose pace also learns from the corroborated points; `confirmed` (the GET
 * readings' own) when there are none. Its figures are stated, never acted on.
 */
export function pacedForecast(
  history: readonly HistoryPoint[],
  hinted: StoredHistory | undefined,
  confirmed: Forecast | undefined,
  now: number,
  low: number,
  settings: ForecastSettings,
): Forecast | undefined {
  const merged = corroborated(history, decodeHistory(hinted));
  if (merged.length === history.length) return confirmed;
  return forecastRunway(merged, now, low, settings, history);
}
