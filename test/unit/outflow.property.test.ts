import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../lambda/alerting/forecast';
import { judgeOutflow, type OutflowSettings } from '../../lambda/alerting/outflow';
import { boundPropertyRuns } from '../support/fast-check';

boundPropertyRuns();

/**
 * UNUSUAL_OUTFLOW's rule over random accounts: one wild reading never makes a finding (a
 * provider's glitch is not an outflow), and a faster drain is never judged less unusual than a
 * slower one.
 */

const STEP = 5 * 60_000;
const START = Date.parse('2027-01-04T00:00:00Z');

/** Two days and a little at one reading every 5 min, going out at `perMinute`. */
function steady(start: number, perMinute: number, readings = 600): HistoryPoint[] {
  return Array.from({ length: readings }, (_, i) => ({
    t: START + i * STEP,
    balance: Math.round(start - perMinute * 5 * i),
  }));
}

/** Every rule on, and strict (the amount above the fastest ordinary hour here, 60,000). */
const STRICT: OutflowSettings = { windowMinutes: 60, amount: 100_000, share: 0.5, paceFactor: 3 };

/** Balances that stay far above an hour's outflow: the share rule has nothing to say of them. */
const accountArb = fc.record({
  start: fc.integer({ min: 20_000_000, max: 50_000_000 }),
  perMinute: fc.integer({ min: 10, max: 1_000 }),
});

describe('UNUSUAL_OUTFLOW (outflow.ts)', () => {
  it('one reading never fires: a single outlier at any share of the truth, anywhere in the last hour', () => {
    fc.assert(
      fc.property(
        accountArb,
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        ({ start, perMinute }, back, factor) => {
          const history = steady(start, perMinute);
          const now = (history.at(-1) as HistoryPoint).t;
          // The same account without the outlier: nothing to say.
          expect(judgeOutflow(history, now, STRICT)).toBeUndefined();
          const at = history.length - back;
          const point = history[at] as HistoryPoint;
          history[at] = { t: point.t, balance: Math.round(point.balance * factor) };
          expect(judgeOutflow(history, now, STRICT)).toBeUndefined();
        },
      ),
    );
  });

  it('is monotonic in the drain pace: what fires at one pace fires at any faster one', () => {
    fc.assert(
      fc.property(
        accountArb,
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        ({ start, perMinute }, drained, x, y) => {
          const [slow, fast] = x <= y ? [x, y] : [y, x];
          const fired = (times: number) => {
            const history = steady(start, perMinute);
            const from = history.length - drained - 1;
            const base = history[from] as HistoryPoint;
            for (let i = from + 1; i < history.length; i += 1)
              history[i] = {
                t: (history[i] as HistoryPoint).t,
                balance: Math.round(base.balance - perMinute * times * 5 * (i - from)),
              };
            return judgeOutflow(history, (history.at(-1) as HistoryPoint).t, STRICT) !== undefined;
          };
          if (fired(slow)) expect(fired(fast)).toBe(true);
        },
      ),
    );
  });

  it('fires on a drain at ten times the pace, and not on the same account at its own pace', () => {
    const history = steady(5_000_000, 200);
    const now = (history.at(-1) as HistoryPoint).t;
    expect(judgeOutflow(history, now, STRICT)).toBeUndefined();
    const base = history[history.length - 3] as HistoryPoint;
    const drained = [
      ...history.slice(0, -2),
      ...[1, 2].map((k) => ({ t: base.t + k * STEP, balance: base.balance - 2_000 * 5 * k })),
    ];
    expect(judgeOutflow(drained, now, STRICT)).toMatchObject({ reason: 'pace', minutes: 10 });
  });
});
