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
  /**
   * A drain of 500 a minute for two hours at the schedule's 5 minutes, and after the first
   * readings a callback's check each (its hint given to the policy or not).
   */
  function drained(hint: { completedAt?: number; currentBalance?: number }[], told = true) {
    let state: AlertState | undefined;
    let forecast;
    const at = (i: number) => T0 + i * 5 * MIN;
    for (let i = 0; i <= 24; i += 1) {
      // The schedule's readings step down unevenly: most of each 5 minutes' payouts go at once.
      const balance = 400_000 - 2_500 * i;
      const result = evaluate(
        state,
        { kind: 'sample', balance, currency: 'XOF', lastUpdate: new Date(at(i)).toISOString() },
        settings,
        new Date(at(i)),
        'main',
      );
      state = result.state;
      forecast = result.forecast;
      const h = hint[i];
      if (h !== undefined) {
        const cb = evaluate(
          state,
          {
            kind: 'sample',
            balance,
            currency: 'XOF',
            lastUpdate: new Date(at(i)).toISOString(),
            offSchedule: true,
            ...(told
              ? {
                  hint: {
                    ...h,
                    ...(h.completedAt === undefined ? {} : { completedAt: at(i) + h.completedAt }),
                  },
                }
              : {}),
          },
          settings,
          new Date(at(i) + 90_000),
          'main',
        );
        state = cb.state;
      }
    }
    return { state: state as AlertState, forecast };
  }

  it('states a pace that learns from the points the readings corroborate, and from no other', () => {
    // Callbacks saying each step of the first hour went out in its first minute: the readings
    // bracket them (each lies between a reading and the next, at the next one's balance).
    const hints = Array.from({ length: 12 }, (_, i) => ({
      completedAt: 60_000,
      currentBalance: 400_000 - 2_500 * (i + 1),
    }));
    const none = drained(hints, false);
    const told = drained(hints);
    expect(told.state.hinted).toBeDefined();
    expect(told.forecast?.perHour).toBeDefined();
    expect(told.forecast?.perHour).not.toBe(none.forecast?.perHour);
    // Forged: a balance of 0 after each reading. Stored, unconfirmed, and never used.
    const forged = drained(hints.map((h) => ({ ...h, currentBalance: 0 })));
    expect(decodeHistory(forged.state.hinted).length).toBeGreaterThan(0);
    expect(forged.forecast).toEqual(none.forecast);
    // The history the rules judge is the readings' alone.
    expect(told.state.history).toEqual(none.state.history);
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
    const withHints = drained([{ completedAt: 60_000, currentBalance: 1 }]).state;
    expect(alertStateSchema.parse(withHints)).toEqual(withHints);
    const healed = healRecord(
      { schema: 2, state: withHints, outbox: [], undeliverable: [] },
      new Date(T0 + 3 * 3_600_000),
    );
    expect(healed.problems).toEqual([]);
    expect(healed.record?.state.hinted).toEqual(withHints.hinted);
  });
});
