import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../lambda/alerting/forecast';
import { decodeHistory, encodeHistory } from '../../lambda/alerting/history';
import { corroborated, HINTED_MAX_POINTS, recordHint } from '../../lambda/alerting/hinted';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import { alertStateSchema, type AlertState } from '../../lambda/alerting/state';
import { healRecord } from '../../lambda/stores/record';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * A callback's CURRENT_BALANCE at its COMPLETED_AT: kept apart from the history, marked
 * unconfirmed by where it is kept (state.hinted), small, and used only where the GET readings
 * corroborate it, for the pace a forecast states. (That no alert rests on it is
 * hints.property.test.ts.)
 */

const T0 = Date.parse('2027-03-01T08:00:00.000Z');
const MIN = 60_000;
const WINDOW = 180;

const hintAt = (t: number, balance: number) => ({ completedAt: t, currentBalance: balance });

describe('recordHint (the unconfirmed points)', () => {
  it('keeps a hint with a balance and a time no later than the check, and nothing else', () => {
    const now = T0 + 60 * MIN;
    const kept = recordHint(undefined, hintAt(now - MIN, 90_000), now, WINDOW);
    expect(decodeHistory(kept)).toEqual([{ t: now - MIN, balance: 90_000 }]);
    expect(recordHint(undefined, { currentBalance: 90_000 }, now, WINDOW)).toBeUndefined();
    expect(recordHint(undefined, { completedAt: now - MIN }, now, WINDOW)).toBeUndefined();
    // A time ahead of the check, or older than the forecast's window.
    expect(recordHint(undefined, hintAt(now + 1000, 1), now, WINDOW)).toBeUndefined();
    expect(recordHint(undefined, hintAt(now - 181 * MIN, 1), now, WINDOW)).toBeUndefined();
    expect(recordHint(undefined, undefined, now, WINDOW)).toBeUndefined();
  });

  it('replaces a point of the same second, drops what left the window, keeps the newest few', () => {
    let stored = recordHint(undefined, hintAt(T0, 1), T0, WINDOW);
    stored = recordHint(stored, hintAt(T0 + 400, 2), T0 + MIN, WINDOW);
    expect(decodeHistory(stored)).toEqual([{ t: T0 + 400, balance: 2 }]);
    stored = recordHint(stored, hintAt(T0 + 10 * MIN, 3), T0 + 181 * MIN, WINDOW);
    expect(decodeHistory(stored)).toEqual([{ t: T0 + 10 * MIN, balance: 3 }]);
    // A flood: one a minute for three hours.
    stored = undefined;
    for (let i = 0; i < 180; i += 1)
      stored = recordHint(stored, hintAt(T0 + i * MIN, i), T0 + i * MIN, WINDOW);
    const points = decodeHistory(stored);
    expect(points).toHaveLength(HINTED_MAX_POINTS);
    expect(points.at(-1)).toEqual({ t: T0 + 179 * MIN, balance: 179 });
    // Compact: a base and a flat list, well under a kilobyte at its fullest (6-digit balances).
    const full = encodeHistory(points.map((p) => ({ t: p.t, balance: 1_234_567 + p.balance })));
    expect(JSON.stringify(full).length).toBeLessThan(600);
  });
});

describe('corroborated (the points the readings vouch for)', () => {
  const readings: HistoryPoint[] = [
    { t: T0, balance: 100_000 },
    { t: T0 + 5 * MIN, balance: 90_000 },
    { t: T0 + 10 * MIN, balance: 150_000 },
    { t: T0 + 15 * MIN, balance: 150_000 },
  ];

  it('merges a point between two readings and their balances, on a fall or a still stretch', () => {
    const inside = { t: T0 + 2 * MIN, balance: 95_000 };
    const still = { t: T0 + 12 * MIN, balance: 150_000 };
    expect(corroborated(readings, [inside, still])).toEqual([
      readings[0],
      inside,
      readings[1],
      readings[2],
      still,
      readings[3],
    ]);
  });

  it('leaves out a forged balance, a point across a top-up, and one after the last reading', () => {
    const forged = [
      { t: T0 + 2 * MIN, balance: 0 },
      { t: T0 + 3 * MIN, balance: 500_000 },
      // Between 90 000 and a top-up to 150 000: it would hide the top-up.
      { t: T0 + 7 * MIN, balance: 120_000 },
      { t: T0 + 13 * MIN, balance: 149_000 },
      // Not vouched for yet: the next reading is still to come.
      { t: T0 + 16 * MIN, balance: 149_000 },
      // At a reading's own time.
      { t: T0 + 5 * MIN, balance: 90_000 },
    ];
    expect(corroborated(readings, forged)).toEqual(readings);
  });
});

