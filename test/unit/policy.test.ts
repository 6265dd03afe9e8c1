import { BASE_SETTINGS } from '../support/sample-events';
import { describe, expect, it } from 'vitest';
import {
  classifyBalance,
  evaluate,
  type Observation,
  type PolicySettings,
} from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';

/** The alert lifecycle, one situation of the table at a time. */

const settings: PolicySettings = { ...BASE_SETTINGS, staleAfterMinutes: 1440 };
const T0 = Date.parse('2026-12-01T08:00:00Z');
const minutes = (m: number) => new Date(T0 + m * 60_000);

type Step = [minute: number, observation: number | 'fail' | Observation];

/** Runs a series of checks; returns each check's severities and the final state. */
function run(steps: Step[], config: PolicySettings = settings) {
  let state: AlertState | undefined;
  const perCheck: string[][] = [];
  const all: AlertEvent[] = [];
  for (const [minute, input] of steps) {
    const now = minutes(minute);
    const observation: Observation =
      typeof input === 'number'
        ? { kind: 'sample', balance: input, currency: 'XOF', lastUpdate: now.toISOString() }
        : input === 'fail'
          ? {
              kind: 'failure',
              failure: {
                kind: 'authentication',
                status: 401,
                reason: 'the API key was rejected (401)',
              },
            }
          : input;
    const result = evaluate(state, observation, config, now, 'main');
    state = result.state;
    all.push(...result.events);
    perCheck.push(
      result.events.map((e) =>
        e.severity === 'REMINDER' ? `REMINDER:${e.remindsOf}` : e.severity,
      ),
    );
  }
  return { perCheck, events: all, state };
}

const every5 = (balances: (number | 'fail')[], start = 0): Step[] =>
  balances.map((b, i) => [start + i * 5, b]);

describe('classification', () => {
  it.each([
    [250_000, 'OK'],
    [100_000, 'OK'],
    [99_999.5, 'LOW'],
    [25_000, 'LOW'],
    [24_999, 'CRITICAL'],
    [-1, 'CRITICAL'],
  ] as const)('%d is %s', (balance, status) => {
    expect(classifyBalance(balance, settings.thresholds)).toBe(status);
  });
});

