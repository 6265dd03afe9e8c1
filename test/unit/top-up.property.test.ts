import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  recoveryLevel,
  type Observation,
  type PolicySettings,
} from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import { currencyDigits } from '../../lambda/alerting/top-up';
import type { AlertEvent, TopUpAdvice } from '../../lambda/alerting/types';
import { boundPropertyRuns } from '../support/fast-check';

boundPropertyRuns();

/**
 * The minimum an alert asks for closes it, and one unit of the currency less does not: for any
 * balance below the recovery level, any thresholds and margins, any currency (0, 2 or 3
 * decimals). Judged by the policy itself (evaluate: a RECOVERED, the episode gone), not by a
 * copy of its rule. The balance after a top-up is the decimal sum, as the provider reports it.
 */

const T0 = Date.parse('2026-12-01T08:00:00Z');
const CURRENCIES = ['XOF', 'XOF', 'XOF', 'EUR', 'USD', 'JPY', 'KWD', 'GNF'] as const;

const sample = (balance: number, currency: string, minute: number): Observation => ({
  kind: 'sample',
  balance,
  currency,
  lastUpdate: new Date(T0 + minute * 60_000).toISOString(),
});

const caseArb = fc
  .record({
    currency: fc.constantFrom(...CURRENCIES),
    // In the currency's units: LOW from 1 unit to 10 billion.
    lowUnits: fc.oneof(
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 10_000_000_000 }),
      fc.constantFrom(100_000, 5_000, 1),
    ),
    criticalShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    recoveryMarginPercent: fc.oneof(
      fc.constantFrom(0, 5, 20, 100),
      fc.double({ min: 0, max: 100, noNaN: true }),
    ),
    recoveryMarginAmount: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), {
      nil: undefined,
    }),
    // Where the balance sits between an overdraft and the recovery level (1 is just under it).
    position: fc.oneof(
      fc.double({ min: -0.5, max: 1, noNaN: true }),
      fc.constantFrom(0, 0.5, 0.999_999, 1),
    ),
  })
  .map((c) => {
    const scale = 10 ** currencyDigits(c.currency);
    const low = c.lowUnits / scale;
    const settings: PolicySettings = {
      thresholds: {
        low,
        critical:
          c.criticalShare === undefined
            ? undefined
            : Math.floor(c.lowUnits * c.criticalShare) / scale,
      },
      repeatAfterMinutes: 30,
      recoveryMarginPercent: c.recoveryMarginPercent,
      ...(c.recoveryMarginAmount === undefined
        ? {}
        : { recoveryMarginAmount: c.recoveryMarginAmount / scale }),
      failureAlertAfter: 3,
      staleAfterMinutes: 1440,
      forecastHorizonMinutes: 0,
    };
    // A balance on the currency's grid, strictly below the recovery level.
    const recovery = recoveryLevel(settings);
    let lastUnit = Math.ceil(recovery * scale);
    while (lastUnit / scale >= recovery) lastUnit -= 1;
    const units = Math.min(lastUnit, Math.floor(lastUnit * c.position));
    return { currency: c.currency, scale, settings, balance: units / scale };
  });

/** The advice of the alert the policy sends about `balance`, inside an open episode. */
function openAt(balance: number, currency: string, settings: PolicySettings) {
  // An episode opens below LOW (one unit under it, or the balance itself if lower)...
  const scale = 10 ** currencyDigits(currency);
  // (LOW is on the grid: lowUnits / scale.)
  const opening = Math.min(balance, (Math.round(settings.thresholds.low * scale) - 1) / scale);
  const first = evaluate(undefined, sample(opening, currency, 0), settings, new Date(T0), 'main');
  expect(first.state.episode).toBeDefined();
  // ... and a check an hour later reads `balance`: its alert (a reminder, or a CRITICAL) says
  // how much to add from there.
  const second = evaluate(
    first.state,
    sample(balance, currency, 60),
    settings,
    new Date(T0 + 60 * 60_000),
    'main',
  );
  expect(second.state.episode).toBeDefined();
  const advice = second.events.find(
    (e): e is AlertEvent & { topUp: TopUpAdvice } => 'topUp' in e,
  )?.topUp;
  if (advice === undefined) throw new Error('the check inside the episode sent no advice');
  return { state: second.state, advice };
}

/** Whether a check reading `balance` from `state` closes the alert, by the policy. */
function closes(state: AlertState, balance: number, currency: string, settings: PolicySettings) {
  const result = evaluate(
    state,
    sample(balance, currency, 61),
    settings,
    new Date(T0 + 61 * 60_000),
    'main',
  );
  const recovered = result.events.some((e) => e.severity === 'RECOVERED');
  expect(recovered).toBe(result.state.episode === undefined);
  return recovered;
}

export const TOP_UP_RUNS = 1000;

describe('the minimum to close the alert', () => {
  it('balance + minimum closes the alert; balance + minimum - 1 unit never does', () => {
    fc.assert(
      fc.property(caseArb, ({ currency, scale, settings, balance }) => {
        const { state, advice } = openAt(balance, currency, settings);
        const minimum = advice.toRecover;
        // A whole number of the currency's units, at least one.
        const units = Math.round(minimum * scale);
        expect(units / scale).toBe(minimum);
        expect(units).toBeGreaterThanOrEqual(1);
        // The balance after the top-up as the provider reports it: the decimal sum.
        const after = (added: number) => (Math.round(balance * scale) + added) / scale;
        expect(closes(state, after(units), currency, settings)).toBe(true);
        expect(closes(state, after(units - 1), currency, settings)).toBe(false);
        // The advised amount, when there is one, is more than the minimum.
        if (advice.toCover !== undefined) expect(advice.toCover).toBeGreaterThan(minimum);
      }),
      { numRuns: TOP_UP_RUNS },
    );
  });
});