describe('the policy and the unconfirmed points', () => {
  const settings: PolicySettings = {
    ...BASE_SETTINGS,
    thresholds: { low: 50_000, critical: 10_000 },
  };
  /** The balance at `m` minutes: 200 a minute out for 90 minutes, then 1 000 a minute. */
  const balanceAt = (m: number) => (m <= 90 ? 400_000 - 200 * m : 382_000 - 1_000 * (m - 90));
  type Told = { minute: number; completedAt?: number; currentBalance?: number };
  /**
   * Two hours at the schedule's 5 minutes, and a callback's check at each `told` minute with
   * its hint (given to the policy, or not: the same checks either way).
   */
  function drained(told: readonly Told[], give = true, balanceOf = balanceAt) {
    let state: AlertState | undefined;
    let forecast;
    const read = (m: number, hint?: Omit<Told, 'minute'>) =>
      evaluate(
        state,
        {
          kind: 'sample',
          balance: balanceOf(Math.floor(m)),
          currency: 'XOF',
          lastUpdate: new Date(T0 + m * MIN).toISOString(),
          ...(hint === undefined ? {} : { offSchedule: true }),
          ...(hint === undefined || !give ? {} : { hint }),
        },
        settings,
        new Date(T0 + m * MIN),
        'main',
      );
    for (let m = 0; m <= 120; m += 1) {
      if (m % 5 === 0) {
        const result = read(m);
        state = result.state;
        forecast = result.forecast;
      }
      for (const hint of told.filter((h) => h.minute === m))
        state = read(m + 0.5, {
          ...(hint.currentBalance === undefined ? {} : { currentBalance: hint.currentBalance }),
          ...(hint.completedAt === undefined ? {} : { completedAt: T0 + hint.completedAt * MIN }),
        }).state;
    }
    return { state: state as AlertState, forecast };
  }
  /** Callbacks each minute between the readings of the last half hour, true to the balance. */
  const lastHalfHour: Told[] = Array.from({ length: 30 }, (_, k) => 91 + k)
    .filter((m) => m % 5 !== 0)
    .map((m) => ({ minute: m, completedAt: m, currentBalance: balanceAt(m) }));

  it('states a pace that learns from the points the readings corroborate, and from no other', () => {
    const none = drained(lastHalfHour, false);
    const told = drained(lastHalfHour);
    expect(told.state.hinted).toBeDefined();
    expect(none.forecast?.perHour).toBeDefined();
    // The last half hour's pace (60 000 an hour) weighs more with its points filled in.
    expect(told.forecast?.perHour).toBeLessThan(none.forecast?.perHour ?? 0);
    // Forged: a balance of 0 at each. Stored, unconfirmed, and never used.
    const forged = drained(lastHalfHour.map((h) => ({ ...h, currentBalance: 0 })));
    expect(decodeHistory(forged.state.hinted).length).toBeGreaterThan(0);
    expect(forged.forecast).toEqual(none.forecast);
    // The history the rules judge is the readings' alone.
    expect(told.state.history).toEqual(none.state.history);
  });

  it('does not read the minutes after a payout as a pause: a point at the next balance changes nothing', () => {
    // A steady drain paid in one payout a reading: each callback, a minute after a reading,
    // says the balance is already the next one's (then still until the next reading).
    const steady = (m: number) => 400_000 - 2_500 * Math.ceil(m / 5);
    const told: Told[] = Array.from({ length: 24 }, (_, i) => ({
      minute: 5 * i + 1,
      completedAt: 5 * i + 1,
      currentBalance: steady(5 * i + 5),
    }));
    const pace = (give: boolean) => drained(told, give, steady).forecast?.perHour;
    expect(pace(false)).toBeDefined();
    expect(pace(true)).toBe(pace(false));
    // Not for want of points: the readings vouch for the callbacks' within the window.
    const { state } = drained(told, true, steady);
    const history = decodeHistory(state.history);
    const merged = corroborated(history, decodeHistory(state.hinted));
    expect(merged.length - history.length).toBeGreaterThan(20);
  });

  it('decodes a state saved before callbacks, and one with unconfirmed points, as it was', () => {
    const old = {
      schema: 1,
      lastCheckAt: '2026-12-01T00:00:00.000Z',
      last: { balance: 1, currency: 'XOF', at: '2026-12-01T00:00:00.000Z' },
      history: { base: '2026-12-01T00:00:00.000Z', points: [0, 1] },
      checkLog: [{ hour: '2026-12-01T00:00:00.000Z', checks: 3, failed: 0 }],
    };
    expect(alertStateSchema.parse(old)).toEqual(old);
    const withHints = drained(lastHalfHour).state;
    expect(alertStateSchema.parse(withHints)).toEqual(withHints);
    const healed = healRecord(
      { schema: 2, state: withHints, outbox: [], undeliverable: [] },
      new Date(T0 + 3 * 3_600_000),
    );
    expect(healed.problems).toEqual([]);
    expect(healed.record?.state.hinted).toEqual(withHints.hinted);
  });
});