describe('the alert lifecycle', () => {
  it('crossing below LOW publishes one LOW, then nothing while it stays low', () => {
    const { perCheck } = run(every5([150_000, 90_000, 85_000, 80_000]));
    expect(perCheck).toEqual([[], ['LOW'], [], []]);
  });

  it('crossing below CRITICAL publishes CRITICAL at once, even right after LOW', () => {
    expect(run(every5([90_000, 20_000])).perCheck).toEqual([['LOW'], ['CRITICAL']]);
    expect(run(every5([150_000, 10_000])).perCheck).toEqual([[], ['CRITICAL']]);
  });

  it('rising from CRITICAL to between CRITICAL and LOW publishes nothing; falling again is CRITICAL at most once per reminder interval', () => {
    const { perCheck, state } = run([
      ...every5([10_000, 60_000, 60_000, 20_000]),
      [300, 60_000],
      [305, 20_000],
      [365, 60_000],
      [370, 20_000],
    ]);
    expect(perCheck).toEqual([['CRITICAL'], [], [], [], [], [], ['REMINDER:LOW'], ['CRITICAL']]);
    expect(state?.episode?.level).toBe('CRITICAL');
  });

  it('hovering just above CRITICAL (inside the margin) does not re-alert CRITICAL', () => {
    // 25,000 + 5% = 26,250: 26,000 is not out of CRITICAL yet.
    expect(run(every5([20_000, 26_000, 24_000, 26_000, 24_000])).perCheck).toEqual([
      ['CRITICAL'],
      [],
      [],
      [],
      [],
    ]);
  });

  it('while low, a reminder every REPEAT_ALERT_MINUTES with the amount and how long', () => {
    const steps: Step[] = [
      [0, 90_000],
      [355, 88_000],
      [360, 87_000],
      [365, 86_000],
      [720, 85_000],
    ];
    const { perCheck, events } = run(steps);
    expect(perCheck).toEqual([['LOW'], [], ['REMINDER:LOW'], [], ['REMINDER:LOW']]);
    expect(events[1]).toMatchObject({
      severity: 'REMINDER',
      balance: 87_000,
      since: minutes(0).toISOString(),
      threshold: 100_000,
    });
  });

  it('reminders of a critical episode say CRITICAL, and CRITICAL restarts the reminder clock', () => {
    const { perCheck } = run([
      [0, 90_000],
      [300, 20_000],
      [600, 20_000],
      [660, 20_000],
    ]);
    expect(perCheck).toEqual([['LOW'], ['CRITICAL'], [], ['REMINDER:CRITICAL']]);
  });

  it('recovery needs LOW plus the margin, and publishes one RECOVERED with the episode start', () => {
    const { perCheck, events } = run(every5([90_000, 102_000, 104_999, 105_000, 106_000]));
    expect(perCheck).toEqual([['LOW'], [], [], ['RECOVERED'], []]);
    expect(events[1]).toMatchObject({
      severity: 'RECOVERED',
      since: minutes(0).toISOString(),
      balance: 105_000,
      threshold: 105_000,
    });
  });

  it('a balance oscillating around LOW does not flap', () => {
    const { events } = run(every5([99_000, 101_000, 99_500, 100_500, 99_900, 101_000, 99_000]));
    expect(events.map((e) => e.severity)).toEqual(['LOW']);
  });

  it('a margin of 0 recovers at LOW itself', () => {
    const { perCheck } = run(every5([99_000, 100_000]), { ...settings, recoveryMarginPercent: 0 });
    expect(perCheck).toEqual([['LOW'], ['RECOVERED']]);
  });

  it('FAILING after exactly FAILURE_ALERT_AFTER failed reads, in plain words', () => {
    const { perCheck, events } = run(every5([150_000, 'fail', 'fail', 'fail', 'fail']));
    expect(perCheck).toEqual([[], [], [], ['FAILING'], []]);
    expect(events[0]).toMatchObject({
      severity: 'FAILING',
      failedChecks: 3,
      failure: { kind: 'authentication', status: 401 },
    });
  });

  it('fewer failures than the limit, then a good read: nothing at all', () => {
    expect(run(every5(['fail', 'fail', 150_000, 'fail', 'fail', 150_000])).events).toEqual([]);
  });

  it('still failing: a reminder on the same interval; the first good read: FAILING_RESOLVED', () => {
    const steps: Step[] = [
      [0, 'fail'],
      [5, 'fail'],
      [10, 'fail'],
      [365, 'fail'],
      [370, 'fail'],
      [375, 150_000],
      [380, 150_000],
    ];
    expect(run(steps).perCheck).toEqual([
      [],
      [],
      ['FAILING'],
      [],
      ['REMINDER:FAILING'],
      ['FAILING_RESOLVED'],
      [],
    ]);
  });

  it('a failed read leaves the balance episode as it was, and its reminders wait for a reading', () => {
    const { perCheck, state } = run([
      [0, 90_000],
      [5, 'fail'],
      [400, 'fail'],
      [405, 80_000],
    ]);
    expect(perCheck).toEqual([['LOW'], [], [], ['REMINDER:LOW']]);
    expect(state?.episode?.since).toBe(minutes(0).toISOString());
  });

  it('recovery while failing is announced with the first good read after it', () => {
    const { perCheck } = run(every5([90_000, 'fail', 'fail', 'fail', 150_000]));
    expect(perCheck).toEqual([['LOW'], [], [], ['FAILING'], ['FAILING_RESOLVED', 'RECOVERED']]);
  });

  it('a stale lastUpdate publishes STALE once per episode, STALE_RESOLVED when it moves again, and the check still counts', () => {
    const stale = (minute: number): Step => [
      minute,
      {
        kind: 'sample',
        balance: 90_000,
        currency: 'XOF',
        lastUpdate: minutes(minute - 2000).toISOString(),
      },
    ];
    const { perCheck } = run([stale(0), stale(5), [10, 90_000], stale(15)]);
    expect(perCheck).toEqual([['LOW', 'STALE'], [], ['STALE_RESOLVED'], ['STALE']]);
  });

  it('a clock that jumps backwards does not move state time back or bring a reminder early', () => {
    const { perCheck, state } = run([
      [0, 90_000],
      [300, 90_000],
      [-600, 90_000],
      [361, 90_000],
    ]);
    expect(perCheck).toEqual([['LOW'], [], [], ['REMINDER:LOW']]);
    expect(state?.lastCheckAt).toBe(minutes(361).toISOString());
  });

  it('a negative balance is a reading: CRITICAL, not a failure', () => {
    expect(run(every5([-5_000])).perCheck).toEqual([['CRITICAL']]);
  });

  it('without a critical threshold, everything above zero is LOW and running out is CRITICAL', () => {
    const config = { ...settings, thresholds: { low: 100_000, critical: undefined } };
    expect(run(every5([90_000, 1, 0, -1]), config).perCheck).toEqual([
      ['LOW'],
      [],
      ['CRITICAL'],
      [],
    ]);
  });
});

