import { describe, expect, it } from 'vitest';
import {
  acknowledgmentCovers,
  classifyBalance,
  criticalExitLevel,
  evaluate,
  recoveryLevel,
  type Observation,
  type PolicySettings,
} from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent, ThresholdEvent } from '../../lambda/alerting/types';
import { friendlyCeil, minimumToClose } from '../../lambda/alerting/top-up';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * The policy at its boundaries: exactly at a threshold, exactly `repeatAfterMinutes` after, the
 * amount to add, the acknowledgments, the failure reminders. Each test names what a user gets
 * (an alert that goes out or not, the amount advised, when a reminder comes); they were written
 * for the mutants the lifecycle examples and the properties let live (docs/testing.md).
 * Every check is computed inside its test, so that Stryker attributes its coverage.
 */

const settings: PolicySettings = { ...BASE_SETTINGS, staleAfterMinutes: 1440 };
const T0 = Date.parse('2026-12-01T08:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);
const iso = (minute: number) => at(minute).toISOString();

const sample = (balance: number, minute: number, lastUpdate = iso(minute)): Observation => ({
  kind: 'sample',
  balance,
  currency: 'XOF',
  lastUpdate,
});
const failure = (): Observation => ({
  kind: 'failure',
  failure: {
    kind: 'authentication',
    status: 401,
    code: 'EXPIRED_API_KEY',
    reason: 'the API key was rejected (401)',
    attempts: 2,
  },
});

/** The value a test expects to be there. */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

type Step = [minute: number, input: number | 'fail' | Observation];

/** Runs the checks from `state`; returns each check's events and the states after each. */
function run(steps: Step[], config: PolicySettings = settings, from?: AlertState) {
  let state = from;
  const checks: { events: readonly AlertEvent[]; state: AlertState; status: string }[] = [];
  for (const [minute, input] of steps) {
    const observation =
      typeof input === 'number' ? sample(input, minute) : input === 'fail' ? failure() : input;
    const result = evaluate(state, observation, config, at(minute), 'main');
    state = result.state;
    checks.push({ events: result.events, state: result.state, status: result.status });
  }
  const severities = checks.map((c) =>
    c.events.map((e) => (e.severity === 'REMINDER' ? `REMINDER:${e.remindsOf}` : e.severity)),
  );
  return { checks, severities, state, events: checks.flatMap((c) => c.events) };
}

/** A steady drain: `perHour` less every hour, one check every 10 minutes, from minute 0. */
/** The state after three failed reads (FAILING told at minute 10), acknowledged at minute 11. */
function failingAcknowledgedAt11(by?: string): AlertState {
  const failing = must(
    run([
      [0, 'fail'],
      [5, 'fail'],
      [10, 'fail'],
    ]).state,
  );
  const failure = { ...must(failing.failure), acknowledgedAt: iso(11) };
  return { ...failing, failure: by === undefined ? failure : { ...failure, acknowledgedBy: by } };
}

function drain(start: number, perHour: number, checks: number): Step[] {
  return Array.from({ length: checks }, (_, i) => [i * 10, start - (perHour * i * 10) / 60]);
}

describe('the minimum is exact, to the currency unit; the advised is rounded to a figure a person types', () => {
  it.each([
    // balance, recovery, currency, minimum
    [1000, 5250, 'XOF', 4250],
    [91_000, 105_000, 'XOF', 14_000],
    [104_999, 105_000, 'XOF', 1],
    [105_000, 105_000, 'XOF', 0],
    [-12_500, 105_000, 'XOF', 117_500],
    // LOW 1,234 plus 5%: 1,295.7 is closed by 1,296, not 1,295.
    [0, 1295.7, 'XOF', 1296],
    [10.5, 20.004, 'EUR', 9.51],
    [0.1, 105_000, 'EUR', 104_999.9],
    [1.234, 2, 'KWD', 0.766],
  ])('from %d to %d %s: minimum %d', (balance, recovery, currency, minimum) => {
    expect(minimumToClose(balance, recovery, currency)).toBe(minimum);
  });

  it.each([
    [0, 'XOF', 0],
    [1, 'XOF', 1],
    [4250, 'XOF', 4300],
    [149_500, 'XOF', 150_000],
    [150_000, 'XOF', 150_000],
    [2_437_512, 'XOF', 2_500_000],
    [1_000_001, 'XOF', 1_100_000],
    [12.341, 'EUR', 13],
    [0.123, 'EUR', 0.13],
    [0.001, 'EUR', 0.01],
  ])('%d advised in %s is %d', (amount, currency, advised) => {
    expect(friendlyCeil(amount, currency)).toBe(advised);
  });
});

describe('the levels that end an episode or step it back', () => {
  it('without a critical threshold, an empty balance is CRITICAL, one unit above it LOW', () => {
    expect(classifyBalance(0, { low: 100_000, critical: undefined })).toBe('CRITICAL');
    expect(classifyBalance(1, { low: 100_000, critical: undefined })).toBe('LOW');
  });

  it('the margin is the larger of the percentage and the amount', () => {
    // 5% of 100,000 is 5,000; of 25,000, 1,250.
    expect(recoveryLevel(settings)).toBe(105_000);
    expect(criticalExitLevel(settings)).toBe(26_250);
    const amount = { ...settings, recoveryMarginAmount: 2000 };
    expect(recoveryLevel(amount)).toBe(105_000);
    expect(criticalExitLevel(amount)).toBe(27_000);
    // A margin larger than the gap: stepping back from CRITICAL needs LOW, not more.
    const wide = { ...settings, recoveryMarginAmount: 90_000 };
    expect(recoveryLevel(wide)).toBe(190_000);
    expect(criticalExitLevel(wide)).toBe(100_000);
    // Without a critical threshold the margin of an empty balance is the amount alone.
    const noCritical = { ...amount, thresholds: { low: 100_000, critical: undefined } };
    expect(criticalExitLevel(noCritical)).toBe(2000);
  });
});

describe('the threshold alerts, exactly at their boundaries', () => {
  it('a balance exactly at LOW is not low; one unit under is', () => {
    expect(run([[0, 100_000]]).severities).toEqual([[]]);
    expect(run([[0, 99_999]]).severities).toEqual([['LOW']]);
  });

  it('the LOW says how much to add to be back at the recovery level (LOW plus 5%)', () => {
    const [low] = run([[0, 98_500]]).events;
    // 105,000 - 98,500 = 6,500 exactly; no forecast yet, so no cover.
    expect(low).toMatchObject({ severity: 'LOW', recovery: 105_000, topUp: { toRecover: 6500 } });
    expect(low).not.toHaveProperty('topUp.toCover');
    expect(low).not.toHaveProperty('runway');
  });

  it('with minBelowMinutes, the crossing counts exactly that long after the first low check', () => {
    const config = { ...settings, minBelowMinutes: 15 };
    const { severities, checks } = run(
      [
        [0, 90_000],
        [10, 90_000],
        [14, 90_000],
        [15, 90_000],
      ],
      config,
    );
    expect(severities).toEqual([[], [], [], ['LOW']]);
    expect(checks[2]?.state.belowSince).toBe(iso(0));
    expect(checks[3]?.events[0]).toMatchObject({ since: iso(0), opens: true });
    expect(checks[3]?.state.episode).toMatchObject({ since: iso(0), level: 'LOW' });
    expect(checks[3]?.state).not.toHaveProperty('belowSince');
    expect(checks[3]?.state.episode).not.toHaveProperty('criticalBelowSince');
  });

  it('with minBelowMinutes, below CRITICAL for less than that opens LOW, and CRITICAL follows once it has lasted', () => {
    const config = { ...settings, minBelowMinutes: 15 };
    const { severities, checks } = run(
      [
        [0, 90_000],
        [10, 20_000],
        [15, 20_000],
        [24, 20_000],
        [25, 20_000],
      ],
      config,
    );
    expect(severities).toEqual([[], [], ['LOW'], [], ['CRITICAL']]);
    expect(checks[1]?.state.belowCriticalSince).toBe(iso(10));
    expect(checks[2]?.state.episode?.criticalBelowSince).toBe(iso(10));
    expect(checks[4]?.state.episode).toMatchObject({ level: 'CRITICAL', peak: 'CRITICAL' });
    expect(checks[4]?.state.episode).not.toHaveProperty('criticalBelowSince');
  });

  it('below CRITICAL from the start for minBelowMinutes opens CRITICAL at once', () => {
    const config = { ...settings, minBelowMinutes: 15 };
    const { severities, checks } = run(
      [
        [0, 20_000],
        [15, 20_000],
      ],
      config,
    );
    expect(severities).toEqual([[], ['CRITICAL']]);
    expect(checks[1]?.state.episode).toMatchObject({
      level: 'CRITICAL',
      lastCriticalAt: iso(15),
    });
    expect(checks[1]?.state.episode).not.toHaveProperty('criticalBelowSince');
    expect(checks[1]?.state).not.toHaveProperty('belowCriticalSince');
  });

  it('a dip under CRITICAL that rises again before it counts does not escalate later', () => {
    const config = { ...settings, minBelowMinutes: 15 };
    const { severities, checks } = run(
      [
        [0, 90_000],
        [15, 90_000],
        [20, 20_000],
        [25, 90_000],
        [40, 90_000],
      ],
      config,
    );
    expect(severities).toEqual([[], ['LOW'], [], [], []]);
    expect(checks[2]?.state.episode?.criticalBelowSince).toBe(iso(20));
    expect(checks[3]?.state.episode).not.toHaveProperty('criticalBelowSince');
  });

  it('RECOVERED goes out exactly at LOW plus the margin, not one unit under', () => {
    expect(run(every([90_000, 104_999])).severities).toEqual([['LOW'], []]);
    const { severities, events, state } = run(every([90_000, 105_000]));
    expect(severities).toEqual([['LOW'], ['RECOVERED']]);
    expect(events[1]).toMatchObject({ threshold: 105_000, peak: 'LOW', since: iso(0) });
    expect(events[1]).not.toHaveProperty('acknowledgedBy');
    expect(state).not.toHaveProperty('episode');
  });

  it('a CRITICAL episode steps back to LOW exactly at CRITICAL plus the margin', () => {
    // 25,000 + 5% = 26,250.
    const inside = run(every([20_000, 26_249]));
    expect(inside.state?.episode?.level).toBe('CRITICAL');
    expect(inside.checks[1]?.status).toBe('CRITICAL');
    const out = run(every([20_000, 26_250]));
    expect(out.state?.episode).toMatchObject({ level: 'LOW', peak: 'CRITICAL' });
    expect(out.checks[1]?.status).toBe('LOW');
  });

  it('a second CRITICAL in an episode goes out exactly repeatAfterMinutes after the first, not a minute sooner', () => {
    const calm = run([
      [0, 20_000],
      [5, 60_000],
      [359, 20_000],
    ]);
    expect(calm.severities).toEqual([['CRITICAL'], [], []]);
    expect(calm.state?.episode?.lastCriticalAt).toBe(iso(0));
    const due = run([
      [0, 20_000],
      [5, 60_000],
      [360, 20_000],
    ]);
    expect(due.severities).toEqual([['CRITICAL'], [], ['CRITICAL']]);
    expect(due.state?.episode).toMatchObject({ lastCriticalAt: iso(360), lastAlertAt: iso(360) });
  });

  it('an episode saved without lastCriticalAt gets its CRITICAL on a fall', () => {
    const from: AlertState = {
      schema: 1,
      lastCheckAt: iso(0),
      episode: { since: iso(0), level: 'LOW', peak: 'LOW', lastAlertAt: iso(0) },
    };
    expect(run([[5, 20_000]], settings, from).severities).toEqual([['CRITICAL']]);
  });
});

const every = (balances: number[]): Step[] => balances.map((b, i) => [i * 5, b]);

describe('reminders come exactly repeatAfterMinutes after the last alert', () => {
  it('of a LOW: none at 359 minutes, one at 360, and the clock restarts from it', () => {
    const { severities, checks } = run([
      [0, 90_000],
      [359, 90_000],
      [360, 90_000],
      [719, 90_000],
      [720, 90_000],
    ]);
    expect(severities).toEqual([['LOW'], [], ['REMINDER:LOW'], [], ['REMINDER:LOW']]);
    expect(checks[1]?.state.episode?.lastAlertAt).toBe(iso(0));
    expect(checks[2]?.state.episode?.lastAlertAt).toBe(iso(360));
    expect(checks[2]?.events[0]).toMatchObject({
      threshold: 100_000,
      low: 100_000,
      recovery: 105_000,
      since: iso(0),
      balance: 90_000,
      topUp: { toRecover: 15_000 },
    });
  });

  it('of a CRITICAL: the reminder names CRITICAL and its threshold', () => {
    const { severities, events } = run([
      [0, 20_000],
      [360, 20_000],
    ]);
    expect(severities).toEqual([['CRITICAL'], ['REMINDER:CRITICAL']]);
    expect(events[1]).toMatchObject({ threshold: 25_000, low: 100_000 });
  });

  it('while a CRITICAL waits out minBelowMinutes, the LOW reminder still comes when due', () => {
    const config = { ...settings, minBelowMinutes: 15 };
    const { severities, checks } = run(
      [
        [0, 90_000],
        [15, 90_000],
        [375, 20_000],
        [380, 20_000],
      ],
      config,
    );
    expect(severities).toEqual([[], ['LOW'], ['REMINDER:LOW'], []]);
    expect(checks[2]?.state.episode).toMatchObject({
      lastAlertAt: iso(375),
      criticalBelowSince: iso(375),
    });
  });

  it('an acknowledged LOW gets no reminder; a CRITICAL after it still alerts and reminds', () => {
    const opened = must(run([[0, 90_000]]).state);
    const acked: AlertState = {
      ...opened,
      episode: {
        ...must(opened.episode),
        acknowledgedAt: iso(1),
        acknowledgedBy: 'Awa',
        acknowledgedLevel: 'LOW',
        ackAnnounced: true,
      },
    };
    const { severities } = run(
      [
        [360, 90_000],
        [365, 20_000],
        [725, 20_000],
      ],
      settings,
      acked,
    );
    expect(severities).toEqual([[], ['CRITICAL'], ['REMINDER:CRITICAL']]);
  });

  it('whether an acknowledgment covers the level', () => {
    const ack = { acknowledgedAt: iso(0) };
    expect(acknowledgmentCovers({ level: 'LOW' })).toBe(false);
    expect(acknowledgmentCovers({ ...ack, level: 'CRITICAL' })).toBe(true);
    expect(acknowledgmentCovers({ ...ack, acknowledgedLevel: 'CRITICAL', level: 'LOW' })).toBe(
      true,
    );
    expect(acknowledgmentCovers({ ...ack, acknowledgedLevel: 'LOW', level: 'LOW' })).toBe(true);
    expect(acknowledgmentCovers({ ...ack, acknowledgedLevel: 'LOW', level: 'CRITICAL' })).toBe(
      false,
    );
  });
});

describe('an acknowledgment is told once', () => {
  it('of a balance episode: one ACKNOWLEDGED naming the level, who and when, then none', () => {
    const opened = must(run([[0, 20_000]]).state);
    const acked: AlertState = {
      ...opened,
      episode: { ...must(opened.episode), acknowledgedAt: iso(2), acknowledgedBy: 'Awa' },
    };
    const { checks } = run(
      [
        [5, 20_000],
        [10, 20_000],
      ],
      settings,
      acked,
    );
    expect(checks[0]?.events).toEqual([
      {
        severity: 'ACKNOWLEDGED',
        account: 'main',
        at: iso(5),
        about: 'CRITICAL',
        since: iso(0),
        by: 'Awa',
        acknowledgedAt: iso(2),
      },
    ]);
    expect(checks[0]?.state.episode?.ackAnnounced).toBe(true);
    expect(checks[1]?.events).toEqual([]);
  });

  it('without a name, by is empty; the RECOVERED says it was acknowledged', () => {
    const opened = must(run([[0, 90_000]]).state);
    const acked: AlertState = {
      ...opened,
      episode: { ...must(opened.episode), acknowledgedAt: iso(2) },
    };
    const { checks } = run(
      [
        [5, 90_000],
        [10, 110_000],
      ],
      settings,
      acked,
    );
    expect(checks[0]?.events).toMatchObject([{ severity: 'ACKNOWLEDGED', about: 'LOW', by: '' }]);
    expect(checks[1]?.events).toMatchObject([{ severity: 'RECOVERED', acknowledgedBy: '' }]);
  });

  it('of a failure episode: one ACKNOWLEDGED about FAILING, then no reminder, and FAILING_RESOLVED names who', () => {
    const acked = failingAcknowledgedAt11('Awa');
    const { checks, severities } = run(
      [
        [15, 'fail'],
        [400, 'fail'],
        [405, 90_000],
      ],
      settings,
      acked,
    );
    expect(severities).toEqual([['ACKNOWLEDGED'], [], ['FAILING_RESOLVED', 'LOW']]);
    expect(checks[0]?.events[0]).toEqual({
      severity: 'ACKNOWLEDGED',
      account: 'main',
      at: iso(15),
      about: 'FAILING',
      since: iso(0),
      by: 'Awa',
      acknowledgedAt: iso(11),
    });
    expect(checks[1]?.state.failure).toMatchObject({
      acknowledgedAt: iso(11),
      acknowledgedBy: 'Awa',
      ackAnnounced: true,
      count: 5,
    });
    expect(checks[2]?.events[0]).toMatchObject({ since: iso(0), acknowledgedBy: 'Awa' });
    expect(checks[2]?.state).not.toHaveProperty('failure');
  });

  it('a failure acknowledged without a name is told with an empty name', () => {
    const acked = failingAcknowledgedAt11();
    const { checks } = run(
      [
        [15, 'fail'],
        [20, 90_000],
      ],
      settings,
      acked,
    );
    expect(checks[0]?.events).toMatchObject([{ about: 'FAILING', by: '' }]);
    expect(checks[0]?.state.failure).not.toHaveProperty('acknowledgedBy');
    expect(checks[1]?.events[0]).toMatchObject({ acknowledgedBy: '' });
  });
});

describe('failed reads', () => {
  it('FAILING goes out at exactly failureAlertAfter failures, with the failure and its count', () => {
    const { severities, checks } = run([
      [0, 'fail'],
      [5, 'fail'],
      [10, 'fail'],
    ]);
    expect(severities).toEqual([[], [], ['FAILING']]);
    // Strictly: a field the read did not give is absent, not undefined.
    expect(checks[1]?.state.failure).toStrictEqual({
      since: iso(0),
      count: 2,
      kind: 'authentication',
      reason: 'the API key was rejected (401)',
      status: 401,
      code: 'EXPIRED_API_KEY',
      attempts: 2,
    });
    expect(checks[2]?.events[0]).toMatchObject({
      severity: 'FAILING',
      failedChecks: 3,
      since: iso(0),
      failure: { code: 'EXPIRED_API_KEY' },
    });
    expect(checks[2]?.state.failure).toMatchObject({ alertedAt: iso(10), lastAlertAt: iso(10) });
  });

  it('the FAILING reminder comes exactly repeatAfterMinutes after the last alert, then again from it', () => {
    const { severities, checks } = run([
      [0, 'fail'],
      [5, 'fail'],
      [10, 'fail'],
      [369, 'fail'],
      [370, 'fail'],
      [729, 'fail'],
      [730, 'fail'],
    ]);
    expect(severities).toEqual([
      [],
      [],
      ['FAILING'],
      [],
      ['REMINDER:FAILING'],
      [],
      ['REMINDER:FAILING'],
    ]);
    expect(checks[4]?.events[0]).toMatchObject({ failedChecks: 5, since: iso(0) });
    expect(checks[4]?.state.failure).toMatchObject({ alertedAt: iso(10), lastAlertAt: iso(370) });
  });

  it('a bare failure keeps only what it gave; one with a detail keeps the detail', () => {
    const bare: Observation = {
      kind: 'failure',
      failure: { kind: 'unavailable', reason: 'timeout' },
    };
    expect(run([[0, bare]]).state?.failure).toStrictEqual({
      since: iso(0),
      count: 1,
      kind: 'unavailable',
      reason: 'timeout',
    });
    const detailed: Observation = {
      kind: 'failure',
      failure: { kind: 'unavailable', reason: 'timeout', detail: { code: 'api-failed' } },
    };
    expect(run([[0, detailed]]).state?.failure?.detail).toEqual({ code: 'api-failed' });
  });

  it('a failed read keeps the balance episode and its standing', () => {
    const { checks } = run([
      [0, 20_000],
      [5, 'fail'],
    ]);
    expect(checks[1]?.status).toBe('CRITICAL');
    expect(checks[1]?.state.episode?.level).toBe('CRITICAL');
    expect(run([[0, 'fail']]).checks[0]?.status).toBe('OK');
  });

  it('the first good read after FAILING says FAILING_RESOLVED, without a name when none acknowledged', () => {
    const { checks } = run([
      [0, 'fail'],
      [5, 'fail'],
      [10, 'fail'],
      [15, 150_000],
    ]);
    expect(checks[3]?.events).toHaveLength(1);
    expect(checks[3]?.events[0]).toMatchObject({
      severity: 'FAILING_RESOLVED',
      since: iso(0),
      balance: 150_000,
    });
    expect(checks[3]?.events[0]).not.toHaveProperty('acknowledgedBy');
  });

  it('a good read closes a failure that never alerted, silently', () => {
    const { severities, state } = run([
      [0, 'fail'],
      [5, 150_000],
    ]);
    expect(severities).toEqual([[], []]);
    expect(state).not.toHaveProperty('failure');
  });
});

describe('stale data', () => {
  it('STALE goes out when lastUpdate is more than staleAfterMinutes old, not exactly that old', () => {
    const exactly = run([[1440, sample(150_000, 1440, iso(0))]]);
    expect(exactly.severities).toEqual([[]]);
    const over = run([[1441, sample(150_000, 1441, iso(0))]]);
    expect(over.severities).toEqual([['STALE']]);
    expect(over.events[0]).toMatchObject({ lastUpdate: iso(0), staleAfterMinutes: 1440 });
    expect(over.state).toMatchObject({ staleSince: iso(1441), staleLastUpdate: iso(0) });
  });

  it('STALE_RESOLVED when the data moves again; a raised threshold ends it silently', () => {
    const stale = run([[1441, sample(150_000, 1441, iso(0))]]).state;
    const moved = run([[1446, sample(150_000, 1446, iso(1440))]], settings, stale);
    expect(moved.severities).toEqual([['STALE_RESOLVED']]);
    expect(moved.events[0]).toMatchObject({ since: iso(1441), lastUpdate: iso(1440) });
    expect(moved.state).not.toHaveProperty('staleSince');
    expect(moved.state).not.toHaveProperty('staleLastUpdate');
    const raised = run(
      [[1446, sample(150_000, 1446, iso(0))]],
      { ...settings, staleAfterMinutes: 2000 },
      stale,
    );
    expect(raised.severities).toEqual([[]]);
    expect(raised.state).not.toHaveProperty('staleSince');
    const still = run([[1446, sample(150_000, 1446, iso(0))]], settings, stale);
    expect(still.severities).toEqual([[]]);
    expect(still.state).toMatchObject({ staleSince: iso(1441), staleLastUpdate: iso(0) });
  });

  it('a threshold raised while data is stale ends the marker silently, even for data under a day old', () => {
    const config = { ...settings, staleAfterMinutes: 60 };
    const stale = run([[61, sample(150_000, 61, iso(0))]], config).state;
    expect(stale?.staleLastUpdate).toBe(iso(0));
    const raised = run(
      [[70, sample(150_000, 70, iso(0))]],
      { ...settings, staleAfterMinutes: 120 },
      stale,
    );
    expect(raised.severities).toEqual([[]]);
    expect(raised.state).not.toHaveProperty('staleSince');
  });

  it('a marker saved without staleLastUpdate resolves when the data is a day old or less', () => {
    const from: AlertState = { schema: 1, lastCheckAt: iso(0), staleSince: iso(0) };
    const fresh = run(
      [[1500, sample(150_000, 1500, iso(60))]],
      { ...settings, staleAfterMinutes: 2000 },
      from,
    );
    expect(fresh.severities).toEqual([['STALE_RESOLVED']]);
    expect(fresh.events[0]).toMatchObject({ since: iso(0) });
    expect(fresh.state).not.toHaveProperty('staleSince');
    const old = run(
      [[1500, sample(150_000, 1500, iso(59))]],
      { ...settings, staleAfterMinutes: 2000 },
      from,
    );
    expect(old.severities).toEqual([[]]);
    expect(old.state).not.toHaveProperty('staleSince');
  });
});

describe('the amount to add with a forecast, and the FORECAST', () => {
  it('a LOW under a steady drain advises the cover for 24 hours at that pace', () => {
    // 6,000 an hour less, every 10 minutes: 110,500 at minute 0, 99,500 at minute 110.
    const { checks } = run(drain(110_500, 6000, 12));
    const last = must(checks.at(-1));
    expect(checks.at(-2)?.events).toEqual([]);
    expect(last.events).toMatchObject([{ severity: 'LOW', balance: 99_500 }]);
    const low = last.events[0] as ThresholdEvent;
    // To recover: 105,000 - 99,500 = 5,500 exactly. To cover 24 hours above the recovery
    // level: 105,000 + 24 × 6,000 - 99,500 = 149,500, rounded up to 150,000.
    expect(low.topUp).toEqual({ toRecover: 5500, toCover: 150_000, hours: 24 });
    expect(low.runway?.minutes).toBeCloseTo((99_500 / 6000) * 60, 0);
  });

  it('with topUpCoverHours, the cover is for that many hours, on top of the minimum', () => {
    const twelve = run(drain(110_500, 6000, 12), { ...settings, topUpCoverHours: 12 });
    // 105,000 + 12 × 6,000 - 99,500 = 77,500, rounded up to 78,000.
    expect(twelve.checks.at(-1)?.events[0]).toMatchObject({
      topUp: { toRecover: 5500, toCover: 78_000, hours: 12 },
    });
    const tenth = run(drain(110_500, 6000, 12), { ...settings, topUpCoverHours: 0.1 });
    // 105,000 + 600 - 99,500 = 6,100: the minimum and 6 minutes at the pace.
    expect(tenth.checks.at(-1)?.events[0]).toMatchObject({
      topUp: { toRecover: 5500, toCover: 6100 },
    });
  });

  it('a FORECAST goes out when LOW is due exactly at the horizon, not a minute later', () => {
    // 6,000 an hour, 124,000 at the last check: LOW in 4 hours (240 minutes).
    const exactly = run(drain(136_000, 6000, 13));
    const sent = must(exactly.checks.at(-1));
    expect(sent.events).toMatchObject([
      { severity: 'FORECAST', reason: 'low', threshold: 100_000, balance: 124_000 },
    ]);
    const forecast = sent.events[0] as Extract<AlertEvent, { severity: 'FORECAST' }>;
    expect(forecast.toLow?.minutes).toBeCloseTo(240, 6);
    expect(forecast.perHour).toBeCloseTo(-6000, 6);
    // Nothing to recover yet; to stay above the recovery level for 24 hours:
    // 105,000 + 144,000 - 124,000 = 125,000, rounded up to two digits: 130,000.
    expect(forecast.topUp).toEqual({ toRecover: 0, toCover: 130_000, hours: 24 });
    expect(sent.state.forecastSentAt).toBe(iso(120));
    expect(sent.state.forecastExpiresAt).toBe(iso(360));
    const later = run(drain(136_100, 6000, 13));
    expect(later.events.filter((e) => e.severity === 'FORECAST')).toEqual([]);
  });

  it('no FORECAST with forecastHorizonMinutes 0', () => {
    expect(
      run(drain(136_000, 6000, 13), { ...settings, forecastHorizonMinutes: 0 }).events,
    ).toEqual([]);
  });

  it('a runway FORECAST goes out when the balance runs out exactly within runwayAlertHours', () => {
    // LOW at 1,000: 12,000 at the last check, 6,000 an hour, empty in 2 hours.
    const config: PolicySettings = {
      ...settings,
      thresholds: { low: 1000, critical: 500 },
      forecastHorizonMinutes: 0,
      runwayAlertHours: 2,
    };
    const sent = must(run(drain(24_000, 6000, 13), config).checks.at(-1));
    expect(sent.events).toMatchObject([{ severity: 'FORECAST', reason: 'runway' }]);
    expect(sent.state.forecastExpiresAt).toBe(iso(240));
    const short = run(drain(24_100, 6000, 13), config);
    expect(short.events).toEqual([]);
  });

  it('once sent, the FORECAST is re-armed only after the crossing it foretold has passed, and not before 120 minutes', () => {
    const steps = drain(136_000, 6000, 13);
    const { state } = run(steps);
    // Held: the balance stops falling, 240 minutes pass (the foretold crossing): then re-armed.
    const held = run(
      [
        [359, 124_000],
        [360, 124_000],
        [361, 124_000],
      ],
      settings,
      state,
    );
    expect(held.checks[0]?.state.forecastSentAt).toBe(iso(120));
    expect(held.checks[1]?.state.forecastSentAt).toBe(iso(120));
    expect(held.checks[2]?.state).not.toHaveProperty('forecastSentAt');
    expect(held.checks[2]?.state).not.toHaveProperty('forecastExpiresAt');
  });

  it('a top-up of exactly a quarter of LOW re-arms the FORECAST at once; a smaller rise does not', () => {
    const { state } = run(drain(136_000, 6000, 13));
    expect(state?.forecastSentAt).toBe(iso(120));
    // A rise measured from the higher of the two checks before (125,000 and 124,000).
    const topUp = run([[130, 150_000]], settings, state);
    expect(topUp.state).not.toHaveProperty('forecastSentAt');
    expect(topUp.state).not.toHaveProperty('forecastExpiresAt');
    const rise = run([[130, 149_999]], settings, state);
    expect(rise.state).toMatchObject({ forecastSentAt: iso(120), forecastExpiresAt: iso(360) });
  });

  it('the result carries the forecast, and no FORECAST goes out during an episode', () => {
    const { checks } = run(drain(130_000, 6000, 40));
    expect(checks.at(-1)?.state.episode?.level).toBe('LOW');
    expect(checks.at(-1)?.events).toEqual([]);
    const result = evaluate(checks.at(-2)?.state, sample(60_000, 400), settings, at(400), 'main');
    expect(result.forecast?.perHour).toBeLessThan(0);
    expect(result.events.filter((e) => e.severity === 'FORECAST')).toEqual([]);
  });

  it('a reminder under a drain says when the balance runs out; of an empty balance, it does not', () => {
    // CRITICAL at 20,000, then 3,000 an hour less: 2,000 left at the reminder, 40 minutes.
    const positive = run(drain(20_000, 3000, 37));
    expect(positive.severities.at(-1)).toEqual(['REMINDER:CRITICAL']);
    const reminder = positive.events.at(-1) as Extract<AlertEvent, { severity: 'REMINDER' }>;
    expect(reminder).toMatchObject({ balance: 2000 });
    expect(reminder).toHaveProperty('runway');
    const empty = run(drain(18_000, 3000, 37));
    expect(empty.severities.at(-1)).toEqual(['REMINDER:CRITICAL']);
    expect(empty.events.at(-1)).toMatchObject({ balance: 0 });
    expect(empty.events.at(-1)).not.toHaveProperty('runway');
  });

  it('no runway FORECAST of an empty balance: it has already run out', () => {
    // Below LOW but waiting out minBelowMinutes: no episode, so the forecast rules apply.
    const config: PolicySettings = {
      ...settings,
      thresholds: { low: 1000, critical: undefined },
      minBelowMinutes: 1000,
      forecastHorizonMinutes: 0,
      runwayAlertHours: 0.001,
    };
    const { checks } = run(drain(12_000, 6000, 13), config);
    expect(checks.at(-1)?.state.last?.balance).toBe(0);
    expect(checks.at(-1)?.state).not.toHaveProperty('episode');
    expect(checks.flatMap((c) => c.events)).toEqual([]);
  });

  it('a balance rising again below LOW gets no cover advice: only what it takes to recover', () => {
    // LOW at 80,000, then 600 an hour more: 83,600 at the reminder.
    const { severities, events } = run(drain(80_000, -600, 37));
    expect(severities.at(-1)).toEqual(['REMINDER:LOW']);
    expect(events.at(-1)).toMatchObject({ balance: 83_600, topUp: { toRecover: 21_400 } });
    expect(events.at(-1)).not.toHaveProperty('topUp.toCover');
  });

  it('no "will fall below LOW" of a balance already below it, though the pace still puts it above', () => {
    // A steady drain to 102,000, then one check at 90,000: the fit (robust to a last outlier)
    // still puts the balance just above LOW, due to cross within the horizon; it is below.
    const config = { ...settings, minBelowMinutes: 60, forecastHorizonMinutes: 15 };
    const { checks } = run([...drain(113_000, 6000, 12), [120, 90_000]], config);
    expect(checks.at(-1)?.state).not.toHaveProperty('episode');
    expect(checks.flatMap((c) => c.events)).toEqual([]);
  });

  it('no FORECAST in the check that opens an episode, nor in the one that ends it', () => {
    // Runway short from the crossing on (16.6 hours at 6,000 an hour): the LOW says it.
    const opening = run(drain(110_500, 6000, 12), {
      ...settings,
      forecastHorizonMinutes: 0,
      runwayAlertHours: 16.6,
    });
    expect(opening.severities).toEqual([...Array.from({ length: 11 }, () => []), ['LOW']]);
    // Low from the start, then a jump back over the recovery level under a falling pace.
    const ending = run([...drain(99_000, 6000, 13), [130, 106_000]], {
      ...settings,
      forecastHorizonMinutes: 0,
      runwayAlertHours: 100,
    });
    expect(ending.severities[0]).toEqual(['LOW']);
    expect(ending.severities.at(-1)).toEqual(['RECOVERED']);
  });

  it('a recovery re-arms the FORECAST', () => {
    const { state } = run(drain(136_000, 6000, 13));
    const { severities, checks } = run(
      [
        [130, 90_000],
        [140, 110_000],
      ],
      settings,
      state,
    );
    expect(severities).toEqual([['LOW'], ['RECOVERED']]);
    expect(checks[0]?.state.forecastSentAt).toBe(iso(120));
    expect(checks[1]?.state).not.toHaveProperty('forecastSentAt');
    expect(checks[1]?.state).not.toHaveProperty('forecastExpiresAt');
  });

  it('a runway FORECAST of a balance below LOW (not yet counted) says no time to LOW', () => {
    const config: PolicySettings = {
      ...settings,
      minBelowMinutes: 1000,
      forecastHorizonMinutes: 0,
      runwayAlertHours: 24,
    };
    const { checks } = run(drain(90_000, 6000, 12), config);
    const sent = checks.flatMap((c) => c.events);
    expect(sent).toMatchObject([{ severity: 'FORECAST', reason: 'runway' }]);
    expect(sent[0]).not.toHaveProperty('toLow');
  });

  it('a sudden drop to zero has no runway, whatever the pace before', () => {
    const { checks } = run([...drain(60_000, 600, 12), [120, 0]]);
    expect(checks.at(-1)?.events).toMatchObject([{ severity: 'CRITICAL', balance: 0 }]);
    expect(checks.at(-1)?.events[0]).not.toHaveProperty('runway');
  });

  it('a marker saved without an expiry expires after the cool-off (120 minutes)', () => {
    const from: AlertState = { schema: 1, lastCheckAt: iso(0), forecastSentAt: iso(0) };
    const before = run([[119, 150_000]], settings, from);
    expect(before.state?.forecastSentAt).toBe(iso(0));
    const after = run([[120, 150_000]], settings, from);
    expect(after.state).not.toHaveProperty('forecastSentAt');
    const short = run([[30, 150_000]], { ...settings, repeatAfterMinutes: 30 }, from);
    expect(short.state).not.toHaveProperty('forecastSentAt');
  });
});

describe('what every check keeps', () => {
  it('silences still to come are kept, ended ones dropped, none leaves no field', () => {
    const silence = (id: string, until: number) => ({ id, from: iso(0), until: iso(until) });
    const from: AlertState = {
      schema: 1,
      lastCheckAt: iso(0),
      silences: [silence('a', 10), silence('b', 11)],
    };
    expect(run([[10, 150_000]], settings, from).state?.silences).toEqual([silence('b', 11)]);
    expect(run([[11, 150_000]], settings, from).state).not.toHaveProperty('silences');
  });

  it('the check log counts the checks and failed checks of each hour, for 25 hours', () => {
    const { checks } = run([
      [0, 150_000],
      [5, 'fail'],
      [59, 150_000],
      [60, 'fail'],
    ]);
    expect(checks[2]?.state.checkLog).toEqual([
      { hour: '2026-12-01T08:00:00.000Z', checks: 3, failed: 1 },
    ]);
    expect(checks[3]?.state.checkLog).toEqual([
      { hour: '2026-12-01T08:00:00.000Z', checks: 3, failed: 1 },
      { hour: '2026-12-01T09:00:00.000Z', checks: 1, failed: 1 },
    ]);
    const dayLater = run([[25 * 60, 150_000]], settings, checks[3]?.state).state?.checkLog;
    expect(dayLater).toEqual([
      { hour: '2026-12-01T09:00:00.000Z', checks: 1, failed: 1 },
      { hour: '2026-12-02T09:00:00.000Z', checks: 1, failed: 0 },
    ]);
  });

  it('a quiet check stores only what it has: no empty fields', () => {
    const result = evaluate(undefined, sample(150_000, 0), settings, at(0), 'main');
    expect(result.status).toBe('OK');
    expect(result).not.toHaveProperty('forecast');
    expect(Object.keys(result.state).sort()).toEqual([
      'checkLog',
      'history',
      'last',
      'lastCheckAt',
      'schema',
    ]);
    const low = evaluate(result.state, sample(90_000, 5), settings, at(5), 'main');
    expect(low.status).toBe('LOW');
    expect(Object.keys(low.state).sort()).toEqual([
      'checkLog',
      'episode',
      'history',
      'last',
      'lastCheckAt',
      'schema',
    ]);
  });

  it('a clock behind the last check keeps the last check time', () => {
    const from: AlertState = { schema: 1, lastCheckAt: iso(10) };
    const result = evaluate(from, sample(90_000, 5), settings, at(5), 'main');
    expect(result.state.lastCheckAt).toBe(iso(10));
    expect(result.events[0]).toMatchObject({ severity: 'LOW', at: iso(10) });
  });
});
