import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETAIL_CODES } from '../../lambda/contract/failure-detail';
import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { renderAlert } from '../../lambda/messages/render';
import { gsm7Length, SMS_MAX_SEPTETS } from '../../lambda/messages/text';
import { boundPropertyRuns } from '../support/fast-check';
import { amountsIn, holds, statementsAbout } from '../support/statements';
import { checkText } from '../support/text-truth';

boundPropertyRuns();

/**
 * Every statement true of the amount beside it: random series of readings and failures go
 * through the policy; every event it produces is rendered in both locales; every "below",
 * "above", "not yet above" and "will fall below" each text says of the balance is checked
 * against the numbers ("above" strictly: the policy's levels are ">=", so a balance equal to a
 * level is "at least", never "above" it), and every threshold it names against the settings.
 * Every SMS fits one GSM-7 segment (with the longest account name), every subject is one ASCII
 * line under 100 that keeps its time, no French text carries English words, writes a duration
 * as a time of day ("depuis 6 h"), or lets the ASCII subject say "a" for "à".
 */

/** "6 h" not followed by minutes: in French, a time of day ("18 h 05" always has its minutes). */
const FRENCH_BARE_HOURS = /\b\d+ h\b(?![\s\u00a0]*\d)/;

const ACCOUNT = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);

const settingsArb: fc.Arbitrary<PolicySettings> = fc.record({
  thresholds: fc.oneof(
    fc.constant({ low: 100_000, critical: 25_000 }),
    fc.constant({ low: 100_000, critical: undefined }),
    fc.constant({ low: 2_000, critical: 500 }),
    fc.constant({ low: 100_000, critical: 95_000 }),
  ),
  repeatAfterMinutes: fc.constantFrom(5, 30, 360),
  recoveryMarginPercent: fc.constantFrom(0, 5, 20),
  recoveryMarginAmount: fc.constantFrom(0, 1_000, 5_000),
  minBelowMinutes: fc.constantFrom(0, 0, 15),
  failureAlertAfter: fc.integer({ min: 1, max: 3 }),
  staleAfterMinutes: fc.constantFrom(30, 4320),
  forecastHorizonMinutes: fc.constantFrom(0, 240, 1440),
  runwayAlertHours: fc.constantFrom(undefined, 4),
  topUpCoverHours: fc.constantFrom(24, 72),
  coolOffMinutes: fc.constantFrom(0, 30),
});

const balanceArb = fc.oneof(
  fc.integer({ min: -20_000, max: 300_000 }),
  fc.integer({ min: 95_000, max: 125_000 }),
  fc.integer({ min: 20_000, max: 32_000 }),
  fc.integer({ min: -1_000, max: 3_000 }),
  fc.constantFrom(0, 500, 2_000, 25_000, 26_250, 95_000, 100_000, 103_000, 105_000),
);

const failureArb = fc.record({
  code: fc.constantFrom(...DETAIL_CODES),
  status: fc.constantFrom(401, 403, 500, 503),
  provider: fc.constantFrom(undefined, 'Clé API invalide', 'Unauthorized'),
});

const stepArb = fc.record({
  gapMinutes: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 30 }) },
    { weight: 2, arbitrary: fc.integer({ min: 30, max: 600 }) },
  ),
  observation: fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ balance: balanceArb, staleMinutes: fc.constantFrom(0, 0, 120) }),
    },
    { weight: 1, arbitrary: failureArb },
  ),
});