describe('the runway forecast in the lifecycle', () => {
  /** A drain of `perHour` from `start`, every 5 minutes, for `count` checks. */
  const drain = (start: number, perHour: number, count: number, fromMinute = 0): Step[] =>
    Array.from(
      { length: count },
      (_, i) => [fromMinute + i * 5, Math.round(start + (perHour * i * 5) / 60)] as Step,
    );

  it('one FORECAST before the LOW, none after it; LOW and reminders carry the runway', () => {
    const { perCheck, events } = run(drain(600_000, -100_000, 70));
    const flat = perCheck.flat();
    expect(flat.filter((s) => s === 'FORECAST')).toHaveLength(1);
    expect(flat.indexOf('FORECAST')).toBeLessThan(flat.indexOf('LOW'));
    const forecastAt = perCheck.findIndex((c) => c.includes('FORECAST'));
    const lowAt = perCheck.findIndex((c) => c.includes('LOW'));
    // Warned (lowAt - forecastAt) checks of 5 minutes ahead, within the 240-minute horizon.
    expect((lowAt - forecastAt) * 5).toBeGreaterThanOrEqual(120);
    expect((lowAt - forecastAt) * 5).toBeLessThanOrEqual(245);
    const forecast = events.find((e) => e.severity === 'FORECAST');
    expect(forecast).toMatchObject({
      threshold: 100_000,
      perHour: expect.closeTo(-100_000, -2) as unknown,
    });
    const low = events.find((e) => e.severity === 'LOW');
    expect(low).toMatchObject({ runway: { minutes: expect.any(Number) as unknown } });
  });

  it('no FORECAST before the minimum span, for a flat balance, or with the horizon at 0', () => {
    expect(run(drain(600_000, -100_000, 12)).events).toEqual([]);
    expect(run(drain(150_000, 0, 100)).events).toEqual([]);
    expect(
      run(drain(600_000, -100_000, 70), { ...settings, forecastHorizonMinutes: 0 }).events.map(
        (e) => e.severity,
      ),
    ).toEqual(['LOW']);
  });

  it('a top-up re-arms FORECAST for the next drain', () => {
    const first = drain(600_000, -100_000, 30);
    const second = drain(900_000, -150_000, 40, 150);
    const { perCheck } = run([...first, ...second]);
    expect(perCheck.flat().filter((s) => s === 'FORECAST')).toHaveLength(2);
  });

  it('a recovery re-arms it too, and none is sent while an episode is open', () => {
    const toLow = drain(600_000, -100_000, 70);
    const backInBand = drain(102_000, -1_000, 20, 350);
    const recovered = drain(700_000, -100_000, 60, 450);
    const { perCheck } = run([...toLow, ...backInBand, ...recovered]);
    const flat = perCheck.flat();
    expect(flat.filter((s) => s === 'FORECAST')).toHaveLength(2);
    const between = perCheck.slice(
      perCheck.findIndex((c) => c.includes('LOW')),
      perCheck.findIndex((c) => c.includes('RECOVERED')),
    );
    expect(between.flat()).not.toContain('FORECAST');
  });
});

