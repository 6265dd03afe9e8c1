import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallbackHint } from '../../lambda/contract/callback-body';
import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import { DEBIT_FALL_TOLERANCE, DEBIT_TYPES } from '../../lambda/alerting/single-debit';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';
import { boundPropertyRuns } from '../support/fast-check';
import { BASE_SETTINGS } from '../support/sample-events';

boundPropertyRuns();

/**
 * "No alert rests on a callback alone" (issue 22, item 2), over random accounts: the same GET
 * readings, scheduled and callback-started, judged once with the callbacks' hints and once
 * without. The hints are anything at all: any balance (0 while the GET says 500 000, a
 * billion, negative), any time (past, future, out of the window), any amount, status, type.
 *
 * The stricter rule is the one held: no severity differs, at any check. A hint's balance may
 * only add to the pace a forecast states (hinted.ts); FORECAST, like LOW, CRITICAL, RECOVERED,
 * UNUSUAL_OUTFLOW and the rest, is judged on the readings. (The looser "a FORECAST may come
 * earlier if the readings support it" would need a judge of "support" as strong as the
 * forecast itself; a forged callback that moves a warning by an hour is a forged warning.)
 *
 * The one exception is the one the issue asks for, and it is off by default: with a
 * single-debit amount set, a callback naming a completed debit may add an UNUSUAL_OUTFLOW
 * (reason debit), and only at a check whose own GET reading fell by at least that amount since
 * the previous one (single-debit.ts). Being one alert per run, it may stand in for an
 * UNUSUAL_OUTFLOW of another reason within the re-arm time; nothing else differs.
 */

const STEP = 5 * 60_000;
const START = Date.parse('2027-03-01T06:00:00Z');
const LOW = BASE_SETTINGS.thresholds.low;

/** One check: the schedule's, or a callback's with its hint; a GET reading or a failed read. */
interface Check {
  readonly t: number;
  readonly balance: number | undefined;
  readonly callback?: CallbackHint;
}

const hintArb: fc.Arbitrary<CallbackHint> = fc.record(
  {
    currentBalance: fc.oneof(
      fc.constant(0),
      fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
    ),
    // Minutes around the check it starts: far past, within the window, ahead of it.
    // (Often within the last minutes: a debit the rule may count needs its time.)
    completedAt: fc
      .oneof(fc.integer({ min: -600, max: 30 }), fc.integer({ min: -4, max: 0 }))
      .map((m) => m * 60_000),
    // Any amount, and often one of the size of a fall between two checks (which alone can fire).
    amount: fc.oneof(
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.integer({ min: 100_000, max: 130_000 }),
      fc.double({ noNaN: true }),
    ),
    status: fc.constantFrom('SUCCESS', 'success', 'FAILED', 'PENDING', 'Status', ''),
    type: fc.constantFrom('CASHOUT', 'cashout', 'AIRTIME', 'CASHIN', 'OTHER'),
  },
  { requiredKeys: [] },
);

/**
 * A morning of an account: 40 scheduled readings 5 minutes apart, a drain with its pauses,
 * collections and top-ups around LOW and CRITICAL; failed reads now and then; and callbacks'
 * checks in between, each with its own GET reading and a hint.
 */
const scriptArb = fc
  .record({
    start: fc.integer({ min: 60_000, max: 300_000 }),
    steps: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: -12_000, max: 500 }) },
        { weight: 1, arbitrary: fc.integer({ min: 50_000, max: 300_000 }) },
        { weight: 1, arbitrary: fc.constant(0) },
      ),
      { minLength: 40, maxLength: 40 },
    ),
    failed: fc.array(
      fc.integer({ min: 0, max: 14 }).map((x) => x === 0),
      { minLength: 40, maxLength: 40 },
    ),
    callbacks: fc.array(
      fc.record({
        after: fc.integer({ min: 0, max: 39 }),
        offset: fc.integer({ min: 5, max: 295 }),
        drop: fc.integer({ min: -400_000, max: 50_000 }),
        hint: hintArb,
        // Most callbacks tell the truth, or near it: their balance is the reading's, give or
        // take, so that the readings corroborate some (and the stated pace learns from them).
        near: fc.option(fc.integer({ min: -15_000, max: 2_000 }), { freq: 2 }),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ start, steps, failed, callbacks }) => {
    const scheduled: number[] = [];
    let balance = start;
    for (const step of steps) scheduled.push((balance += step));
    const checks: Check[] = scheduled.map((b, i) => ({
      t: START + i * STEP,
      balance: failed[i] === true ? undefined : b,
    }));
    for (const c of callbacks) {
      const t = START + c.after * STEP + c.offset * 1000;
      const before = scheduled[c.after] as number;
      checks.push({
        t,
        balance: before + c.drop,
        callback: {
          ...c.hint,
          ...(c.hint.completedAt === undefined ? {} : { completedAt: t + c.hint.completedAt }),
          ...(c.near === null ? {} : { currentBalance: before + c.near, completedAt: t - 1000 }),
        },
      });
    }
    return checks.sort((a, b) => a.t - b.t);
  });

function observationOf(check: Check, withHints: boolean): Observation {
  const offSchedule = check.callback !== undefined;
  if (check.balance === undefined)
    return {
      kind: 'failure',
      failure: { kind: 'unavailable', reason: 'the API failed (503)', status: 503 },
      ...(offSchedule ? { offSchedule: true } : {}),
    };
  return {
    kind: 'sample',
    balance: check.balance,
    currency: 'XOF',
    lastUpdate: new Date(check.t).toISOString(),
    ...(offSchedule ? { offSchedule: true } : {}),
    ...(withHints && check.callback !== undefined ? { hint: check.callback } : {}),
  };
}

