import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createMonitorFixture } from '../support/monitor-fixture';
import { expectedAlerts, forecastWarning, weekTrajectory } from '../support/trajectory';

/**
 * A week of 5-minute checks (2,016) through the real handler, moto and the sandbox, with the
 * clock injected (only Date is faked: sockets and timers stay real). The alerts SNS delivered
 * are compared with an oracle computed from the trajectory; FORECASTs, which depend on a fit the
 * oracle does not redo, are judged by the warning they gave.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const HORIZON_MINUTES = 240;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN);
};

/** "Checked on Jan 4 at 6:05 pm." (UTC, in the week's year) as "2027-01-04T18:05". */
function checkedAt(message: string): string {
  const m = /Checked on (\w{3}) (\d{1,2}) at (\d{1,2}):(\d\d)\s?([ap]m)\./u.exec(
    message.replace(/\u202f/g, ' '),
  );
  if (m === null) return '?';
  const [, month = '', day = '', hour = '', minute = '', half = ''] = m;
  const h = (Number(hour) % 12) + (half === 'pm' ? 12 : 0);
  const at = new Date(`${month} ${day}, 2027 ${h}:${minute} UTC`);
  return Number.isNaN(at.getTime()) ? '?' : at.toISOString().slice(0, 16);
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('a simulated week', () => {
  it(
    'publishes exactly what the oracle expects: 0 missed, 0 duplicate, 0 spurious',
    // Some 20 s on an idle 2-CPU machine, past 120 s at a load of 13: no speed target.
    { timeout: 600_000 },
    async () => {
      const rules = {
        low: 100_000,
        critical: 25_000,
        repeatMinutes: 360,
        marginPercent: 5,
        // What the stack sets by default: 5% of LOW.
        marginAmount: 5_000,
        failAfter: 3,
        // The function's default (COOL_OFF_MINUTES): the hovering day reopens within it.
        coolOffMinutes: 30,
      };
      const start = new Date('2027-01-04T00:00:00Z');
      const steps = weekTrajectory({ start, low: rules.low, critical: rules.critical });
      const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
        env: {
          FORECAST_HORIZON_MINUTES: String(HORIZON_MINUTES),
          RECOVERY_MARGIN_AMOUNT: String(rules.marginAmount),
          ALERT_TIME_ZONE: 'UTC',
        },
      });
      const handler = await monitor.newContainer();

      vi.useFakeTimers({ toFake: ['Date'] });
      const started = performance.now();
      for (const step of steps) {
        vi.setSystemTime(step.at);
        await monitor.script({
          balances: [step.balance],
          lastUpdate: step.at.toISOString(),
          // Twice: a 401 reads the secret afresh and asks again before it counts as failed.
          ...(step.fault === undefined ? {} : { faults: [step.fault, step.fault] }),
        });
        await monitor.invoke({}, handler);
      }
      const seconds = (performance.now() - started) / 1000;
      vi.useRealTimers();

      const actual = (await monitor.delivered()).map((d) => {
        const severity =
          d.attributes.remindsOf === undefined
            ? d.attributes.severity
            : `${d.attributes.severity}:${d.attributes.remindsOf}`;
        return `${severity}@${checkedAt(d.message)}`;
      });
      const forecasts = actual.filter((k) => k.startsWith('FORECAST@'));
      const lifecycle = actual.filter((k) => !k.startsWith('FORECAST@'));
      const expected = expectedAlerts(steps, rules);
      const missed = expected.filter((k) => !lifecycle.includes(k));
      const duplicate = lifecycle.filter((k, i) => lifecycle.indexOf(k) !== i);
      const spurious = lifecycle.filter((k) => !expected.includes(k));
      const warning = forecastWarning(forecasts, expected, HORIZON_MINUTES);
      const faults = steps.filter((s) => s.fault !== undefined).length;
      const count = (prefix: string) => expected.filter((k) => k.startsWith(prefix)).length;
      console.info(
        `simulated week: ${steps.length} checks in ${seconds.toFixed(1)} s, ${faults} API faults (${((100 * faults) / steps.length).toFixed(1)}%); ` +
          `${lifecycle.length} lifecycle alerts published, ${expected.length} expected ` +
          `(LOW ${count('LOW@')}, CRITICAL ${count('CRITICAL@')}, REMINDER ${count('REMINDER')}, RECOVERED ${count('RECOVERED')}, ` +
          `FAILING ${count('FAILING@')}, FAILING_RESOLVED ${count('FAILING_RESOLVED')}); ` +
          `missed ${missed.length}, duplicate ${duplicate.length}, spurious ${spurious.length}. ` +
          `Forecasts: ${forecasts.length}; ${warning.warned.length} of ${warning.crossings} LOW crossings warned, ` +
          `median ${median(warning.warned)} min ahead, worst ${Math.min(...warning.warned)} min; ` +
          `${warning.unwarned} without a forecast; ${warning.falseForecasts} false (no crossing within ${HORIZON_MINUTES} min); ` +
          `${warning.duringEpisode} during an episode`,
      );
      expect({ missed, duplicate, spurious }).toEqual({ missed: [], duplicate: [], spurious: [] });
      // The week must exercise the lifecycle, or the comparison proves little.
      expect(count('LOW@')).toBeGreaterThanOrEqual(3);
      expect(count('RECOVERED@')).toBeGreaterThanOrEqual(3);
      expect(count('REMINDER:')).toBeGreaterThanOrEqual(1);
      expect(count('CRITICAL@')).toBeGreaterThanOrEqual(1);
      expect(count('FAILING@')).toBe(1);
      expect(count('FAILING_RESOLVED@')).toBe(1);
      // Forecasts: never inside an episode, and they warned of at least half the crossings.
      expect(warning.duringEpisode).toBe(0);
      expect(warning.warned.length * 2).toBeGreaterThanOrEqual(warning.crossings);
    },
  );
});
