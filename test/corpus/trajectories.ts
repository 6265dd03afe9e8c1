import { cronRuns, parseCron } from '../../infra/cron';
import { rateMinutes } from '../../infra/schedule-expression';

/**
 * The alert-quality corpus: two weeks of a merchant's DEXCHANGE balance, minute by minute, as
 * payouts, collections and top-ups move it, read on a schedule the way the monitor reads it.
 * Seeded: the same corpus every run. Times are Dakar's (UTC, no daylight saving).
 *
 * The merchant pays out on weekdays from 08:00 to 19:00 (busiest in the morning), a little on
 * Saturday morning, never on Sunday; collections (CASHOUT) raise the balance a few times a
 * day; the operator tops up 1 to 6 hours after the balance falls below LOW, in the day.
 */

export const START = Date.parse('2027-01-04T00:00:00Z'); // a Monday
export const DAYS = 14;
export const LOW = 100_000;
export const CRITICAL = 25_000;

/** mulberry32: a small, well-known seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BalanceOptions {
  readonly seed: number;
  /** Payouts of a weekday, as a multiple of LOW. */
  readonly dailyPayouts?: number;
  /** Days (0 = the first Monday) whose payouts are this many times the usual. */
  readonly busyDays?: Readonly<Record<number, number>>;
  /** Days with no payouts at all (a holiday: the drain pauses, then resumes). */
  readonly quietDays?: readonly number[];
  /** Collections per weekday, on average. */
  readonly collectionsPerDay?: number;
  /** A runaway outflow: payouts at `factor` times the hour's pace from `day` at `hour`, for `minutes`. */
  readonly drain?: {
    readonly day: number;
    readonly hour: number;
    readonly factor: number;
    readonly minutes: number;
  };
}

/** How payouts spread over a weekday: busy mornings, a lunch dip, a busy late afternoon. */
const HOUR_WEIGHT: Readonly<Record<number, number>> = {
  8: 1.2,
  9: 1.6,
  10: 1.5,
  11: 1.3,
  12: 0.7,
  13: 0.6,
  14: 0.9,
  15: 1.0,
  16: 1.1,
  17: 1.2,
  18: 0.9,
};
const WEIGHT_SUM = Object.values(HOUR_WEIGHT).reduce((a, b) => a + b, 0);

/** The true balance at every minute of the corpus. */
export function trueBalance(options: BalanceOptions): Float64Array {
  const random = prng(options.seed);
  const minutes = DAYS * 1440;
  const balance = new Float64Array(minutes);
  const daily = (options.dailyPayouts ?? 2.5) * LOW;
  const collections = options.collectionsPerDay ?? 3;
  let current = 4 * LOW;
  let topUpAt: number | undefined;
  let hourFactor = 1;
  for (let m = 0; m < minutes; m += 1) {
    const day = Math.floor(m / 1440);
    const weekday = day % 7; // 0 = Monday
    const hour = Math.floor((m % 1440) / 60);
    if (m % 60 === 0) hourFactor = 0.6 + random() * 0.8;
    const quiet = options.quietDays?.includes(day) === true;
    const busy = options.busyDays?.[day] ?? 1;
    const weight =
      weekday < 5 ? (HOUR_WEIGHT[hour] ?? 0) : weekday === 5 && hour >= 9 && hour < 13 ? 0.4 : 0;
    const drainFrom =
      options.drain === undefined ? undefined : options.drain.day * 1440 + options.drain.hour * 60;
    const draining =
      drainFrom !== undefined && m >= drainFrom && m < drainFrom + (options.drain?.minutes ?? 0);
    if (!quiet && weight > 0) {
      // Payouts: the day's total spread by the hour's weight, with the hour's own pace.
      current -=
        ((daily * weight) / WEIGHT_SUM / 60) *
        hourFactor *
        busy *
        (draining ? (options.drain?.factor ?? 1) : 1);
      // Collections raise the balance now and then, in business hours.
      if (random() < collections / (11 * 60)) current += LOW * (0.05 + random() * 0.25);
    }
    if (current < LOW && topUpAt === undefined) {
      // The operator tops up 1 to 6 hours later, between 07:00 and 21:00.
      let at = m + 60 + Math.floor(random() * 300);
      const atHour = Math.floor((at % 1440) / 60);
      if (atHour >= 21) at += (24 - atHour + 7) * 60;
      else if (atHour < 7) at += (7 - atHour) * 60;
      topUpAt = at;
    }
    if (topUpAt !== undefined && m >= topUpAt) {
      current += Math.round((4 + random() * 4) * 2) * 0.5 * LOW;
      topUpAt = undefined;
    }
    balance[m] = Math.round(current);
  }
  return balance;
}

