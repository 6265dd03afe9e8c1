import { describe, expect, it } from 'vitest';
import { decodeHistory, encodeHistory } from '../../lambda/alerting/history';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import {
  keepRecentReadings,
  RECENT_READINGS_MINUTES,
  withRecentReadings,
} from '../../lambda/alerting/recent-readings';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * The readings of callbacks' checks the history leaves out, kept for UNUSUAL_OUTFLOW: with the
 * schedule relaxed to 15 minutes, a drain at ten times the usual pace is still told 10 minutes
 * in, through the real policy; the history keeps the schedule's rhythm, and the kept readings
 * stay few and recent.
 */

const minute = 60_000;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const settings: PolicySettings = { ...BASE_SETTINGS };

const sample = (balance: number, offSchedule: boolean) => ({
  kind: 'sample' as const,
  balance,
  currency: 'XOF',
  lastUpdate: new Date(T0).toISOString(),
  ...(offSchedule ? { offSchedule: true } : {}),
});

describe('recent readings', () => {
  it('keeps at most one a minute, none older than 30 minutes, and none the history took', () => {
    let stored = undefined as ReturnType<typeof keepRecentReadings>;
    const history = [{ t: T0, balance: 1 }];
    for (let t = T0 + 20_000; t <= T0 + 60 * minute; t += 20_000)
      stored = keepRecentReadings(stored, history, { t, balance: 1 });
    const kept = decodeHistory(stored);
    expect(kept.length).toBe(RECENT_READINGS_MINUTES);
    // Read every 20 s: the first at T0 + 20 s, then one a minute (T0 + 20 s + k minutes); the
    // last 30 of them, all younger than 30 minutes when the reading of T0 + 60 min comes.
    expect(kept).toEqual(
      Array.from({ length: 30 }, (_, i) => ({ t: T0 + 20_000 + (30 + i) * minute, balance: 1 })),
    );
    expect(kept[0]?.t).toBeGreaterThan(T0 + 30 * minute);
    // A reading the history took is not kept twice; the merge keeps time order.
    const joined = { t: T0 + 61 * minute, balance: 2 };
    stored = keepRecentReadings(stored, [...history, joined], joined);
    expect(decodeHistory(stored).some((p) => p.t === joined.t)).toBe(false);
    const merged = withRecentReadings([...history, joined], stored);
    expect(merged.map((p) => p.t)).toEqual([...merged.map((p) => p.t)].sort((a, b) => a - b));
    expect(merged.at(-1)).toEqual(joined);
  });

  it('tells a drain at ten times the usual pace 10 minutes in with a 15-minute schedule and callbacks, through the policy', () => {
    // Two days of the usual pace (100 a minute; the drain goes at 1,000) read every
    // 15 minutes, then the drain, read by a callback's check each minute.
    const usualPerMinute = 100;
    // Within the runway guard (2 hours at the drain's pace) when the drain starts.
    let balance = 400_000;
    let state: AlertState | undefined;
    const start = T0 + 48 * 60 * minute;
    const scheduled: { t: number; balance: number }[] = [];
    for (let t = T0; t < start; t += 15 * minute) {
      scheduled.push({ t, balance });
      balance -= usualPerMinute * 15;
    }
    state = {
      ...evaluate(undefined, sample(balance, false), settings, new Date(start - minute), 'main')
        .state,
      history: encodeHistory(scheduled),
    };
    const told: number[] = [];
    for (let m = 0; m <= 30; m += 1) {
      const t = start + m * minute;
      balance -= usualPerMinute * 10;
      const result = evaluate(state, sample(balance, m % 15 !== 0), settings, new Date(t), 'main');
      if (result.events.some((e) => e.severity === 'UNUSUAL_OUTFLOW')) told.push(m);
      state = result.state;
    }
    expect(told).toHaveLength(1);
    expect(told[0]).toBeLessThanOrEqual(10);
    // The history kept the schedule's rhythm: its last points the scheduled checks, 15 minutes
    // apart (the drain takes 1,000 a minute from 111,000 at its first minute).
    expect(decodeHistory(state.history).slice(-3)).toEqual([
      { t: start, balance: 111_000 },
      { t: start + 15 * minute, balance: 96_000 },
      { t: start + 30 * minute, balance: 81_000 },
    ]);
    // The callbacks' readings are kept apart: each minute of the last 30 but the scheduled ones.
    const recent = decodeHistory(state.recent).map((p) => (p.t - start) / minute);
    expect(recent).toEqual(Array.from({ length: 29 }, (_, i) => i + 1).filter((m) => m !== 15));
    expect(recent.length).toBeLessThanOrEqual(RECENT_READINGS_MINUTES);
  });
});
