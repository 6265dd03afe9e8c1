import { describe, expect, it } from 'vitest';
import { checkAfter } from '../../lambda/ack/figures';
import { digestOf } from '../../lambda/alerting/digest';
import { samplingInterval } from '../../lambda/alerting/forecast';
import { decodeHistory, HISTORY_MAX_POINTS } from '../../lambda/alerting/history';
import { evaluate } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * The check function is not told its schedule: what it times by the rhythm of checks it reads
 * from its own history. So at the callbacks' 15-minute backstop (docs/callbacks.md), with a
 * callback's check every 3 minutes through the working day, each of those follows the
 * schedule's rhythm: the sampling interval, the 48 hours kept, the digest's minutes below LOW,
 * and the "I'm on it" page's next check.
 */

const MINUTE = 60_000;
const start = Date.parse('2026-12-07T00:00:00.000Z');
const days = 3;
/** The balance: 300,000 falling to 60,000 over the last 2 hours (below LOW from then on). */
const balanceAt = (t: number) =>
  t < start + days * 1440 * MINUTE - 120 * MINUTE ? 300_000 : 60_000;

function play(): { state: AlertState; lastScheduled: number } {
  let state: AlertState | undefined;
  let lastScheduled = start;
  const runs: { t: number; offSchedule: boolean }[] = [];
  for (let t = start; t < start + days * 1440 * MINUTE; t += 15 * MINUTE)
    // A few seconds late, as scheduled runs are.
    runs.push({ t: t + 7_000, offSchedule: false });
  for (let day = 0; day < days; day += 1)
    for (let m = 8 * 60 + 1; m < 18 * 60; m += 3)
      runs.push({ t: start + (day * 1440 + m) * MINUTE, offSchedule: true });
  runs.sort((a, b) => a.t - b.t);
  for (const run of runs) {
    const at = new Date(run.t);
    state = evaluate(
      state,
      {
        kind: 'sample',
        balance: balanceAt(run.t),
        currency: 'XOF',
        lastUpdate: at.toISOString(),
        ...(run.offSchedule ? { offSchedule: true } : {}),
      },
      BASE_SETTINGS,
      at,
      'main',
    ).state;
    if (!run.offSchedule) lastScheduled = run.t;
  }
  if (state === undefined) throw new Error('no check ran');
  return { state, lastScheduled };
}

const { state, lastScheduled } = play();
const history = decodeHistory(state.history);
const end = start + days * 1440 * MINUTE;

describe('the check at a 15-minute backstop, with callbacks every 3 minutes by day', () => {
  it("keeps the schedule's rhythm: a sampling interval of 15 minutes", () => {
    expect(samplingInterval(history)).toBeCloseTo(15, 1);
  });

  it('keeps 48 hours of it, 193 readings, well under the cap of 600', () => {
    expect(history.length).toBe(48 * 4 + 1);
    expect(history.length).toBeLessThan(HISTORY_MAX_POINTS);
    expect((history.at(-1)?.t ?? 0) - (history[0]?.t ?? 0)).toBe(48 * 60 * MINUTE);
  });

  it('counts 15 minutes below LOW per reading in the digest', () => {
    const digest = digestOf(state, BASE_SETTINGS, new Date(end), 'main', 'XOF');
    expect(digest.belowLowMinutes).toBe(120);
  });

  it('tells the "I\'m on it" page the next check 15 minutes after the last', () => {
    expect(state.lastCheckAt).toBe(new Date(lastScheduled).toISOString());
    expect(checkAfter(state, lastScheduled + MINUTE, new Date(lastScheduled + MINUTE))).toBe(
      new Date(lastScheduled + 15 * MINUTE).toISOString(),
    );
  });
});
