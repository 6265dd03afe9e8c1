import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { digestOf } from '../../lambda/alerting/digest';

/**
 * The policy settings the function's environment gives by default (LOW 100,000, CRITICAL
 * 25,000): each test spreads what it changes over them.
 */
export const BASE_SETTINGS: PolicySettings = {
  thresholds: { low: 100_000, critical: 25_000 },
  repeatAfterMinutes: 360,
  recoveryMarginPercent: 5,
  failureAlertAfter: 3,
  staleAfterMinutes: 4320,
  forecastHorizonMinutes: 240,
};

/**
 * Every kind of alert, as the policy makes them from one scripted week of a balance (a drain
 * with a FORECAST, LOW, CRITICAL and its reminders, a recovery, an outage with FAILING and its
 * reminder, stale data and its end), with the longest account name, plus a TEST. For tests of
 * what each channel renders.
 */
export function sampleEvents(account = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH)): AlertEvent[] {
  const settings: PolicySettings = {
    ...BASE_SETTINGS,
    recoveryMarginAmount: 5_000,
    staleAfterMinutes: 120,
    topUpCoverHours: 24,
  };
  const start = Date.parse('2026-12-01T07:00:00Z');
  const events: AlertEvent[] = [];
  let state: AlertState | undefined;
  let minute = 0;
  const step = (observation: Observation) => {
    const result = evaluate(
      state,
      observation,
      settings,
      new Date(start + minute * 60_000),
      account,
    );
    state = result.state;
    events.push(...result.events);
    minute += 5;
  };
  const sample = (balance: number, staleMinutes = 0) =>
    step({
      kind: 'sample',
      balance,
      currency: 'XOF',
      lastUpdate: new Date(start + (minute - staleMinutes) * 60_000).toISOString(),
    });
  // A drain of 30,000 an hour from 300,000 down to 10,000.
  for (let b = 300_000; b > 10_000; b -= 2_500) sample(b);
  // Low for 7 hours: reminders of CRITICAL, then back above CRITICAL: a reminder of LOW.
  for (let i = 0; i < 84; i += 1) sample(10_000);
  for (let i = 0; i < 80; i += 1) sample(60_000);
  sample(103_000);
  sample(400_000);
  // An outage of 7 hours: FAILING, a reminder, then FAILING_RESOLVED.
  for (let i = 0; i < 84; i += 1)
    step({
      kind: 'failure',
      failure: { kind: 'unavailable', status: 503, reason: 'the API failed (503)' },
    });
  sample(400_000);
  // Stale data, then fresh again.
  sample(400_000, 600);
  sample(400_000);
  const at = new Date(start + minute * 60_000).toISOString();
  const low = events.find((e) => e.severity === 'LOW');
  const failing = events.find((e) => e.severity === 'FAILING');
  events.push(
    {
      severity: 'ACKNOWLEDGED',
      account,
      at,
      about: 'CRITICAL',
      since: low?.at ?? at,
      by: 'Awa Diop Ndiaye Fall Sarr Mbaye Gueye F',
      acknowledgedAt: at,
    },
    {
      severity: 'ACKNOWLEDGED',
      account,
      at,
      about: 'FAILING',
      since: at,
      by: '',
      acknowledgedAt: at,
    },
    digestOf(state, settings, new Date(at), account, 'XOF'),
    digestOf(undefined, settings, new Date(at), account, 'XOF'),
    {
      severity: 'HELD',
      account,
      at,
      reason: 'quiet',
      events: [low, failing].filter((e): e is AlertEvent => e !== undefined),
      // As the outbox releases it: with the balance the releasing check read, lower than the
      // held LOW's own figure.
      latest: { balance: 80_000, currency: 'XOF', at },
    },
  );
  events.push({ severity: 'TEST', account, at });
  return events;
}
