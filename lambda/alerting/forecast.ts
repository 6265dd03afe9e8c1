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
 * - Noisy readings (they never repeat) are placed on the hours the day's profile says the
 *   balance moves in, so that a night of them does not slow the morning's pace.
 * - The level now is the fit's, over the newest LEVEL_POINTS checks only.
 * - Times come with a range from how much the pace strayed from hour to hour over the history
 *   (pace-spread.ts), PACE_Z spreads faster and slower, that also reaches the crossing at the
 *   history's net pace and, on the slow side, RANGE_SLOW_BLOCKS hours of payouts more; they are
 *   never in the past.
 */

import { blockLength, blockSpread, median, netPace, paceSpread, readingNoise } from './pace-spread';

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
  /** The wall-clock minutes a suggested top-up should cover (Forecast.coverActiveMinutes). */
  readonly coverMinutes?: number;
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
  /** Of the next `coverMinutes`, the minutes in which payouts run (all of them, unprofiled). */
  readonly coverActiveMinutes: number;
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

/** Whether the newest sample (or the one before, confirmed now) is a top-up: it re-arms FORECAST. */
export function endsWithTopUp(history: readonly HistoryPoint[], minIncrease: number): boolean {
  const last = history.length - 1;
  return isTopUp(history, last, minIncrease) || isTopUp(history, last - 1, minIncrease);
}

/** Evenly spaced subsample: Theil-Sen is quadratic, and 120 points are plenty. */
function thin(points: readonly HistoryPoint[], max: number): HistoryPoint[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as HistoryPoint);
}

/** The level now is the median over this many newest points (one wild one cannot move it). */
export const LEVEL_POINTS = 9;

/**
 * Theil-Sen slope (per minute), the upper end of Sen's 95% confidence interval (whether it is
 * surely draining), and the level at `origin`.
 */
function theilSen(points: readonly HistoryPoint[], origin: number) {
  // A typed array sorts numerically without a comparator: several times faster, and this
  // sorts some 7,000 slopes at every check.
  const slopes = new Float64Array((points.length * (points.length - 1)) / 2);
  let count = 0;
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const a = points[i] as HistoryPoint;
      const b = points[j] as HistoryPoint;
      // Never two at one instant: those that take no room on the axis are left out.
      slopes[count++] = (b.balance - a.balance) / ((b.t - a.t) / 60_000);
    }
  }
  slopes.sort();
  const slope = median(slopes);
  const n = points.length;
  const m = slopes.length;
  // Sen (1968): rank of the interval's upper end from Kendall's S variance, z = 1.96.
  const c = 1.96 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const upperRank = Math.min(m - 1, Math.ceil((m + c) / 2));
  // The level now from the newest points only: over a window whose pace changed (a busy
  // morning after yesterday's afternoon), the median of every point's intercept lags behind.
  const intercepts = points
    .slice(-LEVEL_POINTS)
    .map((p) => p.balance - slope * ((p.t - origin) / 60_000))
    .sort((x, y) => x - y);
  return {
    slope,
    upper: slopes[upperRank] ?? slope,
    intercept: median(intercepts),
  };
}

/** Minutes until `level` drains to `target` at `perMinute` (< 0); never negative. */
function minutesUntil(level: number, target: number, perMinute: number): number {
  return Math.max(0, (level - target) / -perMinute);
}

/**
 * The usual gap between samples, in minutes: the median of the last ten gaps, so that a night
 * or a weekend without checks does not count. Undefined with fewer than two samples.
 */
export function samplingInterval(history: readonly HistoryPoint[]): number | undefined {
  const recent = history.slice(-11);
  const gaps = recent.slice(1).map((b, i) => (b.t - (recent[i] as HistoryPoint).t) / 60_000);
  if (gaps.length === 0) return undefined;
  return median(gaps.sort((x, y) => x - y));
}

/**
 * The settings, fitted to how often the balance is sampled: the defaults suit checks every 5 to
 * 15 minutes; an hourly schedule gets a window of 8 samples (at most a day), a span of 3 and
 * needs 4 samples, so that it forecasts too instead of never having 6 samples in 3 hours.
 */