function eventsOf(
  settings: PolicySettings,
  steps: readonly { gapMinutes: number; observation: unknown }[],
) {
  let clock = Date.parse('2026-12-01T06:00:00Z');
  let state: AlertState | undefined;
  const events: AlertEvent[] = [];
  for (const step of steps as {
    gapMinutes: number;
    observation: {
      balance?: number;
      staleMinutes?: number;
      code?: (typeof DETAIL_CODES)[number];
      status?: number;
      provider?: string;
    };
  }[]) {
    clock += step.gapMinutes * 60_000;
    const o = step.observation;
    const observation: Observation =
      o.balance !== undefined
        ? {
            kind: 'sample',
            balance: o.balance,
            currency: 'XOF',
            lastUpdate: new Date(clock - (o.staleMinutes ?? 0) * 60_000).toISOString(),
          }
        : {
            kind: 'failure',
            failure: {
              kind: 'unavailable',
              reason: 'english log text',
              status: o.status ?? 500,
              attempts: 3,
              detail: {
                code: o.code ?? 'api-failed',
                status: o.status ?? 500,
                secretId: 'prod/dexchange',
                seconds: 5,
                ...(o.provider === undefined ? {} : { provider: o.provider }),
              },
            },
          };
    const result = evaluate(state, observation, settings, new Date(clock), ACCOUNT);
    state = result.state;
    events.push(...result.events);
  }
  return events;
}

