import { describe, expect, it } from 'vitest';
import {
  activityOf,
  DEFAULT_FORECAST_SETTINGS,
  forecastRunway,
  type HistoryPoint,
} from '../../lambda/alerting/forecast';

/**
 * The forecast on a business day: payouts from 08:00 to 18:00 (UTC), nothing at night. Written
 * for the mutants the example and property tests let live (docs/testing.md): a pace measured at
 * 17:00 must not run through the night.
 */

const LOW = 100_000;
const settings = { ...DEFAULT_FORECAST_SETTINGS, topUpMinIncrease: 0.25 * LOW };
const STEP = 5 * 60_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-02T17:00:00Z');
const PER_CHECK = 1_000; // 12,000 an hour while payouts run

const inBusinessHours = (t: number) => {
  const hour = new Date(t).getUTCHours();
  return hour >= 8 && hour < 18;
};

/** A check every 5 minutes for the 26 hours up to NOW, ending at `balanceNow`. */
function businessDay(balanceNow: number): HistoryPoint[] {
  const times = Array.from(
    { length: (26 * HOUR) / STEP + 1 },
    (_, i) => NOW - 26 * HOUR + i * STEP,
  );
  let drained = 0;
  const drains = times.map((t) => (drained += inBusinessHours(t) ? PER_CHECK : 0));
  return times.map((t, i) => ({ t, balance: balanceNow + drained - (drains[i] ?? 0) }));
}

// Each test computes what it checks inside its body: run when the file loads, Stryker would
// count every mutant it reaches as static and run the whole suite for each.
describe("the day's profile", () => {
  it('learns which hours of the day the balance moves in, in slots of an hour', () => {
    const activity = activityOf(businessDay(124_000), NOW);
    expect(activity?.slot).toBe(HOUR);
    // The 24 slots, on the clock's hours, end where the current one (from 17:00) starts.
    expect(activity?.origin).toBe(Date.parse('2026-12-01T17:00:00Z'));
    const tomorrow = Date.parse('2026-12-03T00:30:00Z');
    const activeHours = Array.from({ length: 24 }, (_, h) => h).filter(
      (h) => activity?.active(tomorrow + h * HOUR) === true,
    );
    expect(activeHours).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('knows no profile from a day that was all busy, all quiet, or barely sampled', () => {
    // Half past the hour, so that the current slot holds more than one check.
    const now = NOW + 30 * 60_000;
    const drain = Array.from({ length: (26 * HOUR) / STEP + 1 }, (_, i) => ({
      t: now - 26 * HOUR + i * STEP,
      balance: 2_000_000 - i * PER_CHECK,
    }));
    expect(activityOf(drain, now)).toBeUndefined();
    expect(
      activityOf(
        drain.map((p) => ({ ...p, balance: 500_000 })),
        now,
      ),
    ).toBeUndefined();
    // Only the last 20 hours sampled: under 90% of the day's slots are known.
    const recent = businessDay(124_000).filter((p) => p.t > NOW - 20 * HOUR);
    expect(activityOf(recent, NOW)).toBeUndefined();
    expect(activityOf([], NOW)).toBeUndefined();
  });

  it('sizes the slots on a schedule slower than hourly by its interval', () => {
    // Payouts from 09:00 to 14:00 only: most checks see no change, so the readings' noise
    // (3 times the median step) stays 0.
    const interval = 90 * 60_000;
    const payouts = (t: number) => new Date(t).getUTCHours() >= 9 && new Date(t).getUTCHours() < 14;
    let balance = 900_000;
    const every90 = Array.from({ length: 20 }, (_, i) => NOW - (19 - i) * interval).map((t) => ({
      t,
      balance: (balance -= payouts(t) ? 10_000 : 0),
    }));
    const slow = activityOf(every90, NOW);
    expect(slow?.slot).toBe(interval);
    expect(slow?.active(Date.parse('2026-12-03T12:00:00Z'))).toBe(true);
    expect(slow?.active(Date.parse('2026-12-03T02:00:00Z'))).toBe(false);
  });
});

describe('a forecast across the night', () => {
  const forecastNow = () => forecastRunway(businessDay(LOW + 24_000), NOW, LOW, settings);

  it('measures the pace of the payouts', () => {
    const forecast = forecastNow();
    expect(forecast?.perHour).toBeCloseTo(-12_000, 6);
    expect(forecast?.level).toBeCloseTo(LOW + 24_000, 6);
  });

  it('counts only the hours payouts run: 2 hours of drain to LOW land tomorrow at 09:00', () => {
    const forecast = forecastNow();
    // 1 hour until 18:00 today, the night, then 1 hour from 08:00.
    expect(forecast?.toLow?.minutes).toBeCloseTo(60 + 14 * 60 + 60, 6);
    // 124,000 lasts 620 minutes of payouts: 60 today, 560 tomorrow (until 17:20).
    expect(forecast?.toZero.minutes).toBeCloseTo(60 + 14 * 60 + 560, 6);
  });

  it('a top-up for the next 24 hours covers their 10 hours of payouts', () => {
    const forecast = forecastNow();
    expect(forecast?.coverActiveMinutes).toBeCloseTo(600, 6);
  });
});

describe('a forecast without a day profile', () => {
  // A steady drain around the clock: every hour is busy, so there is no profile.
  const steadyDrain = (now: number) =>
    Array.from({ length: (26 * HOUR) / STEP + 1 }, (_, i) => ({
      t: now - 26 * HOUR + i * STEP,
      balance: LOW + 24_000 + ((26 * HOUR) / STEP - i) * PER_CHECK,
    }));

  it('counts every minute: LOW in 2 hours, and a top-up covers all the minutes asked for', () => {
    const now = NOW + 30 * 60_000;
    const forecast = forecastRunway(steadyDrain(now), now, LOW, settings);
    expect(forecast?.toLow?.minutes).toBeCloseTo(120, 6);
    expect(forecast?.coverActiveMinutes).toBe(24 * 60);
    const shorter = forecastRunway(steadyDrain(now), now, LOW, { ...settings, coverMinutes: 600 });
    expect(shorter?.coverActiveMinutes).toBe(600);
  });
});

describe('a steady drain checked on the hour', () => {
  // A check every 5 minutes around the clock, the last one at `now`.
  const aroundTheClock = (now: number, perHour: number, balanceNow: number) =>
    Array.from({ length: (26 * HOUR) / STEP + 1 }, (_, i) => ({
      t: now - 26 * HOUR + i * STEP,
      balance: balanceNow + (((26 * HOUR) / STEP - i) * STEP * perHour) / HOUR,
    }));

  // The check at 10:00 is the only one yet in the hour from 10:00: its single step of 83 is
  // no movement against the readings' noise (3 times the median step), but the hour is as busy
  // as every other.
  it.each(['00', '05', '10', '30'])(
    'a balance falling 1,000 an hour from 10,000 with LOW at 5,000 is forecast to cross in 5 hours, checked at 10:%s',
    (minute) => {
      const now = Date.parse(`2026-12-02T10:${minute}:00Z`);
      const history = aroundTheClock(now, 1_000, 10_000);
      const forecast = forecastRunway(history, now, 5_000, {
        ...DEFAULT_FORECAST_SETTINGS,
        topUpMinIncrease: 1_250,
      });
      expect(forecast?.toLow?.minutes).toBeCloseTo(5 * 60, 6);
      expect(forecast?.toZero.minutes).toBeCloseTo(10 * 60, 6);
      // A top-up for the next 24 hours covers all of them: payouts never stop.
      expect(forecast?.coverActiveMinutes).toBeCloseTo(24 * 60, 6);
    },
  );
});