export function fitToSampling(
  settings: ForecastSettings,
  history: readonly HistoryPoint[],
): ForecastSettings {
  const interval = samplingInterval(history);
  if (interval === undefined || interval <= 15) return settings;
  return {
    ...settings,
    windowMinutes: Math.max(settings.windowMinutes, Math.min(24 * 60, 8 * interval)),
    minSpanMinutes: Math.max(settings.minSpanMinutes, 3 * interval),
    minSamples: Math.min(settings.minSamples, 4),
  };
}

const DAY = 86_400_000;

/** The history is cut into blocks this long (one sampling interval at least) for its spread. */
export const PACE_BLOCK_MINUTES = 60;

/**
 * How many of the pace's spreads (pace-spread.ts) the stated range allows, faster and slower,
 * beyond the pull toward the history's net pace and RANGE_SLOW_BLOCKS (below). 1.28 on the
 * slow side, a normal 90% one-sided bound: the pull and the blocks carry the rest of the slow
 * side. 2.9 on the fast side: with 2, other weeks of the corpus (test/corpus/held-out.ts) saw
 * fewer crossings warned of. Measured on the alert-quality corpus (docs/alert-quality.md).
 */
export const PACE_Z = { fast: 2.9, slow: 1.28 } as const;

/**
 * The slow end also allows this many blocks (PACE_BLOCK_MINUTES of payouts) more, whatever the
 * lead: a collection or a still hour delays the crossing by a time of its own, not by a share of
 * the lead, so a short lead's range needs it most (a crossing "in 10 minutes" that a collection
 * puts off for an hour). With 1.5 blocks, 10% of the corpus' FORECASTs saw their latest time pass.
 */
export const RANGE_SLOW_BLOCKS = 2;

/**
 * When the balance moves, learnt from the last 24 hours: payouts follow the day (and stop at
 * night, and on Sunday), so a pace measured at 17:00 does not run through the night. Each hour
 * of the day (or each sampling interval, if longer) is active if the balance moved in it
 * yesterday by more than the readings' own noise (with noisy readings, one quiet hour between
 * two busy ones stays busy). Undefined, and every minute counts, when the last day was all
 * active or all quiet (a fresh install, a Sunday, a 24-hour business), or when too little of it
 * was sampled.
 */
export interface Activity {
  /** Slot length, in ms. */
  readonly slot: number;
  /** Where the slots start (any slot boundary), in epoch ms. */
  readonly origin: number;
  /** Whether the wall-clock instant `t` (past or future) falls in an active slot. */
  active(t: number): boolean;
}

/** The end of the slot holding `t`. */
function slotEnd(activity: Activity, t: number): number {
  const index = Math.floor((t - activity.origin) / activity.slot);
  return activity.origin + (index + 1) * activity.slot;
}

export function activityOf(history: readonly HistoryPoint[], now: number): Activity | undefined {
  const interval = samplingInterval(history);
  if (interval === undefined) return undefined;
  const slot = Math.max(60, Math.round(interval)) * 60_000;
  const slots = Math.ceil(DAY / slot);
  // Slots on the clock's hours (an interval's multiples): the last full day of them, then the
  // current one, still filling.
  const from = Math.floor(now / slot) * slot - slots * slot;
  const recent = history.filter((p) => p.t > from - DAY && p.t <= now);
  // The readings' noise: 3 times the median step between checks (0 for clean readings).
  const threshold = Math.max(0.5, 3 * readingNoise(recent));
  const seen: (boolean | undefined)[] = Array.from({ length: slots + 1 }, () => undefined);
  let previous: HistoryPoint | undefined;
  let pendingFrom = 0;
  // One pass: each slot's last point (in the history's order), and the last before the first
  // slot. Filtering the history once per slot made this a fifth of a check's time.
  const lastIn: (HistoryPoint | undefined)[] = Array.from({ length: slots + 1 }, () => undefined);
  for (const p of recent) {
    if (p.t < from) previous = p;
    else lastIn[Math.floor((p.t - from) / slot)] = p;
  }
  for (let k = 0; k <= slots; k += 1) {
    const last = lastIn[k];
    if (last === undefined) continue;
    if (previous !== undefined) {
      // Slots without a check since the previous one share what the gap did (a quiet night).
      const moved = Math.abs(last.balance - previous.balance) > threshold;
      for (let j = pendingFrom; j <= k; j += 1) seen[j] = moved;
    }
    previous = last;
    pendingFrom = k + 1;
  }
  // The slot in progress says "busy" of its time of day, never "quiet": one or two checks into
  // it, a steady drain's step is no more than the readings' noise, and a busy hour would count
  // as quiet. Until it moves, the same slot yesterday (the first) stands.
  if (seen.pop() === true) seen[0] = true;
  // With noisy readings (no two in a row the same), one quiet slot between two busy ones is as
  // likely a collection that offset the payouts (the net move within the noise) as a pause: it
  // stays busy. Clean readings repeat exactly while nothing moves: theirs was still.
  const noisy =
    recent.length > 1 && recent.every((p, i) => i === 0 || p.balance !== recent[i - 1]?.balance);
  if (noisy)
    seen.forEach((moved, k) => {
      if (moved === false && seen[k - 1] === true && seen[k + 1] === true) seen[k] = true;
    });
  const covered = seen.filter((v) => v !== undefined).length;
  const active = seen.filter((v) => v === true).length;
  if (covered < 0.9 * slots || active === 0 || active === covered) return undefined;
  return {
    slot,
    origin: from,
    active(t) {
      // The same time of day within the last day.
      const offset = (((t - from) % DAY) + DAY) % DAY;
      return seen[Math.floor(offset / slot)] !== false;
    },
  };
}

