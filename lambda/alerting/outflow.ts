import type { HistoryPoint } from './forecast';
import { blocksOf, medianSlope, readingNoise } from './pace-spread';

/**
 * UNUSUAL_OUTFLOW's rule: the balance going out faster than it usually does at this hour, or by
 * more than a set amount or share within a window, even above LOW (a runaway payout loop, a
 * leaked key). Pure: judged on the history the forecast keeps (history.ts), the latest reading
 * last.
 *
 * One reading never fires: every figure here survives leaving any single reading out (a reading
 * at 40% of the truth, once, is a provider's glitch, not an outflow).
 */

export interface OutflowSettings {
  /** The window the amount and share rules look back over, in minutes. */
  readonly windowMinutes: number;
  /** Fire when more than this went out within the window (whole currency units); off if absent. */
  readonly amount?: number;
  /** Fire when more than this share (0..1) of the window's balance went out; off if absent. */
  readonly share?: number;
  /** Fire when it goes out faster than this many times the usual pace for the hour; off if absent. */
  readonly paceFactor?: number;
  /**
   * The pace rule speaks only of an outflow that matters: at that pace the balance would be gone
   * within this many hours (a quiet account's unusual trickle is not an alarm). Off if absent.
   */
  readonly runwayHours?: number;
  /**
   * Fire when a callback names one completed debit of at least this much and the balance read
   * fell by at least as much since the previous reading (single-debit.ts); off if absent.
   */
  readonly singleDebitAmount?: number;
}

/**
 * Measured on the corpus (test/corpus/outflow-quality.test.ts): 0 findings on every ordinary case
 * (the pace rule still gives 0 at a factor of 4), the 10x drain caught 10 min after it starts.
 * The amount and share rules are off: a busy day near LOW loses 75% of its balance in an hour
 * as a matter of course; they are for an operator who knows their own figures.
 */
export const DEFAULT_OUTFLOW_SETTINGS: OutflowSettings = {
  windowMinutes: 60,
  paceFactor: 6,
  runwayHours: 2,
};

/** The fewest readings, and their shortest span, the current pace is measured on. */
export const CURRENT_MIN_READINGS = 3;
export const CURRENT_MIN_SPAN_MINUTES = 10;
/** Half the width of the window around the same time 24 h and 48 h ago. */
const USUAL_HALF_WINDOW_MINUTES = 60;
const DAY_MS = 86_400_000;

export interface OutflowFinding {
  /** What crossed: the pace against the usual, or the amount or share within the window. */
  readonly reason: 'pace' | 'amount' | 'share';
  /** What went out (positive), over `minutes`. */
  readonly outflow: number;
  readonly minutes: number;
  /** The pace now, going out per hour (positive). */
  readonly perHour: number;
  /** The usual pace for this hour, going out per hour, when the history knows one. */
  readonly usualPerHour?: number;
  /** amount and share: the limit crossed, as an amount (the share of the window's balance). */
  readonly limit?: number;
  /** share: the share set, in percent. */
  readonly sharePercent?: number;
}

/** Outflow per minute of a few readings (positive when the balance falls). */
const outflowPace = (points: readonly HistoryPoint[]) => -medianSlope(points);

/** The pace that survives leaving any one reading out: the slowest of those fits. */
function robustPace(points: readonly HistoryPoint[]): number {
  let slowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points.length; i += 1)
    slowest = Math.min(slowest, outflowPace(points.filter((_, j) => j !== i)));
  return slowest;
}

/** The latest readings: the fewest, counting back, that are enough to measure a pace on. */
export function latestReadings(history: readonly HistoryPoint[]): HistoryPoint[] | undefined {
  const last = history.at(-1);
  if (last === undefined) return undefined;
  for (let from = history.length - CURRENT_MIN_READINGS; from >= 0; from -= 1) {
    const first = history[from] as HistoryPoint;
    if ((last.t - first.t) / 60_000 >= CURRENT_MIN_SPAN_MINUTES) return history.slice(from);
  }
  return undefined;
}

/**
 * The usual outflow per minute at this hour: the larger of the paces around the same time 24 h
 * and 48 h ago, never under the median pace of the hours that paid out over the history (so
 * that Monday 09:00 is not compared with Sunday's nothing). Undefined with no outflow known.
 */