/** When a schedule expression runs, over the corpus, in epoch ms. */
export function runTimes(expression: string, timeZone = 'Africa/Dakar'): number[] {
  const end = START + DAYS * 86_400_000;
  const rate = rateMinutes(expression);
  if (rate !== undefined) {
    const out: number[] = [];
    for (let t = START; t < end; t += rate * 60_000) out.push(t);
    return out;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron === null) throw new Error(`not a schedule: ${expression}`);
  return [...cronRuns(parseCron(cron[1] ?? ''), timeZone, START, end)];
}

export type Reading =
  | { readonly at: number; readonly balance: number; readonly lastUpdate: number }
  | { readonly at: number; readonly fault: true };

export interface ReadingOptions {
  readonly seed: number;
  /** Reading noise, as a fraction of LOW (the provider's figure lags or leads a little). */
  readonly noise?: number;
  /** One-off outliers per day: a reading at 40% or 180% of the truth, once. */
  readonly outliersPerDay?: number;
  /** Outages: [start minute, length in minutes] when every read fails. */
  readonly outages?: readonly (readonly [number, number])[];
  /** Random failed reads, as a fraction of checks. */
  readonly faultRate?: number;
}

/** The balance as the monitor reads it on a schedule. */
export function readings(
  truth: Float64Array,
  times: readonly number[],
  options: ReadingOptions,
): Reading[] {
  const random = prng(options.seed + 1);
  const out: Reading[] = [];
  let lastMove = START;
  let previous: number | undefined;
  for (const at of times) {
    const minute = Math.floor((at - START) / 60_000);
    const real = truth[minute] ?? 0;
    if (previous !== real) lastMove = at;
    previous = real;
    const down = options.outages?.some(
      ([from, length]) => minute >= from && minute < from + length,
    );
    if (down === true || random() < (options.faultRate ?? 0)) {
      out.push({ at, fault: true });
      continue;
    }
    let value = real + (random() - 0.5) * 2 * (options.noise ?? 0) * LOW;
    const perCheck = (options.outliersPerDay ?? 0) / Math.max(1, times.length / DAYS);
    if (random() < perCheck) value = real * (random() < 0.5 ? 0.4 : 1.8);
    out.push({ at, balance: Math.round(value), lastUpdate: lastMove });
  }
  return out;
}

export interface CorpusCase {
  readonly name: string;
  readonly description: string;
  readonly schedule: string;
  /** Crossings here come from draining payouts: they count towards the warning target. */
  readonly drain: boolean;
  readonly readings: readonly Reading[];
  /** Settings of this case, over the deployed ones. */
  readonly settings?: { readonly recoveryMarginAmount?: number };
  /**
   * Measured for UNUSUAL_OUTFLOW only: the FORECAST figures leave it out (it is payouts-5min's
   * fortnight again, but for the drain).
   */
  readonly outflowOnly?: boolean;
}

const FIVE = 'rate(5 minutes)';
const HOURLY = 'rate(1 hour)';
const BUSINESS = 'cron(0/10 7-20 ? * MON-SAT *)';

function build(
  name: string,
  description: string,
  schedule: string,
  balance: BalanceOptions,
  read: Omit<ReadingOptions, 'seed'> = {},
  drain = true,
): CorpusCase {
  return {
    name,
    description,
    schedule,
    drain,
    readings: readings(trueBalance(balance), runTimes(schedule), { seed: balance.seed, ...read }),
  };
}