/** Active minutes between two instants (all of them without a profile). */
function activeMinutes(activity: Activity | undefined, a: number, b: number): number {
  if (activity === undefined) return Math.max(0, (b - a) / 60_000);
  let total = 0;
  for (let t = a; t < b;) {
    const end = Math.min(b, slotEnd(activity, t));
    if (activity.active(t)) total += (end - t) / 60_000;
    t = end;
  }
  return total;
}

/** The wall-clock minutes from `now` until `needed` active minutes have passed. */
function wallMinutesFor(
  activity: Activity | undefined,
  now: number,
  needed: number,
  cap: number,
): number {
  if (activity === undefined || needed <= 0) return Math.max(0, needed);
  let done = 0;
  const limit = now + cap * 60_000;
  for (let t = now; t < limit;) {
    const end = slotEnd(activity, t);
    if (activity.active(t)) {
      const length = (end - t) / 60_000;
      if (done + length >= needed) return (t - now) / 60_000 + (needed - done);
      done += length;
    }
    t = end;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * `rhythm`: the history the settings and the day's profile are fitted to, when `history` holds
 * more than the schedule's readings (unconfirmed points between them, hinted.ts): those points
 * add to the pace's fit, never to how often the balance is read or when it moves.
 */
/**
 * For each step of `history` (from point i to i+1), whether it lies within a gap between two
 * readings of `rhythm` whose balances differ; undefined when `history` is the rhythm itself.
 */
function movingGaps(
  history: readonly HistoryPoint[],
  rhythm: readonly HistoryPoint[],
): boolean[] | undefined {
  if (history === rhythm) return undefined;
  let j = 0;
  return history.slice(1).map((to, i) => {
    const from = history[i] as HistoryPoint;
    while (j + 1 < rhythm.length && (rhythm[j + 1] as HistoryPoint).t <= from.t) j += 1;
    const a = rhythm[j];
    const b = rhythm[j + 1];
    return (
      a !== undefined && b !== undefined && a.t <= from.t && to.t <= b.t && a.balance !== b.balance
    );
  });
}

export function forecastRunway(
  history: readonly HistoryPoint[],
  now: number,
  low: number,
  baseSettings: ForecastSettings,
  rhythm: readonly HistoryPoint[] = history,
): Forecast | undefined {
  const settings = fitToSampling(baseSettings, rhythm);
  const activity = activityOf(rhythm, now);
  // The past on an axis of the minutes in which the balance moved: clean readings repeat
  // exactly while nothing moves (a night, a pause), and those minutes take no room, so the pace
  // is that of the payouts, across a night or a paused day if need be. Noisy readings never
  // repeat; then every minute counts.
  const steps = rhythm.slice(1).map((to, i) => ({ from: rhythm[i] as HistoryPoint, to }));
  const clean = steps.some((s) => s.to.balance === s.from.balance);
  // Between two readings, points of the rhythm's own (a callback's, hinted.ts) move as the
  // readings did: a payout told at minute 1 of 5 must not make the other 4 look like a pause.
  const gapMoved = movingGaps(history, rhythm);
  // Noisy readings never repeat: the day's profile, when there is one, says which minutes
  // moved (a night between two noisy readings takes no room either).
  const moved = (a: HistoryPoint, b: HistoryPoint, i: number) =>
    clean
      ? a.balance !== b.balance || gapMoved?.[i] === true
        ? (b.t - a.t) / 60_000
        : 0
      : activeMinutes(activity, a.t, b.t);
  // The window: the last `windowMinutes` of movement, since the last top-up.
  // Its checks placed on that axis, the newest at now.
  // The whole history on that axis too, cut at each top-up: how much the pace strays.
  // Newest first while it is built.
  let current: HistoryPoint[] = [];
  const segments: HistoryPoint[][] = [current];
  let span = 0;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const point = history[i] as HistoryPoint;
    const next = history[i + 1];
    const room = next === undefined ? 1 : moved(point, next, i);
    span += next === undefined ? 0 : room;
    // A check that takes no room (the balance still, or a quiet hour) says nothing the newer
    // one at the same place does not: a night of them would outweigh the hours that moved.
    // So no two points of the axis share an instant.
    if (room > 0) current.push({ t: now - span * 60_000, balance: point.balance });
    if (isTopUp(history, i, settings.topUpMinIncrease)) {
      current = [];
      segments.push(current);
    }
  }
  for (const segment of segments) segment.reverse();
  const newest = segments[0] as HistoryPoint[];
  const window = newest.filter((p) => (now - p.t) / 60_000 <= settings.windowMinutes);
  if (window.length < settings.minSamples) return undefined;
  // Still now, with no day's profile to say when payouts resume: a pace stated now would be
  // a guess about when the pause ends.
  if (activity === undefined && clean) {
    const lastMove = steps.findLast((s) => s.to.balance !== s.from.balance)?.to;
    const quiet = (now - (lastMove?.t ?? now)) / 60_000;
    if (quiet > Math.max(30, 2 * (samplingInterval(rhythm) ?? 5))) return undefined;
  }
  const spanMinutes = (now - (window[0]?.t ?? now)) / 60_000;
  if (spanMinutes < settings.minSpanMinutes) return undefined;

  const fit = theilSen(thin(window, 120), now);
  // Draining, and surely so: the whole confidence interval is below zero (its upper end is
  // never below the slope, so the slope is too).
  if (!(fit.upper < 0)) return undefined;
  const level = fit.intercept;
  const cap = settings.maxRunwayMinutes;
  const wall = (active: number) => wallMinutesFor(activity, now, active, cap);
  const block = blockLength(segments, PACE_BLOCK_MINUTES, samplingInterval(rhythm) ?? 1);
  const perBlock = blockSpread(segments, block);
  if (perBlock === undefined) return undefined;
  // The measured pace over the history's net one: a FORECAST goes out when the recent pace is
  // steep (that is what brings the crossing within the horizon), and the pace to come tends
  // back toward the usual one, collections included. So the range reaches the crossing at the
  // usual pace too, on whichever side it lies.
  const usual = netPace(segments);
  const toward = usual === undefined ? 1 : fit.slope / usual;
  const eta = (target: number): Eta => {
    const lead = minutesUntil(level, target, fit.slope);
    const spread = paceSpread(perBlock, block, lead, spanMinutes);
    // The steepest plausible pace arrives first, the gentlest last: PACE_Z spreads of the pace
    // either way, on a log scale (a pace is never negative, and half the pace is as far from it
    // as twice), so that the range always has an end.
    return {
      minutes: wall(lead),
      earliest: wall(lead * Math.min(1, toward) * Math.exp(-PACE_Z.fast * spread)),
      latest: wall(
        lead * Math.max(1, toward) * Math.exp(PACE_Z.slow * spread) + RANGE_SLOW_BLOCKS * block,
      ),
    };
  };
  const toZero = eta(0);
  if (!(toZero.minutes <= settings.maxRunwayMinutes)) return undefined;
  const toLow = level > low ? eta(low) : undefined;
  return {
    perHour: fit.slope * 60,
    level,
    toLow:
      toLow === undefined
        ? undefined
        : { ...toLow, latest: Math.min(toLow.latest, settings.maxRunwayMinutes) },
    toZero: { ...toZero, latest: Math.min(toZero.latest, settings.maxRunwayMinutes) },
    samples: window.length,
    spanMinutes,
    coverActiveMinutes: activeMinutes(
      activity,
      now,
      now + (settings.coverMinutes ?? 24 * 60) * 60_000,
    ),
  };
}
