import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTFLOW_SETTINGS } from '../../lambda/alerting/outflow';
import { measureOutflow } from './outflow-quality';
import { corpus, drainCase, DRAIN_STARTS } from './trajectories';

/**
 * UNUSUAL_OUTFLOW's defaults on the corpus (issue 22): no finding on any ordinary case (busy
 * days, a holiday, noise and one outlier a day, outages, flapping), and the 10x drain caught
 * within 10 minutes of its start.
 */
describe('UNUSUAL_OUTFLOW on the corpus', () => {
  it.each(corpus().map((c) => [c.name, c] as const))('does not cry wolf on %s', (_, c) => {
    expect(measureOutflow(c).alerts.map((t) => new Date(t).toISOString())).toEqual([]);
  });

  it('catches a drain at ten times the usual pace within 10 minutes, and says it once', () => {
    const { alerts, reasons } = measureOutflow(drainCase());
    expect(alerts).toHaveLength(1);
    const minutes = ((alerts[0] ?? Number.NaN) - DRAIN_STARTS) / 60_000;
    expect(minutes).toBeGreaterThan(0);
    expect(minutes).toBeLessThanOrEqual(10);
    expect(reasons).toEqual(['pace']);
  });

  it('can fail: at a factor of 1.5 without the runway guard, ordinary days fire', () => {
    const loose = { windowMinutes: 60, paceFactor: 1.5 };
    const fired = corpus()
      .slice(0, 1)
      .map((c) => measureOutflow(c, loose).alerts.length);
    expect(fired[0]).toBeGreaterThan(0);
    expect(DEFAULT_OUTFLOW_SETTINGS.paceFactor).toBeGreaterThan(1.5);
  });
});
