import fc from 'fast-check';
import { boundPropertyRuns } from '../support/fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORECAST_SETTINGS,
  forecastRunway,
  type HistoryPoint,
} from '../../lambda/alerting/forecast';

boundPropertyRuns();

/** The forecast's accuracy on synthetic series, and its guarantees over random ones. */

const LOW = 100_000;
const settings = { ...DEFAULT_FORECAST_SETTINGS, topUpMinIncrease: 0.25 * LOW };
const T0 = Date.parse('2026-12-01T08:00:00Z');
const STEP = 5 * 60_000;

/** mulberry32, for reproducible noise. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Balance every 5 minutes from `start`, changing by `perHour`, with uniform noise of +-`noise`. */
function series(
  count: number,
  start: number,
  perHour: number,
  noise: number,
  seed = 1,
): HistoryPoint[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => ({
    t: T0 + i * STEP,
    balance: start + (perHour * i * 5) / 60 + (random() * 2 - 1) * noise,
  }));
}

const nowAfter = (points: readonly HistoryPoint[]) => (points[points.length - 1]?.t ?? T0) + 60_000;

describe('forecast accuracy', () => {
  // Noise is stated against the drain of one 5-minute interval: +-60% at the minimum span (1 h),
  // +-150% (noise larger than the drain itself) once 3 hours are in the window.
  it.each([
    [-50_000, 2_500, 13],
    [-200_000, 10_000, 13],
    [-20_000, 1_000, 13],
    [-120_000, 6_000, 13],
    [-120_000, 15_000, 37],
  ])(
    'a linear drain of %d an hour with noise +-%d, from %d samples on: the crossing within 10%% of the true time',
    (perHour, noise, from) => {
      for (let seed = 1; seed <= 30; seed += 1) {
        const start = 900_000;
        const points = series(from + (seed % 10), start, perHour, noise, seed);
        const now = nowAfter(points);
        const result = forecastRunway(points, now, LOW, settings);
        expect(result, `seed ${seed}`).toBeDefined();
        const trueMinutes = ((start - LOW) / -perHour) * 60 - (now - T0) / 60_000;
        const predicted = result?.toLow?.minutes ?? Number.NaN;
        expect(Math.abs(predicted - trueMinutes) / trueMinutes, `seed ${seed}`).toBeLessThan(0.1);
        // The range contains the estimate.
        expect(result?.toLow?.earliest).toBeLessThanOrEqual(predicted);
        expect(result?.toLow?.latest).toBeGreaterThanOrEqual(predicted);
      }
    },
  );

  it('a top-up starts a new window: only the samples after it count', () => {
    const before = series(30, 500_000, -300_000, 0);
    const lastBefore = before[before.length - 1]?.balance ?? 0;
    const after = series(15, lastBefore + 800_000, -60_000, 500).map((p) => ({
      ...p,
      t: p.t + 30 * STEP,
    }));
    const points = [...before, ...after];
    const result = forecastRunway(points, nowAfter(points), LOW, settings);
    expect(result?.samples).toBe(15);
    expect(result?.perHour).toBeCloseTo(-60_000, -3);
  });

  it('too soon after a top-up (under the minimum span), no forecast', () => {
    const before = series(30, 500_000, -300_000, 0);
    const after = series(6, 1_000_000, -60_000, 0).map((p) => ({ ...p, t: p.t + 30 * STEP }));
    const points = [...before, ...after];
    expect(forecastRunway(points, nowAfter(points), LOW, settings)).toBeUndefined();
  });

  it.each([
    ['flat', 0, 3_000],
    ['rising', 40_000, 3_000],
    ['flat with no noise', 0, 0],
  ])('a %s balance: no forecast', (_name, perHour, noise) => {
    const points = series(60, 400_000, perHour, noise);
    expect(forecastRunway(points, nowAfter(points), LOW, settings)).toBeUndefined();
  });

  it('a noisy balance whose drain cannot be told from noise: no forecast', () => {
    const points = series(14, 400_000, -2_000, 40_000, 7);
    expect(forecastRunway(points, nowAfter(points), LOW, settings)).toBeUndefined();
  });

  it.each([5, 20, 36])(
    'a single outlier at sample %d moves the forecast less than 10%%',
    (index) => {
      const points = series(40, 800_000, -100_000, 3_000, 3);
      const now = nowAfter(points);
      const clean = forecastRunway(points, now, LOW, settings)?.toLow?.minutes ?? Number.NaN;
      for (const outlier of [-400_000, 0, 1_000, 2_000_000]) {
        const disturbed = points.map((p, i) => (i === index ? { ...p, balance: outlier } : p));
        const moved = forecastRunway(disturbed, now, LOW, settings)?.toLow?.minutes ?? Number.NaN;
        expect(Math.abs(moved - clean) / clean, `outlier ${outlier}`).toBeLessThan(0.1);
      }
    },
  );

  it('an outlier as the very last sample does not swing it either', () => {
    const points = series(40, 800_000, -100_000, 3_000, 3);
    const now = nowAfter(points);
    const clean = forecastRunway(points, now, LOW, settings)?.toLow?.minutes ?? Number.NaN;
    const disturbed = points.map((p, i) =>
      i === points.length - 1 ? { ...p, balance: 150_000 } : p,
    );
    const moved = forecastRunway(disturbed, now, LOW, settings)?.toLow?.minutes ?? Number.NaN;
    expect(Math.abs(moved - clean) / clean).toBeLessThan(0.1);
  });

  it('gives the time to zero as well, and none to LOW once below it', () => {
    const points = series(30, 90_000, -10_000, 0);
    const result = forecastRunway(points, nowAfter(points), LOW, settings);
    expect(result?.toLow).toBeUndefined();
    expect(result?.toZero.minutes).toBeGreaterThan(0);
  });
});

describe('forecast properties', () => {
  const historyArb = fc
    .tuple(
      fc.integer({ min: 2, max: 200 }),
      fc.integer({ min: -50_000, max: 2_000_000 }),
      fc.integer({ min: -400_000, max: 100_000 }),
      fc.integer({ min: 0, max: 50_000 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 30 }),
    )
    .map(([count, start, perHour, noise, seed, stepMinutes]) => ({
      points: series(count, start, perHour, noise, seed).map((p, i) => ({
        ...p,
        t: T0 + i * stepMinutes * 60_000,
      })),
    }));

  it('the forecast time is never in the past, and its range is ordered', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 600 }), ({ points }, lateMinutes) => {
        const now = (points[points.length - 1]?.t ?? T0) + lateMinutes * 60_000;
        const result = forecastRunway(points, now, LOW, settings);
        if (result === undefined) return;
        for (const eta of [result.toLow, result.toZero]) {
          if (eta === undefined) continue;
          expect(eta.minutes).toBeGreaterThanOrEqual(0);
          expect(eta.earliest).toBeGreaterThanOrEqual(0);
          expect(eta.earliest).toBeLessThanOrEqual(eta.minutes);
          expect(eta.latest).toBeGreaterThanOrEqual(eta.minutes);
        }
        expect(result.perHour).toBeLessThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
