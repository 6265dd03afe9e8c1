import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTFLOW_SETTINGS } from '../../lambda/alerting/outflow';
import { measureOutflow, measureOutflowWithCallbacks } from './outflow-quality';
import { corpus, drainCase, DRAIN_STARTS } from './trajectories';

/**
 * UNUSUAL_OUTFLOW's rule alone on the corpus (the policy's figures are in alert-quality.test.ts):
 * the measure can fail, and the guards the defaults rest on are what keeps ordinary days quiet.
 */
describe("UNUSUAL_OUTFLOW's rule on the corpus", () => {
  it('can fail: at 1.5 times the usual pace, without the runway guard, an ordinary fortnight fires', () => {
    const [ordinary] = corpus();
    expect(ordinary).toBeDefined();
    if (ordinary === undefined) return;
    expect(
      measureOutflow(ordinary, { windowMinutes: 60, paceFactor: 1.5 }).alerts.length,
    ).toBeGreaterThan(0);
    expect(measureOutflow(ordinary).alerts).toEqual([]);
    expect(DEFAULT_OUTFLOW_SETTINGS.paceFactor).toBeGreaterThan(1.5);
  });

  it('the drain is caught by the pace rule alone, 10 minutes after it starts', () => {
    const { alerts, reasons } = measureOutflow(drainCase());
    expect(alerts.map((t) => (t - DRAIN_STARTS) / 60_000)).toEqual([10]);
    expect(reasons).toEqual(['pace']);
  });

  it("with callbacks and the 15-minute backstop: the drain caught 10 minutes in (30 without the callbacks' readings), no ordinary 5-minute case fires", () => {
    const minutesIn = (alerts: readonly number[]) => alerts.map((t) => (t - DRAIN_STARTS) / 60_000);
    expect(minutesIn(measureOutflowWithCallbacks(drainCase()).alerts)).toEqual([10]);
    expect(minutesIn(measureOutflowWithCallbacks(drainCase(), undefined, false).alerts)).toEqual([
      30,
    ]);
    const ordinary = corpus().filter(
      (c) => c.schedule === 'rate(5 minutes)' && !c.name.startsWith('drain'),
    );
    expect(ordinary.length).toBeGreaterThanOrEqual(6);
    for (const c of ordinary) expect(measureOutflowWithCallbacks(c).alerts, c.name).toEqual([]);
  });
});
