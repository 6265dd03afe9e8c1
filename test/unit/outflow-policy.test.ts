import { describe, expect, it } from 'vitest';
import { stillTrue } from '../../lambda/alerting/held';
import { OUTFLOW_REARM_MINUTES } from '../../lambda/alerting/outflow-alert';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';

/**
 * UNUSUAL_OUTFLOW through the policy: raised once by a drain far above the usual pace, even
 * above LOW; not again while the drain goes on, until OUTFLOW_REARM_MINUTES have passed; and
 * kept by a hold only while it is still the standing one.
 */

const SETTINGS: PolicySettings = {
  thresholds: { low: 10_000, critical: 2_500 },
  repeatAfterMinutes: 360,
  recoveryMarginPercent: 5,
  failureAlertAfter: 3,
  staleAfterMinutes: 4320,
  forecastHorizonMinutes: 0,
};
const START = Date.parse('2027-01-04T00:00:00Z');
const STEP = 5 * 60_000;

/**
 * Two days at 100 a minute going out (from 400,000: 112,000 left), then `drained` readings at
 * `factor` times that.
 */
function run(drained: number, factor = 50, settings: PolicySettings = SETTINGS) {
  let state: AlertState | undefined;
  const outflows: { at: number; event: AlertEvent; state: AlertState }[] = [];
  let balance = 400_000;
  for (let i = 0; i < 576 + drained; i += 1) {
    const at = START + i * STEP;
    balance -= 500 * (i >= 576 ? factor : 1);
    const result = evaluate(
      state,
      { kind: 'sample', balance, currency: 'XOF', lastUpdate: new Date(at).toISOString() },
      settings,
      new Date(at),
      'main',
    );
    state = result.state;
    for (const event of result.events)
      if (event.severity === 'UNUSUAL_OUTFLOW') outflows.push({ at, event, state });
  }
  return outflows;
}

describe('UNUSUAL_OUTFLOW in the policy', () => {
  it('by amount or share, carries the limit crossed, for the message to name', () => {
    // The pace rule off (a factor no drain reaches): only the amount or share rule can fire.
    const withRule = (outflow: PolicySettings['outflow']) => ({ ...SETTINGS, outflow });
    const [byAmount] = run(6, 3, withRule({ windowMinutes: 60, paceFactor: 1e9, amount: 5_000 }));
    expect(byAmount?.event).toMatchObject({ reason: 'amount', limit: 5_000 });
    const [byShare] = run(6, 3, withRule({ windowMinutes: 60, paceFactor: 1e9, share: 0.05 }));
    expect(byShare?.event).toMatchObject({ reason: 'share', sharePercent: 5 });
    expect((byShare?.event as { limit?: number }).limit).toBeGreaterThan(0);
  });

  it('goes out once, above LOW, within 10 minutes of the drain, and says what was seen', () => {
    const outflows = run(12);
    expect(outflows).toHaveLength(1);
    const [first] = outflows;
    expect(((first?.at ?? 0) - (START + 575 * STEP)) / 60_000).toBeLessThanOrEqual(10);
    expect(first?.event).toMatchObject({ severity: 'UNUSUAL_OUTFLOW', reason: 'pace' });
    if (first?.event.severity !== 'UNUSUAL_OUTFLOW') return;
    expect(first.event.balance).toBeGreaterThan(SETTINGS.thresholds.low);
    expect(first.event.outPerHour).toBeGreaterThan(10 * (first.event.usualOutPerHour ?? 0));
    expect(first.state.outflowSentAt).toBe(first.event.at);
  });

  it(`is not repeated while the drain goes on, and is said again after ${OUTFLOW_REARM_MINUTES} min`, () => {
    // Without the runway guard: a slow drain that lasts, on a balance that does not run out.
    const outflows = run(OUTFLOW_REARM_MINUTES / 5 + 4, 5, {
      ...SETTINGS,
      outflow: { windowMinutes: 60, paceFactor: 3 },
    });
    expect(outflows.length).toBe(2);
    const [a, b] = outflows;
    expect(((b?.at ?? 0) - (a?.at ?? 0)) / 60_000).toBe(OUTFLOW_REARM_MINUTES);
  });

  it('a hold keeps it while it is the standing one, and drops it once re-armed', () => {
    const [first] = run(3);
    expect(first).toBeDefined();
    if (first === undefined) return;
    expect(stillTrue([first.event], first.state)).toEqual([first.event]);
    const rearmed: AlertState = { ...first.state };
    delete rearmed.outflowSentAt;
    expect(stillTrue([first.event], rearmed)).toEqual([]);
  });
});