describe('review cases: what the issue named, and states saved by the previous version', () => {
  const drainSettings: PolicySettings = { ...settings, staleAfterMinutes: 100_000 };

  it('a drain that pauses for a day and resumes is warned again before LOW', () => {
    const steps: Step[] = [];
    let balance = 200_000;
    // Draining 20,000 an hour, then flat for a day, then draining again.
    for (let m = 0; m <= 24 * 60 + 600; m += 5) {
      const paused = m > 180 && m < 180 + 24 * 60;
      if (!paused) balance -= (20_000 * 5) / 60;
      steps.push([m, Math.round(balance)]);
    }
    const { perCheck } = run(steps, drainSettings);
    const checkOf = (severity: string) => perCheck.findIndex((c) => c.includes(severity));
    const lowAt = checkOf('LOW');
    const resumedAt = (180 + 24 * 60) / 5;
    expect(lowAt).toBeGreaterThan(resumedAt);
    // The FORECAST of the first day did not use up the warning: one came after the resume.
    const forecastsAfterResume = perCheck
      .slice(resumedAt, lowAt)
      .filter((c) => c.includes('FORECAST')).length;
    expect(forecastsAfterResume).toBe(1);
    // And during the pause they came at most once every 2 hours.
    const all = perCheck.slice(0, lowAt).filter((c) => c.includes('FORECAST')).length;
    expect(all).toBeLessThanOrEqual(2 + Math.floor((24 * 60) / 120));
  });

  it('an episode saved without its peak ends with a RECOVERED for CRITICAL listeners', () => {
    const saved: AlertState = {
      schema: 1,
      lastCheckAt: minutes(0).toISOString(),
      episode: {
        since: minutes(-60).toISOString(),
        level: 'LOW',
        lastAlertAt: minutes(-60).toISOString(),
      },
    };
    const result = evaluate(
      saved,
      { kind: 'sample', balance: 200_000, currency: 'XOF', lastUpdate: minutes(5).toISOString() },
      settings,
      minutes(5),
      'main',
    );
    expect(result.events).toMatchObject([{ severity: 'RECOVERED', peak: 'CRITICAL' }]);
  });

  it('a FORECAST marker saved without its expiry re-arms (2 hours after it was sent)', () => {
    const saved: AlertState = {
      schema: 1,
      lastCheckAt: minutes(0).toISOString(),
      forecastSentAt: minutes(-400).toISOString(),
    };
    const steps: Step[] = Array.from({ length: 40 }, (_, i) => [5 + i * 5, 190_000 - i * 1_500]);
    let state: AlertState | undefined = saved;
    const severities: string[] = [];
    for (const [minute, balance] of steps) {
      const r = evaluate(
        state,
        {
          kind: 'sample',
          balance: balance as number,
          currency: 'XOF',
          lastUpdate: minutes(minute).toISOString(),
        },
        drainSettings,
        minutes(minute),
        'main',
      );
      state = r.state;
      severities.push(...r.events.map((e) => e.severity));
    }
    // The warning came again, while the balance was still above LOW (this drain stops short).
    expect(severities).toContain('FORECAST');
    expect(severities).not.toContain('LOW');
  });

  it('raising STALE_AFTER_MINUTES ends a stale episode silently: only a newer lastUpdate says "updated again"', () => {
    const old = minutes(-30 * 60).toISOString();
    const stale = (m: number, lastUpdate: string): Step => [
      m,
      { kind: 'sample', balance: 200_000, currency: 'XOF', lastUpdate },
    ];
    const short = { ...settings, staleAfterMinutes: 60 };
    const first = evaluate(undefined, stale(0, old)[1] as Observation, short, minutes(0), 'main');
    const state = first.state;
    expect(first.events.map((e) => e.severity)).toEqual(['STALE']);
    const raised = evaluate(
      state,
      stale(5, old)[1] as Observation,
      { ...settings, staleAfterMinutes: 4320 },
      minutes(5),
      'main',
    );
    expect(raised.events).toEqual([]);
    expect(raised.state.staleSince).toBeUndefined();
    const again = evaluate(
      first.state,
      stale(5, minutes(4).toISOString())[1] as Observation,
      short,
      minutes(5),
      'main',
    );
    expect(again.events.map((e) => e.severity)).toEqual(['STALE_RESOLVED']);
  });

  it('no runway for a positive balance the fit still puts at zero (just lifted out of the red)', () => {
    const steps: Step[] = [
      ...Array.from({ length: 30 }, (_, i): Step => [i * 5, 20_000 - i * 1_100]),
      [150, 1_500],
    ];
    const { events } = run(steps, { ...settings, repeatAfterMinutes: 5 });
    const withRunway = events.filter(
      (e) => 'runway' in e && e.runway !== undefined && 'balance' in e && (e.balance ?? 0) > 0,
    );
    // Runways were stated along the drain, and none of them is zero for a positive balance.
    expect(withRunway.length).toBeGreaterThan(0);
    for (const e of withRunway) if ('runway' in e) expect(e.runway?.minutes).toBeGreaterThan(0);
  });
});