describe('alert texts, over random lifecycles', () => {
  it('every statement is true of the amount beside it, in both locales, on every channel text', () => {
    let checked = 0;
    let statements = 0;
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(stepArb, { minLength: 5, maxLength: 60 }),
        (settings, steps) => {
          const problems: string[] = [];
          for (const event of eventsOf(settings, steps)) {
            for (const locale of ['en', 'fr'] as const) {
              const alert = renderAlert(event, locale, {
                timeZone: 'Africa/Dakar',
                topUp: { contact: 'Awa +221 77 123 45 67', url: 'https://pay.example.sn/recharge' },
              });
              checked += 1;
              for (const [where, text] of [
                ['email', alert.email],
                ['sms', alert.sms],
                ['subject', alert.subject],
              ] as const) {
                problems.push(
                  ...checkText(
                    text,
                    event,
                    settings,
                    locale,
                    `${event.severity} ${locale} ${where}`,
                  ),
                );
                if ('balance' in event && event.balance !== undefined)
                  statements += statementsAbout(text, event.balance, locale).length;
              }
              const septets = gsm7Length(alert.sms);
              if (septets === undefined || septets > SMS_MAX_SEPTETS || alert.sms.endsWith('...'))
                problems.push(
                  `${event.severity} ${locale}: SMS does not fit one segment: ${alert.sms}`,
                );
              if (!/^[\x20-\x7e]{1,99}$/.test(alert.subject) || alert.subject.endsWith('...'))
                problems.push(`${event.severity} ${locale}: subject "${alert.subject}"`);
              if (locale === 'fr') {
                // "à" stripped to "a" reads "has": "1 000 F CFA a 0 h 26", "a decouvert".
                if (/\ba (?=\d|decouvert)/.test(alert.subject))
                  problems.push(`${event.severity} fr: subject says "a" for "à": ${alert.subject}`);
                for (const text of [alert.email, alert.sms, alert.subject]) {
                  const bare = FRENCH_BARE_HOURS.exec(text);
                  if (bare !== null)
                    problems.push(
                      `${event.severity} fr: a duration reads as a time of day: "${text.slice(Math.max(0, bare.index - 20), bare.index + 20)}"`,
                    );
                }
              }
              // The subject keeps the amount (when there is one) and the account.
              if (!alert.subject.includes(ACCOUNT))
                problems.push(`${event.severity} ${locale}: subject lost the account`);
              if (
                ['LOW', 'CRITICAL', 'RECOVERED'].includes(event.severity) &&
                amountsIn(alert.subject, locale).length === 0
              )
                problems.push(
                  `${event.severity} ${locale}: subject lost the amount: ${alert.subject}`,
                );
            }
          }
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
    // The runs must produce many texts and statements, or the property proves little.
    expect(checked).toBeGreaterThan(2000);
    expect(statements).toBeGreaterThan(2000);
    console.info(
      `alert texts: ${checked} rendered, ${statements} statements about the balance checked`,
    );
  });

  it('the checker itself catches a false statement (so the property above can fail)', () => {
    const lie = 'The DEXCHANGE balance of account "x" is XOF\u00a0103,000, below XOF\u00a0100,000.';
    expect(statementsAbout(lie, 103_000, 'en').map(holds)).toEqual([false]);
    const mensonge = 'Rappel DEXCHANGE main : 103 000 F CFA, sous 100 000 F CFA.';
    expect(statementsAbout(mensonge, 103_000, 'fr').map(holds)).toEqual([false]);
    const truth =
      'est de 103\u202f000\u00a0F\u202fCFA : repassé au-dessus du seuil bas de 100\u202f000\u00a0F\u202fCFA, mais pas encore au-dessus de 105\u202f000\u00a0F\u202fCFA.';
    expect(statementsAbout(truth, 103_000, 'fr').map(holds)).toEqual([true, true]);
  });

  it('the checker reads "above" strictly: an amount equal to the level is not above it', () => {
    // What RECOVERED and the top-up line said of a balance of exactly the recovery level.
    const equal =
      'The DEXCHANGE balance of account "x" is back to XOF\u00a0105,000, above XOF\u00a0105,000.';
    expect(statementsAbout(equal, 105_000, 'en').map(holds)).toEqual([false]);
    const egal =
      'Le solde DEXCHANGE du compte « x » est remonté à 105\u202f000\u00a0F\u202fCFA, au-dessus de 105\u202f000\u00a0F\u202fCFA.';
    expect(statementsAbout(egal, 105_000, 'fr').map(holds)).toEqual([false]);
    const atCritical =
      'The DEXCHANGE balance of account "x" is XOF\u00a025,000, above the critical threshold of XOF\u00a025,000';
    expect(statementsAbout(atCritical, 25_000, 'en').map(holds)).toEqual([false]);
    // "At least" and "no longer below" are true of an equal amount.
    const atLeast =
      'is XOF\u00a0105,000: back to at least XOF\u00a0105,000, which closes the alert.';
    expect(statementsAbout(atLeast, 105_000, 'en').map(holds)).toEqual([true]);
    const plusSous =
      "est de 100\u202f000\u00a0F\u202fCFA : il n'est plus sous le seuil bas de 100\u202f000\u00a0F\u202fCFA, mais toujours sous 105\u202f000\u00a0F\u202fCFA";
    expect(statementsAbout(plusSous, 100_000, 'fr').map(holds)).toEqual([true, true]);
    // How much to add is not a statement about the balance.
    const advice =
      'Minimum XOF\u00a0105,000 to close the alert; advised XOF\u00a0205,000 to cover 24 hours at the current pace.';
    expect(statementsAbout(advice, 105_000, 'en')).toEqual([]);
    const conseil =
      "Rechargez : minimum 105\u202f000\u00a0F\u202fCFA pour clore l'alerte. Conseillé 105\u202f000\u00a0F\u202fCFA pour 24 heures.";
    expect(statementsAbout(conseil, 105_000, 'fr')).toEqual([]);
  });

  it('the French checks catch a bare "6 h" and an ASCII "a" before a time', () => {
    expect(FRENCH_BARE_HOURS.test('sous 100 000 F CFA depuis 6 h.')).toBe(true);
    expect(FRENCH_BARE_HOURS.test('(30 min à 3 h)')).toBe(true);
    expect(FRENCH_BARE_HOURS.test('depuis 6 heures, le 28 nov. à 18 h 05')).toBe(false);
    expect(FRENCH_BARE_HOURS.test('depuis 6 h 20 min')).toBe(false);
    expect(/\ba (?=\d|decouvert)/.test('1 000 F CFA a 0 h 26')).toBe(true);
    expect(/\ba (?=\d|decouvert)/.test('1 000 F CFA, 0 h 26')).toBe(false);
  });
});
