import fc from 'fast-check';
import { boundPropertyRuns } from '../support/fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import { CLOCK_AHEAD_TOLERANCE_MS } from '../../lambda/alerting/clock';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';

boundPropertyRuns();

/**
 * The lifecycle's guarantees over random series of samples and failures, with random gaps
 * between checks (including clocks that jump backwards, by as much as clocks differ: past that,
 * the state was written by a clock that ran ahead, and follows the clock now; see the last
 * property) and random settings.
 */

interface Step {
  readonly observation: Observation;
  readonly before: AlertState | undefined;
  readonly after: AlertState;
  readonly events: readonly AlertEvent[];
}

const settingsArb: fc.Arbitrary<PolicySettings> = fc.record({
  thresholds: fc.oneof(
    fc.constant({ low: 100_000, critical: 25_000 }),
    fc.constant({ low: 100_000, critical: undefined }),
    fc.constant({ low: 100_000, critical: 95_000 }),
  ),
  repeatAfterMinutes: fc.constantFrom(5, 30, 360),
  recoveryMarginPercent: fc.constantFrom(0, 5, 20),
  failureAlertAfter: fc.integer({ min: 1, max: 4 }),
  staleAfterMinutes: fc.constantFrom(10, 1440),
  forecastHorizonMinutes: fc.constantFrom(0, 60, 240, 1440),
});

/** Balances cluster around the thresholds, where the interesting transitions are. */
const balanceArb = fc.oneof(
  fc.integer({ min: -10_000, max: 300_000 }),
  fc.integer({ min: 95_000, max: 125_000 }),
  fc.integer({ min: 20_000, max: 30_000 }),
  fc.constantFrom(0, 25_000, 26_250, 95_000, 100_000, 105_000, 120_000),
);

const stepArb = fc.record({
  gapMinutes: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 60 }) },
    { weight: 2, arbitrary: fc.integer({ min: 60, max: 2000 }) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: -CLOCK_AHEAD_TOLERANCE_MS / 60_000, max: 0 }),
    },
  ),
  observation: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ balance: balanceArb, staleMinutes: fc.constantFrom(0, 0, 0, 3000) }),
    },
    { weight: 1, arbitrary: fc.constant('fail' as const) },
  ),
});

/**
 * `gapOf` gives each step's move of the clock. By default a clock may go back, but never
 * further than clocks differ behind the latest time seen (what the policy absorbs).
 */
function simulate(
  settings: PolicySettings,
  input: readonly StepInput[],
  gapOf?: (step: StepInput) => number,
) {
  let latest = Number.NEGATIVE_INFINITY;
  let clock = Date.parse('2026-12-01T00:00:00Z');
  let state: AlertState | undefined;
  const steps: Step[] = [];
  for (const step of input) {
    const o = step.observation;
    clock =
      gapOf === undefined
        ? Math.max(clock + step.gapMinutes * 60_000, latest - CLOCK_AHEAD_TOLERANCE_MS)
        : clock + gapOf(step) * 60_000;
    latest = Math.max(latest, clock);
    const now = new Date(clock);
    const observation: Observation =
      o === 'fail'
        ? {
            kind: 'failure',
            failure: { kind: 'unavailable', status: 503, reason: 'the API failed (503)' },
          }
        : {
            kind: 'sample',
            balance: o.balance,
            currency: 'XOF',
            lastUpdate: new Date(clock - o.staleMinutes * 60_000).toISOString(),
          };
    const result = evaluate(state, observation, settings, now, 'main');
    steps.push({ observation, before: state, after: result.state, events: result.events });
    state = result.state;
  }
  return steps;
}

type StepInput = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const series = fc.tuple(settingsArb, fc.array(stepArb, { minLength: 1, maxLength: 120 }));
const RUNS = { numRuns: 400 };

const opening = (e: AlertEvent) => e.severity === 'LOW' || e.severity === 'CRITICAL';