/** A balance that flaps around CRITICAL: the 24,000 to 26,500 every 5 minutes. */
function flapping(margin?: number): CorpusCase {
  const times = runTimes(FIVE).slice(0, 3 * 288);
  const out: Reading[] = times.map((at, i) => {
    const minute = i * 5;
    // A morning drain from 150,000 to the flapping band by 10:00, two hours of flapping, then
    // a top-up at 14:00.
    const balance =
      minute < 8 * 60
        ? 150_000
        : minute < 10 * 60
          ? 150_000 - ((minute - 480) / 120) * 124_000
          : minute < 12 * 60
            ? i % 2 === 0
              ? 24_000
              : 26_500
            : minute < 14 * 60
              ? 24_000
              : 450_000;
    return { at, balance: Math.round(balance), lastUpdate: at };
  });
  return margin === undefined
    ? {
        name: 'flapping-critical',
        description: 'drains to CRITICAL, then flaps between 24,000 and 26,500 every 5 min for 2 h',
        schedule: FIVE,
        drain: false,
        readings: out,
      }
    : {
        name: 'flapping-small-margin',
        description: `the same, with a margin of 5% only (leaves CRITICAL at 26,250): it re-crosses 12 times`,
        schedule: FIVE,
        drain: false,
        readings: out,
        settings: { recoveryMarginAmount: margin },
      };
}

/** When the outflow corpus case's drain starts, in epoch ms: Tuesday of the second week, 09:00. */
export const DRAIN_STARTS = START + (8 * 1440 + 9 * 60) * 60_000;

/**
 * A runaway payout loop (or a leaked key): ten times the usual pace from a busy hour (09:00) for
 * 40 minutes, on an otherwise ordinary fortnight (UNUSUAL_OUTFLOW must catch it within 10 min).
 */
export function drainCase(seedOffset = 0): CorpusCase {
  const drained = build(
    'drain-10x-5min',
    'ordinary days, then payouts at 10x the pace from 09:00 for 40 min (day 8)',
    FIVE,
    { seed: 1 + seedOffset, drain: { day: 8, hour: 9, factor: 10, minutes: 40 } },
    {},
    // Its crossing comes too fast for any FORECAST: it does not count towards the warning target.
    false,
  );
  return { ...drained, outflowOnly: true };
}

/**
 * The corpus; `seedOffset` draws other weeks of the same merchant (test/corpus/held-out.ts
 * measures the forecast on them: its constants were chosen on offset 0).
 */
export function corpus(seedOffset = 0): CorpusCase[] {
  const o = seedOffset;
  return [
    build('payouts-5min', 'weekday payouts, collections, top-ups', FIVE, { seed: 1 + o }),
    build('payouts-hourly', 'the same balance, read hourly', HOURLY, { seed: 1 + o }),
    build('payouts-business-hours', 'the same balance, every 10 min 07-20 h Mon-Sat', BUSINESS, {
      seed: 1 + o,
    }),
    build('busy-payouts-5min', 'payouts 4x LOW a day, two days at twice that', FIVE, {
      seed: 2 + o,
      dailyPayouts: 4,
      busyDays: { 2: 2, 8: 2 },
    }),
    build('pause-resume-5min', 'a drain that pauses for a day (holiday) and resumes', FIVE, {
      seed: 3 + o,
      quietDays: [2, 9],
    }),
    build(
      'noisy-5min',
      'readings +-3% of LOW, and one outlier (40% or 180%) a day',
      FIVE,
      { seed: 4 + o },
      { noise: 0.03, outliersPerDay: 1 },
    ),
    build(
      'noisy-hourly',
      'the same noise and outliers, read hourly',
      HOURLY,
      { seed: 4 + o },
      { noise: 0.03, outliersPerDay: 1 },
    ),
    build(
      'outages-5min',
      '5% failed reads, and outages of 45 min, 3 h and 8 h',
      FIVE,
      { seed: 5 + o },
      {
        faultRate: 0.05,
        outages: [
          [1 * 1440 + 10 * 60, 45],
          [4 * 1440 + 9 * 60, 180],
          [9 * 1440 + 8 * 60, 480],
        ],
      },
    ),
    flapping(),
    flapping(0),
    drainCase(o),
  ];
}