export function usualPace(history: readonly HistoryPoint[], now: number): number | undefined {
  const around = (day: number) => {
    const centre = now - day * DAY_MS;
    const half = USUAL_HALF_WINDOW_MINUTES * 60_000;
    const points = history.filter((p) => p.t >= centre - half && p.t <= centre + half);
    return points.length >= 2 ? outflowPace(points) : 0;
  };
  const active = blocksOf(history, 60)
    .map(outflowPace)
    .filter((pace) => pace > 0)
    .sort((a, b) => a - b);
  const floor = active.length === 0 ? 0 : (active[Math.floor(active.length / 2)] ?? 0);
  const usual = Math.max(around(1), around(2), floor);
  return usual > 0 ? usual : undefined;
}

/**
 * What went out within the window, robust to one reading: from the second highest of its
 * earlier readings (one high glitch is not the level) to the higher of the last two (one low
 * glitch is not the level either).
 */
function windowOutflow(history: readonly HistoryPoint[], now: number, windowMinutes: number) {
  const inWindow = history.filter((p) => p.t >= now - windowMinutes * 60_000);
  const before = inWindow.slice(0, -2);
  if (before.length < 2) return undefined;
  const reference = [...before].sort((a, b) => b.balance - a.balance)[1] as HistoryPoint;
  const level = Math.max(...inWindow.slice(-2).map((p) => p.balance));
  return {
    outflow: reference.balance - level,
    reference: reference.balance,
    minutes: Math.round((now - reference.t) / 60_000),
  };
}

/** The usual pace needs a day of history: a new monitor knows no "usual" yet. */
const knowsYesterday = (history: readonly HistoryPoint[], now: number) =>
  history[0] !== undefined && history[0].t <= now - DAY_MS;

/** How many times the readings' own step an outflow must exceed (as the forecast's activity does). */
const NOISE_STEPS = 3;

/** The finding, when the history's end shows an unusual outflow; undefined otherwise. */
export function judgeOutflow(
  history: readonly HistoryPoint[],
  now: number,
  settings: OutflowSettings = DEFAULT_OUTFLOW_SETTINGS,
): OutflowFinding | undefined {
  const latest = latestReadings(history);
  if (latest === undefined) return undefined;
  const pace = robustPace(latest);
  if (!(pace > 0)) return undefined;
  const last = latest.at(-1) as HistoryPoint;
  const span = (last.t - (latest[0] as HistoryPoint).t) / 60_000;
  // Worked out only when needed, the cheap guards first: this runs at every check.
  let usual: number | undefined | null = null;
  const usualOf = () => (usual ??= usualPace(history.slice(0, 1 - latest.length), now));
  const perHour = pace * 60;
  const known = () => {
    const value = usualOf();
    return value === undefined ? {} : { usualPerHour: value * 60 };
  };
  const paceFires = () => {
    if (settings.paceFactor === undefined || !knowsYesterday(history, now)) return false;
    if (settings.runwayHours !== undefined && last.balance >= perHour * settings.runwayHours)
      return false;
    if (pace * span <= NOISE_STEPS * readingNoise(history)) return false;
    const value = usualOf();
    return value !== undefined && pace > settings.paceFactor * value;
  };
  if (paceFires())
    return {
      reason: 'pace',
      outflow: Math.round(pace * span),
      minutes: Math.round(span),
      perHour,
      ...known(),
    };
  if (settings.amount === undefined && settings.share === undefined) return undefined;
  const window = windowOutflow(history, now, settings.windowMinutes);
  if (window === undefined || window.outflow <= 0) return undefined;
  const finding = () => ({
    outflow: window.outflow,
    minutes: window.minutes,
    perHour,
    ...known(),
  });
  if (settings.amount !== undefined && window.outflow > settings.amount)
    return { reason: 'amount', ...finding(), limit: settings.amount };
  if (
    settings.share !== undefined &&
    window.reference > 0 &&
    window.outflow > settings.share * window.reference
  )
    return {
      reason: 'share',
      ...finding(),
      limit: settings.share * window.reference,
      sharePercent: Math.round(settings.share * 1000) / 10,
    };
  return undefined;
}