describe('alert policy properties', () => {
  it('every episode gets exactly one opening alert, at its first check, and never a second LOW', () => {
    fc.assert(
      fc.property(series, ([settings, input]) => {
        const steps = simulate(settings, input);
        for (const step of steps) {
          const opened = step.after.episode !== undefined && step.before?.episode === undefined;
          const openings = step.events.filter(opening);
          if (opened) expect(openings).toHaveLength(1);
          // A LOW only ever opens an episode; a CRITICAL opens one or escalates from LOW.
          for (const e of openings) {
            if (e.severity === 'LOW') expect(opened).toBe(true);
            else expect(opened || step.before?.episode?.level === 'LOW').toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('within an episode, notifications are spaced at least REPEAT_ALERT_MINUTES apart, except escalations', () => {
    fc.assert(
      fc.property(series, ([settings, input]) => {
        let lastAt: number | undefined;
        for (const step of simulate(settings, input)) {
          if (step.after.episode === undefined) {
            lastAt = undefined;
            continue;
          }
          if (step.before?.episode === undefined) lastAt = undefined;
          for (const e of step.events) {
            if (e.severity === 'REMINDER' && e.remindsOf !== 'FAILING') {
              expect(lastAt).toBeDefined();
              expect(Date.parse(e.at) - (lastAt ?? 0)).toBeGreaterThanOrEqual(
                settings.repeatAfterMinutes * 60_000,
              );
            }
            if (opening(e) || (e.severity === 'REMINDER' && e.remindsOf !== 'FAILING'))
              lastAt = Date.parse(e.at);
          }
        }
      }),
      RUNS,
    );
  });

  it('every episode that ends gets exactly one RECOVERED, and there is no RECOVERED without one', () => {
    fc.assert(
      fc.property(series, ([settings, input]) => {
        let openEpisodes = 0;
        for (const step of simulate(settings, input)) {
          const recovered = step.events.filter((e) => e.severity === 'RECOVERED');
          const ended = step.before?.episode !== undefined && step.after.episode === undefined;
          expect(recovered).toHaveLength(ended ? 1 : 0);
          if (step.events.some(opening) && step.before?.episode === undefined) openEpisodes += 1;
          if (ended) openEpisodes -= 1;
          expect(openEpisodes).toBeGreaterThanOrEqual(0);
          expect(openEpisodes).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('FAILING only after N consecutive failed reads, once per failure run; RESOLVED only after it', () => {
    fc.assert(
      fc.property(series, ([settings, input]) => {
        let consecutive = 0;
        let failingSent = false;
        for (const step of simulate(settings, input)) {
          consecutive = step.observation.kind === 'failure' ? consecutive + 1 : 0;
          const severities = step.events.map((e) => e.severity);
          if (severities.includes('FAILING')) {
            expect(consecutive).toBe(settings.failureAlertAfter);
            expect(failingSent).toBe(false);
            failingSent = true;
          }
          if (severities.includes('FAILING_RESOLVED')) {
            expect(failingSent).toBe(true);
            expect(step.observation.kind).toBe('sample');
          }
          if (step.observation.kind === 'sample') failingSent = false;
        }
      }),
      RUNS,
    );
  });

  it('a failed read leaves the balance episode as it was', () => {
    fc.assert(
      fc.property(series, ([settings, input]) => {
        for (const step of simulate(settings, input)) {
          if (step.observation.kind !== 'failure') continue;
          expect(step.after.episode).toEqual(step.before?.episode);
          expect(step.after.last).toEqual(step.before?.last);
          expect(
            step.events.every((e) => e.severity === 'FAILING' || e.severity === 'REMINDER'),
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("the state's timestamps never go backwards, even when the clock does", () => {
    fc.assert(
      fc.property(series, ([settings, input]) => {
        let previous = Number.NEGATIVE_INFINITY;
        for (const step of simulate(settings, input)) {
          const last = Date.parse(step.after.lastCheckAt);
          expect(last).toBeGreaterThanOrEqual(previous);
          previous = last;
          const stamps = [
            step.after.episode?.since,
            step.after.episode?.lastAlertAt,
            step.after.failure?.since,
            step.after.failure?.lastAlertAt,
            step.after.staleSince,
            ...step.events.map((e) => e.at),
          ].filter((s): s is string => s !== undefined);
          for (const stamp of stamps) expect(Date.parse(stamp)).toBeLessThanOrEqual(last);
        }
      }),
      RUNS,
    );
  });
});

describe('a clock that ran ahead', () => {
  it('after a jump back past the tolerance, no time of a past event lies after the clock', () => {
    fc.assert(
      fc.property(
        series,
        fc.array(fc.integer({ min: 6, max: 3000 }), { minLength: 1, maxLength: 5 }),
        ([settings, input], jumps) => {
          // Now and then the clock goes back by more than clocks differ: the earlier checks
          // ran ahead, this one is right.
          const gaps = input.map((step, k) =>
            k % 7 === 3 ? -(jumps[k % jumps.length] ?? 6) : Math.abs(step.gapMinutes),
          );
          const clocks: number[] = [];
          gaps.reduce((clock, gap) => {
            clocks.push(clock + gap * 60_000);
            return clock + gap * 60_000;
          }, Date.parse('2026-12-01T00:00:00Z'));
          let k = 0;
          const steps = simulate(settings, input, () => gaps[k++] ?? 0);
          for (const [index, step] of steps.entries()) {
            const clock = clocks[index] ?? Number.NaN;
            // (Not the times that identify an alert already sent, kept as they were: an
            // episode's `since`, when STALE or FORECAST went out.)
            const stamps = [
              step.after.lastCheckAt,
              step.after.episode?.lastAlertAt,
              step.after.failure?.lastAlertAt,
              ...step.events.map((e) => e.at),
            ].filter((s): s is string => s !== undefined);
            for (const stamp of stamps)
              expect(Date.parse(stamp)).toBeLessThanOrEqual(clock + CLOCK_AHEAD_TOLERANCE_MS);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('FORECAST properties', () => {
  const LOW = 100_000;
  const base: PolicySettings = {
    thresholds: { low: LOW, critical: 25_000 },
    repeatAfterMinutes: 360,
    recoveryMarginPercent: 5,
    failureAlertAfter: 3,
    staleAfterMinutes: 1440,
    forecastHorizonMinutes: 240,
  };
  /** Segments of steady drains or rises with noise, joined by jumps: shapes that make forecasts. */
  const segmentArb = fc.record({
    perStep: fc.integer({ min: -20_000, max: 5_000 }),
    noise: fc.integer({ min: 0, max: 8_000 }),
    length: fc.integer({ min: 1, max: 60 }),
    jump: fc.oneof(fc.constant(0), fc.integer({ min: -100_000, max: 900_000 })),
    failEvery: fc.constantFrom(0, 7, 13),
  });
  const drainArb = fc.tuple(
    fc.constantFrom(60, 240, 1440),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.array(segmentArb, { minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1, max: 10_000 }),
  );

  type Drain = typeof drainArb extends fc.Arbitrary<infer T> ? T : never;
  /**
   * The three properties below read the same drains: one seed for all three draws the same
   * 300 inputs, and each drain is run once and kept (only what the properties read of the
   * states, so 300 drains fit in memory). A failure still reports the seed to replay.
   */
  const DRAINS = { numRuns: 300, seed: Date.now() ^ Math.floor(Math.random() * 0x7fffffff) };
  const drained = new Map<string, ReturnType<typeof drainOnce>>();
  function runDrain(input: Drain) {
    const key = JSON.stringify(input);
    let out = drained.get(key);
    if (out === undefined) {
      out = drainOnce(input);
      drained.set(key, out);
    }
    return out;
  }

  function drainOnce([horizon, start, segments, seed]: Drain) {
    const settings = { ...base, forecastHorizonMinutes: horizon };
    let random = seed;
    const noise = () => {
      random = (random * 16807) % 2147483647;
      return random / 2147483647 - 0.5;
    };
    let balance = start;
    let clock = Date.parse('2026-12-01T00:00:00Z');
    let state: AlertState | undefined;
    const out: {
      balance: number | undefined;
      events: readonly AlertEvent[];
      before: Pick<AlertState, 'episode'> | undefined;
      after: Pick<AlertState, 'episode' | 'lastCheckAt'>;
    }[] = [];
    for (const segment of segments) {
      balance += segment.jump;
      for (let i = 0; i < segment.length; i += 1) {
        clock += 5 * 60_000;
        balance += segment.perStep;
        const sample = Math.round(balance + noise() * 2 * segment.noise);
        const failed = segment.failEvery > 0 && i % segment.failEvery === segment.failEvery - 1;
        const observation: Observation = failed
          ? { kind: 'failure', failure: { kind: 'unavailable', reason: 'the API does not answer' } }
          : {
              kind: 'sample',
              balance: sample,
              currency: 'XOF',
              lastUpdate: new Date(clock).toISOString(),
            };
        const result = evaluate(state, observation, settings, new Date(clock), 'main');
        out.push({
          balance: failed ? undefined : sample,
          events: result.events,
          before: state === undefined ? undefined : { episode: state.episode },
          after: { episode: result.state.episode, lastCheckAt: result.state.lastCheckAt },
        });
        state = result.state;
      }
    }
    return out;
  }

  it('the forecast time is never in the past', () => {
    let forecasts = 0;
    fc.assert(
      fc.property(drainArb, (input) => {
        for (const step of runDrain(input)) {
          for (const e of step.events) {
            if (e.severity === 'FORECAST') {
              forecasts += 1;
              const when = e.toLow ?? e.toZero;
              expect(when.minutes).toBeGreaterThanOrEqual(0);
              expect(when.earliest).toBeGreaterThanOrEqual(0);
              expect(when.minutes).toBeLessThanOrEqual(input[0]);
            }
            if ('runway' in e && e.runway !== undefined)
              expect(e.runway.minutes).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      DRAINS,
    );
    // The generator must produce forecasts, or these properties hold vacuously.
    expect(forecasts).toBeGreaterThan(50);
  });

  it('no FORECAST while an episode is open (after its LOW or CRITICAL)', () => {
    fc.assert(
      fc.property(drainArb, (input) => {
        for (const step of runDrain(input)) {
          if (step.events.some((e) => e.severity === 'FORECAST')) {
            expect(step.before?.episode).toBeUndefined();
            expect(step.after.episode).toBeUndefined();
            expect(step.events.some((e) => e.severity === 'LOW' || e.severity === 'CRITICAL')).toBe(
              false,
            );
          }
        }
      }),
      DRAINS,
    );
  });

  it('at most one FORECAST until a top-up (a rise of 25% of LOW), a recovery, or the foretold time passing (2 h at least after it) re-arms it', () => {
    fc.assert(
      fc.property(drainArb, (input) => {
        let armed = true;
        let expiresAt: number | undefined;
        let sentAt: number | undefined;
        let previous: number | undefined;
        for (const step of runDrain(input)) {
          if (
            step.balance !== undefined &&
            previous !== undefined &&
            step.balance - previous >= 0.25 * LOW
          )
            armed = true;
          // Re-armed once the foretold time ("around T") passed and the reminder interval too.
          if (
            expiresAt !== undefined &&
            Date.parse(step.after.lastCheckAt) > expiresAt &&
            Date.parse(step.after.lastCheckAt) - (sentAt ?? 0) >= 120 * 60_000
          )
            armed = true;
          if (step.balance !== undefined) previous = step.balance;
          if (step.events.some((e) => e.severity === 'RECOVERED')) armed = true;
          const forecast = step.events.find((e) => e.severity === 'FORECAST');
          if (forecast !== undefined) {
            expect(armed).toBe(true);
            armed = false;
            const when =
              forecast.reason === 'low' && forecast.toLow !== undefined
                ? forecast.toLow
                : forecast.toZero;
            expiresAt = Date.parse(forecast.at) + when.minutes * 60_000;
            sentAt = Date.parse(forecast.at);
          }
        }
      }),
      DRAINS,
    );
  });
});
