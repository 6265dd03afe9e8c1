import { describe, expect, it } from 'vitest';
import {
  activityOf,
  DEFAULT_FORECAST_SETTINGS,
  endsWithTopUp,
  fitToSampling,
  forecastRunway,
  type HistoryPoint,
  samplingInterval,
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

/** A check every 5 minutes for the `hours` up to `now`, ending at `balanceNow`. */
function businessDay(balanceNow: number, now = NOW, hours = 26): HistoryPoint[] {
  const times = Array.from(
    { length: (hours * HOUR) / STEP + 1 },
    (_, i) => now - hours * HOUR + i * STEP,
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

/** The hours of tomorrow (UTC) the profile counts as busy. */
const busyHours = (activity: ReturnType<typeof activityOf>) => {
  const tomorrow = Date.parse('2026-12-03T00:30:00Z');
  return Array.from({ length: 24 }, (_, h) => h).filter(
    (h) => activity?.active(tomorrow + h * HOUR) === true,
  );
};
const PAYOUT_HOURS = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];

describe("the day's profile, read at other times and from other checks", () => {
  it('read at 21:00, when the hour a day ago was quiet, it gives the same payout hours', () => {
    const now = Date.parse('2026-12-02T21:00:00Z');
    expect(busyHours(activityOf(businessDay(124_000, now, 30), now))).toEqual(PAYOUT_HOURS);
  });

  it('read at 08:02 by a digest, before the hour has a check, the hour before is still quiet', () => {
    const lastCheck = Date.parse('2026-12-02T07:55:00Z');
    const activity = activityOf(businessDay(124_000, lastCheck), lastCheck + 7 * 60_000);
    expect(busyHours(activity)).toEqual(PAYOUT_HOURS);
  });

  it('tells the payout hours from readings that jitter by a few tens (3 times the median step is noise)', () => {
    // A jitter of -20 to +20 on every reading: no hour of the night is still, yet none moved.
    const jitter = (i: number) => 10 * (((i * 7) % 5) - 2);
    const noisy = businessDay(124_000).map((p, i) => ({ ...p, balance: p.balance + jitter(i) }));
    expect(busyHours(activityOf(noisy, NOW))).toEqual(PAYOUT_HOURS);
  });

  it('noisy readings: one hour whose collection offset its payouts stays busy; two in a row, or clean readings, are quiet', () => {
    const jitter = (i: number) => 10 * (((i * 7) % 5) - 2);
    // Collections of 12,000 (an hour's payouts) at 12:30, and at 13:30 too, today.
    const collected = (hours: readonly number[], readings: HistoryPoint[]) =>
      readings.map((p) => ({
        ...p,
        balance:
          p.balance +
          12_000 * hours.filter((h) => p.t >= Date.parse(`2026-12-02T${h}:30:00Z`)).length,
      }));
    const noisy = businessDay(124_000).map((p, i) => ({ ...p, balance: p.balance + jitter(i) }));
    expect(busyHours(activityOf(collected([12], noisy), NOW))).toEqual(PAYOUT_HOURS);
    expect(busyHours(activityOf(collected([12, 13], noisy), NOW))).toEqual(
      PAYOUT_HOURS.filter((h) => h !== 12 && h !== 13),
    );
    // Clean readings repeat exactly while nothing moves: the still hour is known to be still.
    expect(busyHours(activityOf(collected([12], businessDay(124_000)), NOW))).toEqual(
      PAYOUT_HOURS.filter((h) => h !== 12),
    );
  });

  it('an afternoon without checks (13:00 to 16:00) shares what the balance did across it', () => {
    const outage = businessDay(124_000).filter((p) => {
      const hour = new Date(p.t).getUTCHours();
      return p.t < NOW - 24 * HOUR || hour < 13 || hour >= 16;
    });
    expect(busyHours(activityOf(outage, NOW))).toEqual(PAYOUT_HOURS);
  });

  it('payouts that resume after a quiet day count from the hour they resume in, at its first check', () => {
    // Payouts from 08:00 to 11:00 yesterday, nothing since, then again from 11:00 today; now is
    // 12:00, and the check at 12:00 is the hour's first.
    const now = Date.parse('2026-12-02T12:00:00Z');
    const start = Date.parse('2026-12-01T08:00:00Z');
    const yesterday = (t: number) => t > start && t <= start + 3 * HOUR;
    const today = (t: number) => t > now - HOUR;
    let balance = 500_000;
    const history = Array.from(
      { length: (now - start) / STEP + 1 },
      (_, i) => start + i * STEP,
    ).map((t) => ({ t, balance: (balance -= yesterday(t) || today(t) ? PER_CHECK : 0) }));
    expect(busyHours(activityOf(history, now))).toEqual([11, 12]);
  });

  it('a day of payouts around the clock with its first hour unsampled: no profile, every minute counts', () => {
    const now = Date.parse('2026-12-02T12:30:00Z');
    const start = Date.parse('2026-12-01T13:00:00Z');
    const history = Array.from({ length: (now - start) / STEP + 1 }, (_, i) => ({
      t: start + i * STEP,
      balance: 900_000 - i * PER_CHECK,
    }));
    expect(activityOf(history, now)).toBeUndefined();
  });

  it('read at 18:00, the checks after it (the balance falling on) do not count', () => {
    const now = Date.parse('2026-12-02T18:00:00Z');
    const upToNow = businessDay(124_000, now);
    const later = Array.from({ length: 24 }, (_, i) => ({
      t: now + (i + 1) * STEP,
      balance: 124_000 - (i + 1) * PER_CHECK,
    }));
    expect(busyHours(activityOf([...upToNow, ...later], now))).toEqual(PAYOUT_HOURS);
  });

  it('a light hour (1,200 moved) among heavy ones (12,000) is busy: the noise is the median step, not a heavy one', () => {
    const now = Date.parse('2026-12-02T23:00:00Z');
    const jitter = (i: number) => 10 * (((i * 7) % 5) - 2);
    const payout = (t: number) => {
      const hour = new Date(t).getUTCHours();
      return hour === 7 ? 100 : hour >= 8 && hour < 18 ? PER_CHECK : 0;
    };
    let balance = 900_000;
    const history = Array.from({ length: (26 * HOUR) / STEP + 1 }, (_, i) => {
      const t = now - 26 * HOUR + i * STEP;
      balance -= payout(t);
      return { t, balance: balance + jitter(i) };
    });
    expect(busyHours(activityOf(history, now))).toEqual([7, ...PAYOUT_HOURS]);
  });

  it('a balance that moved by half a unit in an hour (a rounding) did not move', () => {
    const rounded = businessDay(124_000).map((p) =>
      p.t > Date.parse('2026-12-02T02:00:00Z') ? { ...p, balance: p.balance - 0.5 } : p,
    );
    expect(busyHours(activityOf(rounded, NOW))).toEqual(PAYOUT_HOURS);
  });

  it('checks every 72 minutes: 18 of the 20 slots of the day sampled (90%) are enough, 17 are not', () => {
    const slot = 72 * 60_000;
    const now = Math.floor(NOW / slot) * slot;
    // Checks from the start of the day's second slot (the first slot and its check unjudged,
    // as there is no check before it), the balance falling in five slots.
    const checks = (from: number) =>
      Array.from({ length: 21 - from }, (_, i) => from + i).map((k) => ({
        t: now - (20 - k) * slot,
        balance: 100_000 - 1_000 * Math.min(5, Math.max(0, k - 4)),
      }));
    expect(activityOf(checks(1), now)?.slot).toBe(slot);
    expect(activityOf(checks(2), now)).toBeUndefined();
  });
});

describe('a forecast at the edges of the payout hours', () => {
  it('12,000 above LOW at 17:00: LOW at 18:00, when the payouts stop, not at tomorrow 08:00', () => {
    const forecast = forecastRunway(businessDay(LOW + 12_000), NOW, LOW, settings);
    expect(forecast?.toLow?.minutes).toBeCloseTo(60, 6);
  });

  it('at 19:00, an hour after the payouts stopped, the forecast still counts tomorrow from 08:00', () => {
    const now = Date.parse('2026-12-02T19:00:00Z');
    const forecast = forecastRunway(businessDay(LOW + 24_000, now), now, LOW, settings);
    // Two hours of payouts: 08:00 to 10:00 tomorrow, 15 hours from now.
    expect(forecast?.toLow?.minutes).toBeCloseTo(15 * 60, 6);
  });

  it('an overdrawn balance at 20:00 is at zero now, not at the first payout tomorrow', () => {
    const now = Date.parse('2026-12-02T20:00:00Z');
    const forecast = forecastRunway(businessDay(-5_000, now), now, LOW, settings);
    expect(forecast?.toLow).toBeUndefined();
    expect(forecast?.toZero.minutes).toBe(0);
  });
});

const MINUTE = 60_000;

/** Checks every `every` minutes over `minutes` up to `now`, falling `perMinute` to `balanceNow`. */
function drain(
  balanceNow: number,
  perMinute: number,
  { every = 5, minutes = 240, now = NOW }: { every?: number; minutes?: number; now?: number } = {},
): HistoryPoint[] {
  return Array.from({ length: minutes / every + 1 }, (_, i) => {
    const ago = minutes - i * every;
    return { t: now - ago * MINUTE, balance: balanceNow + perMinute * ago };
  });
}

describe('the forecast of a steady drain, every minute counted (no day profile)', () => {
  const LOW_10K = 10_000;
  const at10k = { ...DEFAULT_FORECAST_SETTINGS, topUpMinIncrease: 2_500 };

  it('a balance falling 600 an hour to 13,000 with LOW at 10,000: LOW in 5 hours, said as between 4 h 03 and 7 h 29', () => {
    const forecast = forecastRunway(drain(13_000, 10), NOW, LOW_10K, at10k);
    expect(forecast?.perHour).toBeCloseTo(-600, 9);
    expect(forecast?.level).toBeCloseTo(13_000, 9);
    // Of 4 hours of checks, the pace is fitted on the last 3: 37 checks.
    expect(forecast?.samples).toBe(37);
    expect(forecast?.spanMinutes).toBe(180);
    // The range: a pace that never strayed is taken to stray by 10% an hour (the floor); over
    // the 5 hours to come and the 3 measured, 2.9 of that faster and 1.28 slower, on a log scale,
    // and two hour-long blocks more on the slow side. The pace is the history's net one: no
    // pull either way.
    const spread = (lead: number) => 0.1 * Math.sqrt(60 / lead + 60 / 180);
    expect(forecast?.toLow?.minutes).toBeCloseTo(300, 9);
    expect(forecast?.toLow?.earliest).toBeCloseTo(300 * Math.exp(-2.9 * spread(300)), 9);
    expect(forecast?.toLow?.earliest).toBeCloseTo(242.7, 1);
    expect(forecast?.toLow?.latest).toBeCloseTo(300 * Math.exp(1.28 * spread(300)) + 120, 9);
    expect(forecast?.toLow?.latest).toBeCloseTo(449.4, 1);
    expect(forecast?.toZero.minutes).toBeCloseTo(1_300, 9);
    expect(forecast?.toZero.earliest).toBeCloseTo(1_300 * Math.exp(-2.9 * spread(1_300)), 9);
    expect(forecast?.toZero.latest).toBeCloseTo(1_300 * Math.exp(1.28 * spread(1_300)) + 120, 9);
    expect(forecast?.coverActiveMinutes).toBe(24 * 60);
  });

  it('a balance exactly at LOW has no time to LOW (it is there), only to zero', () => {
    const forecast = forecastRunway(drain(LOW_10K, 10), NOW, LOW_10K, at10k);
    expect(forecast?.toLow).toBeUndefined();
    expect(forecast?.toZero.minutes).toBeCloseTo(1_000, 9);
  });

  it('a drain that empties the balance in exactly 7 days is forecast, its latest time to zero capped at 7 days; 1 minute more is not', () => {
    const week = 7 * 24 * 60;
    const forecast = forecastRunway(drain(100_800, 10), NOW, 50_400, at10k);
    expect(forecast?.toZero.minutes).toBe(week);
    const spread = (lead: number) => 0.1 * Math.sqrt(60 / lead + 60 / 180);
    expect(forecast?.toZero.earliest).toBeCloseTo(week * Math.exp(-2.9 * spread(week)), 9);
    expect(forecast?.toZero.latest).toBe(week);
    expect(forecast?.toLow?.minutes).toBe(week / 2);
    // Half a week away, the range stays inside the week: nothing to cap.
    expect(forecast?.toLow?.latest).toBeCloseTo(
      (week / 2) * Math.exp(1.28 * spread(week / 2)) + 120,
      9,
    );
    expect(forecastRunway(drain(100_810, 10), NOW, 50_400, at10k)).toBeUndefined();
  });

  // 6 hours of checks: the first 3 at one pace, the last 3 (the window) falling 600 an hour to
  // 13,000. The fitted pace is 600 an hour either way; the history's net pace is not.
  const twoPaces = (earlierPerMinute: number) =>
    drain(13_000, 10, { minutes: 360 }).map((p) => {
      const ago = (NOW - p.t) / MINUTE;
      return { ...p, balance: p.balance + Math.max(0, ago - 180) * (earlierPerMinute - 10) };
    });

  it('a pace steeper than the history net one: the slow end reaches the crossing at the net pace', () => {
    // Before, 300 an hour: net 450 an hour, so the pace to come may be 600/450 times slower.
    // Blocks of 5 and 10 a minute: their spread, 1.4826 * 2.5 / 7.5.
    const forecast = forecastRunway(twoPaces(5), NOW, LOW_10K, at10k);
    const spread = ((1.4826 * 2.5) / 7.5) * Math.sqrt(60 / 300 + 60 / 180);
    expect(forecast?.perHour).toBeCloseTo(-600, 9);
    expect(forecast?.toLow?.minutes).toBeCloseTo(300, 9);
    expect(forecast?.toLow?.earliest).toBeCloseTo(300 * Math.exp(-2.9 * spread), 9);
    expect(forecast?.toLow?.latest).toBeCloseTo(
      300 * (600 / 450) * Math.exp(1.28 * spread) + 120,
      9,
    );
  });

  it('a pace gentler than the history net one: the fast end reaches the crossing at the net pace', () => {
    // Before, 900 an hour: net 750 an hour, so the pace to come may be 750/600 times faster.
    const forecast = forecastRunway(twoPaces(15), NOW, LOW_10K, at10k);
    const spread = ((1.4826 * 2.5) / 12.5) * Math.sqrt(60 / 300 + 60 / 180);
    expect(forecast?.toLow?.minutes).toBeCloseTo(300, 9);
    expect(forecast?.toLow?.earliest).toBeCloseTo(300 * (600 / 750) * Math.exp(-2.9 * spread), 9);
    expect(forecast?.toLow?.latest).toBeCloseTo(300 * Math.exp(1.28 * spread) + 120, 9);
  });

  it('a history that rose as much as it fell has no net pace: the range is the spread alone', () => {
    // 2 hours rising 25 a minute (each check by less than a top-up), then 5 falling 10 a
    // minute to 13,000: the window falls steadily, the history nets nothing.
    const history = drain(13_000, 10, { minutes: 420 }).map((p) => {
      const ago = (NOW - p.t) / MINUTE;
      return { ...p, balance: p.balance - Math.max(0, ago - 300) * 35 };
    });
    const forecast = forecastRunway(history, NOW, LOW_10K, at10k);
    const spread = 0.1 * Math.sqrt(60 / 300 + 60 / 180);
    expect(forecast?.toLow?.minutes).toBeCloseTo(300, 9);
    expect(forecast?.toLow?.earliest).toBeCloseTo(300 * Math.exp(-2.9 * spread), 9);
    expect(forecast?.toLow?.latest).toBeCloseTo(300 * Math.exp(1.28 * spread) + 120, 9);
  });

  it('a top-up 4 hours ago: the hours before it still say how much the pace strays', () => {
    // 4 hours falling 600 an hour, every other hour at twice that; a top-up of 6,750; then
    // 3 steady hours to 18,000.
    const before = drain(13_000, 10, { minutes: 240 }).map((p, i) => ({
      t: p.t - 180 * MINUTE,
      balance: p.balance - (Math.floor(i / 12) % 2) * 10 * ((i % 12) * 5),
    }));
    const after = drain(18_000, 10, { minutes: 175 });
    const forecast = forecastRunway([...before, ...after], NOW, LOW_10K, at10k);
    const steady = forecastRunway(after, NOW, LOW_10K, at10k);
    expect(forecast?.samples).toBe(36);
    expect(forecast?.toLow?.minutes).toBeCloseTo(steady?.toLow?.minutes ?? Number.NaN, 9);
    // Wider than the steady hours alone would make it, and finite.
    expect(forecast?.toLow?.earliest).toBeLessThan(steady?.toLow?.earliest ?? 0);
    expect(forecast?.toLow?.latest).toBeGreaterThan(steady?.toLow?.latest ?? 0);
    expect(Number.isFinite(forecast?.toLow?.latest)).toBe(true);
  });

  it('checks every 15 minutes: a forecast from the 6th, not the 5th (an hour of them)', () => {
    const checks = (count: number) => drain(13_000, 10, { every: 15, minutes: (count - 1) * 15 });
    expect(forecastRunway(checks(5), NOW, LOW_10K, at10k)).toBeUndefined();
    expect(forecastRunway(checks(6), NOW, LOW_10K, at10k)?.toLow?.minutes).toBeCloseTo(300, 9);
  });

  it('checks every 5 minutes: a forecast once they span an hour (13 checks), not before', () => {
    const checks = (count: number) => drain(13_000, 10, { minutes: (count - 1) * 5 });
    expect(forecastRunway(checks(12), NOW, LOW_10K, at10k)).toBeUndefined();
    expect(forecastRunway(checks(13), NOW, LOW_10K, at10k)?.samples).toBe(13);
  });

  it('checks every hour: a forecast from the 4th (3 hours), not the 3rd', () => {
    const checks = (count: number) => drain(13_000, 10, { every: 60, minutes: (count - 1) * 60 });
    expect(forecastRunway(checks(3), NOW, LOW_10K, at10k)).toBeUndefined();
    expect(forecastRunway(checks(4), NOW, LOW_10K, at10k)?.toLow?.minutes).toBeCloseTo(300, 9);
  });

  it('a check every minute: the pace of the last 3 hours of them (181 checks)', () => {
    const forecast = forecastRunway(drain(13_000, 10, { every: 1 }), NOW, LOW_10K, at10k);
    expect(forecast?.samples).toBe(181);
    expect(forecast?.perHour).toBeCloseTo(-600, 9);
    expect(forecast?.toLow?.minutes).toBeCloseTo(300, 9);
  });
});

describe('the settings fitted to how often the balance is checked', () => {
  const defaults = { ...DEFAULT_FORECAST_SETTINGS, topUpMinIncrease: 25_000 };
  const every = (minutes: number) => drain(500_000, 10, { every: minutes, minutes: 20 * minutes });

  it('checks every 5 or 15 minutes, or a single check: the defaults', () => {
    expect(fitToSampling(defaults, every(5))).toEqual(defaults);
    expect(fitToSampling(defaults, every(15))).toEqual(defaults);
    expect(fitToSampling(defaults, every(5).slice(-1))).toEqual(defaults);
  });

  it('checks every hour: a window of 8 hours, a span of 3, from 4 checks', () => {
    expect(fitToSampling(defaults, every(60))).toEqual({
      ...defaults,
      windowMinutes: 8 * 60,
      minSpanMinutes: 3 * 60,
      minSamples: 4,
    });
  });

  it('checks every 4 hours: a window of a day at most, a span of 12 hours', () => {
    expect(fitToSampling(defaults, every(240))).toMatchObject({
      windowMinutes: 24 * 60,
      minSpanMinutes: 12 * 60,
      minSamples: 4,
    });
  });

  it('checks every 20 minutes: the 3-hour window stays (8 checks would be less)', () => {
    expect(fitToSampling(defaults, every(20))).toMatchObject({
      windowMinutes: 3 * 60,
      minSpanMinutes: 60,
      minSamples: 4,
    });
  });
});

describe('the usual gap between checks', () => {
  const at = (minutes: readonly number[]) =>
    minutes.map((m) => ({ t: NOW + m * MINUTE, balance: 0 }));

  it('is unknown from fewer than two checks', () => {
    expect(samplingInterval([])).toBeUndefined();
    expect(samplingInterval(at([0]))).toBeUndefined();
  });

  it('is that of the last ten gaps: 5 minutes after a day of hourly checks', () => {
    const hourly = Array.from({ length: 30 }, (_, i) => i * 60);
    const fiveMinutes = Array.from({ length: 8 }, (_, i) => 29 * 60 + (i + 1) * 5);
    expect(samplingInterval(at([...hourly, ...fiveMinutes]))).toBe(5);
  });

  it('is the middle one: 5 of gaps of 10, 1 and 5 minutes; 7.5 of ten, half of 5 and half of 10', () => {
    expect(samplingInterval(at([0, 10, 11, 16]))).toBe(5);
    const alternating = Array.from({ length: 11 }, (_, i) => Math.floor(i / 2) * 15 + (i % 2) * 5);
    expect(samplingInterval(at(alternating))).toBe(7.5);
  });
});

describe('a top-up', () => {
  // LOW 100,000: a top-up is a rise of at least 25,000.
  const checks = (...balances: number[]) =>
    balances.map((balance, i) => ({ t: NOW + i * STEP, balance }));

  it('a rise of exactly a quarter of LOW in the newest check is one at once', () => {
    expect(endsWithTopUp(checks(200_000, 200_000, 225_000), 25_000)).toBe(true);
    expect(endsWithTopUp(checks(200_000, 200_000, 224_999), 25_000)).toBe(false);
  });

  it('one the next check keeps (by exactly a quarter of LOW) is still one', () => {
    expect(endsWithTopUp(checks(200_000, 200_000, 230_000, 225_000), 25_000)).toBe(true);
  });

  it('a single high reading the next check does not keep is none, nor a low one followed by the usual level', () => {
    expect(endsWithTopUp(checks(200_000, 200_000, 300_000, 200_000), 25_000)).toBe(false);
    expect(endsWithTopUp(checks(200_000, 150_000, 200_000), 25_000)).toBe(false);
  });

  it('the first check, or none, is no top-up', () => {
    expect(endsWithTopUp(checks(900_000), 25_000)).toBe(false);
    expect(endsWithTopUp([], 25_000)).toBe(false);
  });
});

describe("how sure the pace is: Sen's 95% interval of the slope", () => {
  const LOW_10K = 10_000;
  const at10k = { ...DEFAULT_FORECAST_SETTINGS, topUpMinIncrease: 2_500 };
  // Each series: readings 5 minutes apart (or an hour), ending at NOW. With 13 readings, the 78
  // slopes between pairs of them, and the interval from the 23rd to the 57th smallest.
  const readings = (every: number, balances: readonly number[]) =>
    balances.map((balance, i) => ({
      t: NOW - (balances.length - 1 - i) * every * MINUTE,
      balance,
    }));

  it('a noisy drain whose interval only just stays below zero: forecast, with a range as wide as its noise', () => {
    const history = readings(
      5,
      [
        19_948, 19_738, 19_785, 19_827, 20_183, 20_112, 19_549, 19_594, 19_870, 19_246, 19_344,
        19_561, 19_244,
      ],
    );
    const forecast = forecastRunway(history, NOW, LOW_10K, at10k);
    // The pace: the median slope, -10.92 a minute; the level, the median over the last 9
    // checks. Its 15-minute blocks' paces differ by more than the pace itself: the range runs
    // from minutes to the week's cap.
    expect(forecast?.perHour).toBeCloseTo(-655.35, 6);
    expect(forecast?.level).toBeCloseTo(19_320.94, 2);
    expect(forecast?.toLow?.minutes).toBeCloseTo(853.37, 2);
    expect(forecast?.toLow?.earliest).toBeLessThan(10);
    expect(forecast?.toLow?.latest).toBe(7 * 24 * 60);
  });

  it('noisy drains whose interval reaches zero (or ends at it) are not forecast', () => {
    const reachesZero = readings(
      5,
      [
        19_340, 19_986, 20_539, 20_472, 19_509, 19_900, 19_993, 19_551, 20_257, 19_491, 19_485,
        18_971, 19_272,
      ],
    );
    expect(forecastRunway(reachesZero, NOW, LOW_10K, at10k)).toBeUndefined();
    const endsAtZero = readings(
      5,
      [
        20_400, 19_800, 19_600, 19_900, 19_500, 19_600, 19_700, 20_000, 19_800, 19_700, 19_400,
        19_100, 19_400,
      ],
    );
    expect(forecastRunway(endsAtZero, NOW, LOW_10K, at10k)).toBeUndefined();
  });

  it('four hourly checks, one of them up: the drain might be none, no forecast', () => {
    const history = readings(60, [10_000, 9_000, 9_100, 8_000]);
    expect(forecastRunway(history, NOW, 5_000, at10k)).toBeUndefined();
  });
});

describe('readings that repeat while nothing moves (clean readings)', () => {
  const LOW_10K = 10_000;
  const at10k = { ...DEFAULT_FORECAST_SETTINGS, topUpMinIncrease: 2_500 };
  /** Checks every `every` minutes for 4 hours; the balance falls 10 a minute but not in `paused`. */
  const withPause = (paused: (ago: number) => boolean, balanceNow = 13_000, every = 5) => {
    const agos = Array.from({ length: 240 / every + 1 }, (_, i) => 240 - i * every);
    let moved = 0;
    const after = agos.map((ago) => (moved += paused(ago) ? 0 : 10 * every));
    return agos.map((ago, i) => ({
      t: NOW - ago * MINUTE,
      balance: balanceNow + moved - (after[i] ?? 0),
    }));
  };

  it('a drain paused for an hour is measured on the minutes it moved: 600 an hour, not 400', () => {
    // Falling from 4 hours ago to 2 hours ago, still for an hour, falling again for the last.
    const history = withPause((ago) => ago > 60 && ago <= 120);
    const forecast = forecastRunway(history, NOW, LOW_10K, at10k);
    expect(forecast?.perHour).toBeCloseTo(-600, 9);
    expect(forecast?.level).toBeCloseTo(13_000, 9);
    // The 12 checks of the still hour take no room: each says what the next one does.
    expect(forecast?.samples).toBe(37);
    expect(forecast?.spanMinutes).toBe(180);
    expect(forecast?.toLow?.minutes).toBeCloseTo(300, 9);
  });

  it('still for 30 minutes (checks every 5) is no pause yet; still for 35, no forecast', () => {
    const still = (minutes: number) => withPause((ago) => ago < minutes);
    expect(forecastRunway(still(30), NOW, LOW_10K, at10k)?.toLow?.minutes).toBeCloseTo(300, 9);
    expect(forecastRunway(still(35), NOW, LOW_10K, at10k)).toBeUndefined();
  });

  it('checks every 30 minutes: an hour without a change (two checks) is no pause yet', () => {
    const history = withPause((ago) => ago < 60, 13_000, 30);
    expect(forecastRunway(history, NOW, LOW_10K, at10k)?.toLow?.minutes).toBeCloseTo(300, 9);
  });

  it('checks every hour, the last one recorded twice: still forecast', () => {
    const hourly = drain(11_200, 10, { every: 60, minutes: 180 });
    const twice = [...hourly, { t: NOW, balance: 11_200 }];
    expect(forecastRunway(twice, NOW, LOW_10K, at10k)?.toLow?.minutes).toBeCloseTo(120, 9);
  });

  it('readings that never repeat cannot show a pause: an hour without checks does not stop the forecast', () => {
    const noisy = drain(13_000, 10).map((p, i) => ({
      ...p,
      balance: p.balance + (i % 2 ? 3 : -3),
    }));
    const last = noisy.at(-1)?.t ?? NOW;
    expect(forecastRunway(noisy, last + 60 * MINUTE, LOW_10K, at10k)).toBeDefined();
  });
});
