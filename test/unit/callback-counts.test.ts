import { describe, expect, it } from 'vitest';
import { digestOf } from '../../lambda/alerting/digest';
import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { RecordBody } from '../../lambda/stores/record';
import { mustSave } from '../../lambda/stores/save-policy';
import { renderWebhook } from '../../lambda/channels/webhook';
import { createWebhookValidator } from '../../tools/webhook-receiver';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * Checks a callback started are not the schedule's: the digest's count of checks, the time
 * the save policy and the watchdog go by (state.scheduledAt, the item's updatedAt) are the
 * schedule's, so a busy day of payouts neither swells "Checks: N" nor hides a schedule that
 * stopped.
 */

const settings: PolicySettings = { ...BASE_SETTINGS };
const T0 = Date.parse('2027-03-01T08:00:00.000Z');
const MIN = 60_000;

const read = (balance: number, offSchedule = false): Observation => ({
  kind: 'sample',
  balance,
  currency: 'XOF',
  lastUpdate: new Date(T0).toISOString(),
  ...(offSchedule ? { offSchedule: true } : {}),
});
const failed = (offSchedule = false): Observation => ({
  kind: 'failure',
  failure: { kind: 'unavailable', reason: 'the API failed (503)', status: 503 },
  ...(offSchedule ? { offSchedule: true } : {}),
});

/** Plays checks at the given minutes after T0: [minute, observation]. */
function play(checks: [number, Observation][], from?: AlertState): AlertState {
  let state = from;
  for (const [minute, observation] of checks)
    state = evaluate(state, observation, settings, new Date(T0 + minute * MIN), 'main').state;
  return state as AlertState;
}

describe('the hourly count of checks and the digest', () => {
  it('counts the callbacks’ checks apart, failed or not, and the digest says them apart', () => {
    const state = play([
      [0, read(500_000)],
      [1, read(499_000, true)],
      [2, failed(true)],
      [5, read(498_000)],
      [6, read(497_000, true)],
      [10, failed()],
    ]);
    expect(state.checkLog).toEqual([
      { hour: '2027-03-01T08:00:00.000Z', checks: 3, failed: 1, callbacks: 3 },
    ]);
    const digest = digestOf(state, settings, new Date(T0 + 60 * MIN), 'main', 'XOF');
    expect(digest.checks).toBe(3);
    expect(digest.failedChecks).toBe(1);
    expect(digest.callbackChecks).toBe(3);
    // As documented to webhook receivers.
    const body = renderWebhook({ id: 'main/digest', event: digest }, 'fr', { timeZone: 'UTC' });
    expect(createWebhookValidator()(body)).toEqual([]);
    expect(body.text.body).toMatch(/Contrôles : 3, dont 1 en échec ; et 3 de plus/);
  });

  it('says nothing of callbacks without any, and reads an hourly log saved before them', () => {
    const state = play([
      [0, read(500_000)],
      [5, read(499_000)],
    ]);
    expect(state.checkLog).toEqual([{ hour: '2027-03-01T08:00:00.000Z', checks: 2, failed: 0 }]);
    const digest = digestOf(state, settings, new Date(T0 + 60 * MIN), 'main', 'XOF');
    expect(digest.checks).toBe(2);
    expect(digest).not.toHaveProperty('callbackChecks');
  });
});

describe('the schedule’s last check (scheduledAt)', () => {
  it('is moved by the schedule’s checks only, read or failed; stored only while it differs', () => {
    let state = play([[0, read(500_000)]]);
    // The last check was the schedule's: lastCheckAt says it, nothing more is stored.
    expect(state).not.toHaveProperty('scheduledAt');
    state = play(
      [
        [3, read(499_000, true)],
        [4, failed(true)],
      ],
      state,
    );
    expect(state.lastCheckAt).toBe('2027-03-01T08:04:00.000Z');
    expect(state.scheduledAt).toBe('2027-03-01T08:00:00.000Z');
    state = play([[5, failed()]], state);
    expect(state).not.toHaveProperty('scheduledAt');
    expect(state.lastCheckAt).toBe('2027-03-01T08:05:00.000Z');
  });

  it('after a state saved before callbacks, is that state’s last check', () => {
    const old = play([[0, read(500_000)]]);
    const after = play([[2, read(499_000, true)]], old);
    expect(after.scheduledAt).toBe('2027-03-01T08:00:00.000Z');
  });
});

describe('the save policy', () => {
  const body = (state: AlertState): RecordBody => ({ state, outbox: [], undeliverable: [] });

  it('is timed by the schedule: a callback’s check neither brings a save forward nor delays one', () => {
    const saved = play([[0, read(500_000)]]);
    // 14.5 minutes after the last save, by a callback: the schedule's save is not due yet.
    const byCallback = play([[14.5, read(499_000, true)]], saved);
    expect(mustSave(body(saved), body(byCallback))).toBe(false);
    // Its unconfirmed points wait for the next save like the history.
    const hinted = evaluate(
      saved,
      {
        ...read(499_000, true),
        hint: { currentBalance: 499_500, completedAt: T0 + 14 * MIN },
      } as Observation,
      settings,
      new Date(T0 + 14.5 * MIN),
      'main',
    ).state;
    expect(hinted.hinted).toBeDefined();
    expect(mustSave(body(saved), body(hinted))).toBe(false);
    // The schedule's check at 15 minutes saves, whatever the callbacks did in between.
    const scheduled = play([[15, read(498_000)]], hinted);
    expect(mustSave(body(saved), body(scheduled))).toBe(true);
    // And a callback's check that had to save (say, an alert) does not put the next one off:
    // it is still due 15 minutes after the schedule's last saved check.
    const afterCallbackSave = play([[10, read(499_000)]], saved);
    const callbackSaved = play([[12, read(499_000, true)]], afterCallbackSave);
    const next = play([[25, read(497_000)]], callbackSaved);
    expect(mustSave(body(callbackSaved), body(next))).toBe(true);
  });
});
