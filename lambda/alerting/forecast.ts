/**
 * Runway forecast: when, at the current pace, the balance reaches the LOW threshold and zero.
 * Pure: history and time are arguments.
 *
 * - The window is the history since the last top-up (a jump up), at most `windowMinutes` long:
 *   a top-up changes the level, and the pace before it says little about the pace after it;
 *   and payouts follow the day (quiet nights, busy mornings), so only the recent pace counts.
 * - The pace is a Theil-Sen slope (the median of the slopes between every pair of samples), so
 *   one wild sample cannot swing it, unlike a least-squares line.
 * - Nothing is forecast from too few samples or too short a span, for a flat or rising balance,
 *   or when the slope's 95% confidence interval (Sen's rank method) does not exclude zero: then
 *   we do not know that it is draining, and say nothing rather than cry wolf.
 * - Times come with a range from that confidence interval, and are never in the past.
 */

export interface HistoryPoint {
  /** Epoch milliseconds. */
  readonly t: number;
  readonly balance: number;
}

export interface ForecastSettings {
  /** Fewest samples in the window to forecast from. */
  readonly minSamples: number;
  /** Shortest span of the window, in minutes. */
  readonly minSpanMinutes: number;
  /** Longest window the pace is fitted on, in minutes. */
  readonly windowMinutes: number;
  /** How much history the state keeps, in minutes (for top-up detection and the sparkline). */
  readonly historyMinutes: number;
  /** A rise of at least this much over the level before it is a top-up (25% of LOW by default). */
  readonly topUpMinIncrease: number;
  /** Forecasts further out than this are not worth stating, in minutes. */
  readonly maxRunwayMinutes: number;
}

export const DEFAULT_FORECAST_SETTINGS: Omit<ForecastSettings, 'topUpMinIncrease'> = {
  minSamples: 6,
  minSpanMinutes: 60,
  windowMinutes: 3 * 60,
  historyMinutes: 48 * 60,
  maxRunwayMinutes: 7 * 24 * 60,
};

/** A duration from now, in minutes: the estimate and its range. */
export interface Eta {
  readonly minutes: number;
  readonly earliest: number;
  readonly latest: number;
}

export interface Forecast {
  /** Balance change per hour (negative: draining). */
  readonly perHour: number;
  /** The fitted balance now (robust to a last outlier). */
  readonly level: number;
  /** Until the LOW threshold; undefined when already below it. */
  readonly toLow: Eta | undefined;
  /** Until zero. */
  readonly toZero: Eta;
  readonly samples: number;
  readonly spanMinutes: number;
}

/**
 * Whether a top-up lands at sample i: a rise of `topUpMinIncrease` over the level before it (the
 * higher of the two samples before, so a low outlier followed by the normal level is no top-up)
 * that the next sample keeps (so a single high outlier is no top-up either).
 */
function isTopUp(history: readonly HistoryPoint[], i: number, minIncrease: number): boolean {
  const here = history[i];
  const before = history[i - 1];
  if (here === undefined || before === undefined) return false;
  const level = Math.max(before.balance, history[i - 2]?.balance ?? Number.NEGATIVE_INFINITY);
  const next = history[i + 1];
  return (
    here.balance - level >= minIncrease &&
    (next === undefined || next.balance - level >= minIncrease)
  );
}

/** Samples since the last top-up, within the window; newest last. */
export function currentWindow(
  history: readonly HistoryPoint[],
  now: number,
  settings: ForecastSettings,
): HistoryPoint[] {
  const window: HistoryPoint[] = [];
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const point = history[i];
    if (point === undefined || now - point.t > settings.windowMinutes * 60_000) break;
    window.unshift(point);
    if (isTopUp(history, i, settings.topUpMinIncrease)) break;
  }
  return window;
}

/** Whether the newest sample (or the one before, confirmed now) is a top-up: it re-arms FORECAST. */
export function endsWithTopUp(history: readonly HistoryPoint[], minIncrease: number): boolean {
  const last = history.length - 1;
  return isTopUp(history, last, minIncrease) || isTopUp(history, last - 1, minIncrease);
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Evenly spaced subsample: Theil-Sen is quadratic, and 120 points are plenty. */
function thin(points: readonly HistoryPoint[], max: number): HistoryPoint[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as HistoryPoint);
}

/** Theil-Sen slope (per minute) with Sen's 95% confidence interval, and the intercept at `origin`. */
function theilSen(points: readonly HistoryPoint[], origin: number) {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const a = points[i] as HistoryPoint;
      const b = points[j] as HistoryPoint;
      if (b.t !== a.t) slopes.push((b.balance - a.balance) / ((b.t - a.t) / 60_000));
    }
  }
  slopes.sort((x, y) => x - y);
  const slope = median(slopes);
  const n = points.length;
  const m = slopes.length;
  // Sen (1968): ranks of the interval's ends from Kendall's S variance, z = 1.96.
  const c = 1.96 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const lowerRank = Math.max(0, Math.floor((m - c) / 2));
  const upperRank = Math.min(m - 1, Math.ceil((m + c) / 2));
  const intercepts = points
    .map((p) => p.balance - slope * ((p.t - origin) / 60_000))
    .sort((x, y) => x - y);
  return {
    slope,
    lower: slopes[lowerRank] ?? slope,
    upper: slopes[upperRank] ?? slope,
    intercept: median(intercepts),
  };
}

/** Minutes until `level` drains to `target` at `perMinute` (< 0); never negative. */
function minutesUntil(level: number, target: number, perMinute: number): number {
  return Math.max(0, (level - target) / -perMinute);
}

export function forecastRunway(
  history: readonly HistoryPoint[],
  now: number,
  low: number,
  settings: ForecastSettings,
): Forecast | undefined {
  const window = currentWindow(history, now, settings);
  const first = window[0];
  const last = window[window.length - 1];
  if (first === undefined || last === undefined || window.length < settings.minSamples)
    return undefined;
  const spanMinutes = (last.t - first.t) / 60_000;
  if (spanMinutes < settings.minSpanMinutes) return undefined;

  const fit = theilSen(thin(window, 120), now);
  // Draining, and surely so: the whole confidence interval is below zero.
  if (!(fit.slope < 0 && fit.upper < 0)) return undefined;
  const level = fit.intercept;
  const eta = (target: number): Eta => ({
    minutes: minutesUntil(level, target, fit.slope),
    // The steepest plausible slope arrives first, the gentlest last.
    earliest: minutesUntil(level, target, Math.min(fit.lower, fit.slope)),
    latest: minutesUntil(level, target, Math.max(fit.upper, fit.slope)),
  });
  const toZero = eta(0);
  if (toZero.minutes > settings.maxRunwayMinutes) return undefined;
  return {
    perHour: fit.slope * 60,
    level,
    toLow: level > low ? eta(low) : undefined,
    toZero,
    samples: window.length,
    spanMinutes,
  };
}
