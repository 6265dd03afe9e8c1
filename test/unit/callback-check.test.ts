import { unitCheckPorts } from '../support/check-ports';
import { describe, expect, it } from 'vitest';
import { samplingInterval, type HistoryPoint } from '../../lambda/alerting/forecast';
import {
  appendSample,
  decodeHistory,
  encodeHistory,
  HISTORY_MAX_POINTS,
} from '../../lambda/alerting/history';
import { appendOffSchedule } from '../../lambda/alerting/off-schedule';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import { runCheck } from '../../lambda/check/run-check';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * A check a callback started reads and judges like any other, but keeps the history's rhythm:
 * callbacks at up to 3 a minute must not shrink the 48 hours the forecast learns from to a few
 * hours, nor make the sampling interval seconds. And the callback's own figures decide nothing.
 */

const settings: PolicySettings = { ...BASE_SETTINGS };
const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const minute = 60_000;

function sample(balance: number, offSchedule = false) {
  return {
    kind: 'sample' as const,
    balance,
    currency: 'XOF',
    lastUpdate: new Date(T0).toISOString(),
    ...(offSchedule ? { offSchedule: true } : {}),
  };
}

describe('a callback-started check and the history', () => {
  it("keeps 48 hours at the schedule's 5 minutes with callbacks 3 times a minute for the last 3 hours", () => {
    const balanceAt = (t: number) => 900_000 - Math.round((t - T0) / minute) * 10;
    const start = T0 + 45 * 60 * minute;
    // 45 hours of the schedule alone, as the state holds them.
    const first = Array.from({ length: 45 * 12 }, (_, i) => ({
      t: T0 + i * 5 * minute,
      balance: balanceAt(T0 + i * 5 * minute),
    }));
    let state: AlertState = {
      ...evaluate(
        undefined,
        sample(balanceAt(start - 5 * minute)),
        settings,
        new Date(start - 5 * minute),
        'main',
      ).state,
      history: encodeHistory(first),
    };
    // Then 3 hours with a callback's check every 20 seconds besides the schedule's.
    let naive: HistoryPoint[] = first;
    for (let t = start; t <= T0 + 48 * 60 * minute; t += 20_000) {
      const scheduled = (t - T0) % (5 * minute) === 0;
      state = evaluate(
        state,
        sample(balanceAt(t), !scheduled),
        settings,
        new Date(t),
        'main',
      ).state;
      naive = appendSample(naive, { t, balance: balanceAt(t) }, 48 * 60);
    }
    const points = decodeHistory(state.history);
    expect(points.length).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    expect((points.at(-1)?.t ?? 0) - (points[0]?.t ?? 0)).toBeGreaterThanOrEqual(
      47.9 * 60 * minute,
    );
    expect(samplingInterval(points)).toBe(5);
    // The same readings all taken into the history would have shrunk it to under 8 hours.
    expect((naive.at(-1)?.t ?? 0) - (naive[0]?.t ?? 0)).toBeLessThan(8 * 60 * minute);
    expect(samplingInterval(naive)).toBeLessThan(1);
  });

  it('fills a gap the schedule left: a reading 1.5 intervals after the last joins', () => {
    const points = [0, 5, 10, 15].map((m) => ({ t: T0 + m * minute, balance: 1 }));
    expect(appendOffSchedule(points, { t: T0 + 19 * minute, balance: 2 }, 2880)).toHaveLength(4);
    expect(appendOffSchedule(points, { t: T0 + 22.5 * minute, balance: 2 }, 2880)).toHaveLength(5);
    expect(appendOffSchedule([], { t: T0, balance: 2 }, 2880)).toHaveLength(1);
  });
});

describe('a callback-started check and the truth', () => {
  it('judges by the GET: a callback claiming 0 while DEXCHANGE says 500 000 sends nothing', async () => {
    const state = createMemoryStateStore();
    const ports = unitCheckPorts(state, 500_000, [], new Date(T0));
    const check = { account: 'main', locale: 'en' as const, policy: settings };
    const outcome = await runCheck(ports, check, { now: new Date(T0), offSchedule: true });
    expect(outcome.summary).toMatchObject({ status: 'OK', balance: 500_000, events: [] });
    const saved = await state.load(new Date(T0));
    expect(saved.record?.outbox).toEqual([]);
  });
});