/** The severities each check raised (UNUSUAL_OUTFLOW with its reason), in order. */
function play(
  checks: readonly Check[],
  settings: PolicySettings,
  withHints: boolean,
  paces: (number | undefined)[] = [],
) {
  let state: AlertState | undefined;
  return checks.map((check) => {
    const result = evaluate(
      state,
      observationOf(check, withHints),
      settings,
      new Date(check.t),
      'main',
    );
    state = result.state;
    paces.push(result.forecast?.perHour);
    return result.events.map((e: AlertEvent) =>
      e.severity === 'UNUSUAL_OUTFLOW' ? `UNUSUAL_OUTFLOW:${e.reason}` : e.severity,
    );
  });
}

const SETTINGS: PolicySettings = {
  ...BASE_SETTINGS,
  forecastHorizonMinutes: 120,
  runwayAlertHours: 6,
  outflow: { windowMinutes: 30, amount: 60_000, share: 0.4, paceFactor: 3 },
};
const RUNS = { numRuns: 30 };

/** Ten scheduled readings, then a callback's check that read 141 000 less, naming 120 000. */
const SURE_DEBIT: Check[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ t: START + i * STEP, balance: 500_000 - i * 1_000 })),
  {
    t: START + 9 * STEP + 60_000,
    balance: 350_000,
    callback: {
      amount: 120_000,
      status: 'SUCCESS',
      type: 'CASHOUT',
      completedAt: START + 9 * STEP + 30_000,
    },
  },
];

describe('callback hints and the alerts (hinted.ts, single-debit.ts)', () => {
  it('no severity differs, at any check, whatever the hints say (the single-debit rule off)', () => {
    let sawForecast = false;
    let paceLearnt = false;
    fc.assert(
      fc.property(scriptArb, (checks) => {
        const confirmed: (number | undefined)[] = [];
        const hinted: (number | undefined)[] = [];
        const without = play(checks, SETTINGS, false, confirmed);
        const withHints = play(checks, SETTINGS, true, hinted);
        expect(withHints).toEqual(without);
        sawForecast ||= without.flat().includes('FORECAST');
        paceLearnt ||= hinted.some((pace, i) => pace !== confirmed[i]);
      }),
      RUNS,
    );
    // The script reaches the rules the hints could have swayed, and the hints did move the
    // pace stated in some runs: what they feed, they feed without changing an alert.
    expect(sawForecast).toBe(true);
    expect(paceLearnt).toBe(true);
  });

  it('with the single-debit rule on, only a debit the GET confirmed adds an alert', () => {
    const amount = 100_000;
    const settings: PolicySettings = {
      ...SETTINGS,
      outflow: { ...SETTINGS.outflow, windowMinutes: 30, singleDebitAmount: amount },
    };
    let sawDebit = false;
    fc.assert(
      fc.property(scriptArb, (checks) => {
        const without = play(checks, settings, false);
        const withHints = play(checks, settings, true);
        const others = (events: string[]) => events.filter((s) => !s.startsWith('UNUSUAL_'));
        expect(withHints.map(others)).toEqual(without.map(others));
        // Without hints, the rule never fires.
        expect(without.flat()).not.toContain('UNUSUAL_OUTFLOW:debit');
        let previous: number | undefined;
        checks.forEach((check, i) => {
          if (withHints[i]?.includes('UNUSUAL_OUTFLOW:debit')) {
            sawDebit = true;
            // A check started by a callback, whose own reading fell by the amount at least.
            const hint = check.callback;
            if (hint === undefined || previous === undefined)
              throw new Error('a debit told with no callback, or no reading before it');
            const fell = previous - (check.balance as number);
            expect(fell).toBeGreaterThanOrEqual(amount);
            // The callback named a completed debit of at least the amount, no more than the fall.
            expect(hint.status?.toUpperCase()).toBe('SUCCESS');
            expect([...DEBIT_TYPES]).toContain(hint.type?.toUpperCase());
            const debit = Math.abs(Number(hint.amount));
            expect(debit).toBeGreaterThanOrEqual(amount);
            expect(debit).toBeLessThanOrEqual(fell * (1 + DEBIT_FALL_TOLERANCE));
          }
          if (check.balance !== undefined) previous = check.balance;
        });
      }),
      // Besides the random mornings (which draw a countable debit in most runs, not all), one
      // that surely has one: the property must be seen to hold where the rule fires.
      { ...RUNS, examples: [[SURE_DEBIT]] },
    );
    expect(sawDebit).toBe(true);
  });

  it('a callback claiming a balance of 0 while the GET says 500 000 sends nothing', () => {
    const checks: Check[] = Array.from({ length: 30 }, (_, i) => ({
      t: START + i * STEP,
      balance: 500_000 - i * 100,
    }));
    checks.push({
      t: START + 29 * STEP + 60_000,
      balance: 497_000,
      callback: {
        currentBalance: 0,
        completedAt: START + 29 * STEP + 30_000,
        amount: 500_000,
        status: 'SUCCESS',
        type: 'CASHOUT',
      },
    });
    const settings: PolicySettings = {
      ...SETTINGS,
      outflow: { windowMinutes: 30, singleDebitAmount: 100_000 },
    };
    expect(play(checks, settings, true).flat()).toEqual([]);
    expect(LOW).toBeLessThan(497_000);
  });
});