describe('an acknowledgment covers the level it was given at', () => {
  const acknowledgedAt = (state: AlertState | undefined, level: 'LOW' | 'CRITICAL') => {
    const episode = state?.episode;
    if (episode === undefined) throw new Error('no episode');
    return {
      ...state,
      episode: {
        ...episode,
        acknowledgedAt: minutes(10).toISOString(),
        acknowledgedBy: 'Awa',
        acknowledgedLevel: level,
      },
    } as AlertState;
  };
  const sample = (balance: number, m: number): Observation => ({
    kind: 'sample',
    balance,
    currency: 'XOF',
    lastUpdate: minutes(m).toISOString(),
  });

  it('taken at LOW, it does not silence a CRITICAL: the CRITICAL goes out and its reminders run (SMS never heard the LOW)', () => {
    const low = evaluate(undefined, sample(45_000, 0), settings, minutes(0), 'main');
    let state = acknowledgedAt(low.state, 'LOW');
    const severities: string[] = [];
    for (const [m, balance] of [
      [15, 45_000],
      [20, 10_000],
      [20 + 360, 10_000],
    ] as const) {
      const result = evaluate(state, sample(balance, m), settings, minutes(m), 'main');
      state = result.state;
      severities.push(
        ...result.events.map((e) =>
          e.severity === 'REMINDER' ? `REMINDER:${e.remindsOf}` : e.severity,
        ),
      );
    }
    expect(severities).toEqual(['ACKNOWLEDGED', 'CRITICAL', 'REMINDER:CRITICAL']);
  });

  it('taken at CRITICAL, it covers the LOW the balance steps back to: no reminders', () => {
    const critical = evaluate(undefined, sample(10_000, 0), settings, minutes(0), 'main');
    let state = acknowledgedAt(critical.state, 'CRITICAL');
    const severities: string[] = [];
    for (const [m, balance] of [
      [15, 10_000],
      [20, 60_000],
      [20 + 360, 60_000],
      [20 + 720, 60_000],
    ] as const) {
      const result = evaluate(state, sample(balance, m), settings, minutes(m), 'main');
      state = result.state;
      severities.push(...result.events.map((e) => e.severity));
    }
    expect(severities).toEqual(['ACKNOWLEDGED']);
  });
});

describe('minBelowMinutes at the opening of an episode', () => {
  const waiting: PolicySettings = { ...settings, minBelowMinutes: 15 };

  it('a balance below LOW for a while, then one reading below CRITICAL: LOW first, CRITICAL once it has stayed below CRITICAL as long', () => {
    // 90 000 from minute 0 (below LOW); 20 000 (below CRITICAL) from minute 15.
    const { perCheck } = run(
      every5([90_000, 90_000, 90_000, 20_000, 20_000, 20_000, 20_000]),
      waiting,
    );
    expect(perCheck).toEqual([[], [], [], ['LOW'], [], [], ['CRITICAL']]);
  });

  it('straight below CRITICAL and staying there: the episode opens at CRITICAL', () => {
    const { perCheck } = run(every5([20_000, 20_000, 20_000, 20_000]), waiting);
    expect(perCheck).toEqual([[], [], [], ['CRITICAL']]);
  });

  it('one reading below CRITICAL in a dip below LOW counts for nothing at CRITICAL', () => {
    const { perCheck } = run(every5([90_000, 90_000, 20_000, 90_000, 90_000, 90_000]), waiting);
    expect(perCheck).toEqual([[], [], [], ['LOW'], [], []]);
  });
});
