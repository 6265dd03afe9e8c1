import { describe, expect, it } from 'vitest';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import { judgeSingleDebit } from '../../lambda/alerting/single-debit';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';
import { loadLifecycleSettings } from '../../lambda/config';
import type { CallbackHint } from '../../lambda/contract/callback-body';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { renderAlert } from '../../lambda/messages/render';
import { renderWebhook } from '../../lambda/channels/webhook';
import { alertEventSchema } from '../../lambda/alerting/event-schema';
import { createWebhookValidator } from '../../tools/webhook-receiver';
import { gsm7Length } from '../../lambda/messages/text';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * UNUSUAL_OUTFLOW "from callbacks, a single debit above a configured amount" (issue 22, item
 * 4): off by default; when set, it needs both the callback (a completed debit of at least the
 * amount) and the GET (the balance fell by at least as much since the previous reading).
 */

const PREVIOUS = { balance: 2_000_000, at: '2027-03-01T10:40:00.000Z' };
const AT = '2027-03-01T10:43:00.000Z';
const DEBIT: CallbackHint = {
  amount: 300_000,
  status: 'SUCCESS',
  type: 'CASHOUT',
  completedAt: Date.parse('2027-03-01T10:42:00.000Z'),
  currentBalance: 1_700_000,
};

describe('judgeSingleDebit', () => {
  const judge = (hint: CallbackHint | undefined, balance = 1_690_000, amount = 250_000) =>
    judgeSingleDebit(hint, PREVIOUS, balance, AT, amount);

  it('fires on a completed debit of at least the amount that the reading confirms', () => {
    const told = {
      debit: 300_000,
      debitAt: '2027-03-01T10:42:00.000Z',
      fell: 310_000,
      minutes: 3,
    };
    expect(judge(DEBIT)).toEqual(told);
    // The SDK's casing varies; airtime goes out too.
    expect(judge({ ...DEBIT, status: 'success', type: 'cashout' })).toEqual(told);
    expect(judge({ ...DEBIT, type: 'AIRTIME' })).toEqual(told);
    // Exactly the amount, both ways.
    expect(judge({ ...DEBIT, amount: 250_000 }, 1_750_000)).toEqual({
      ...told,
      debit: 250_000,
      fell: 250_000,
    });
  });

  it('never fires on the callback alone: the reading must have fallen by the amount', () => {
    // A forged callback: DEXCHANGE's balance did not move (or barely).
    expect(judge(DEBIT, 2_000_000)).toBeUndefined();
    expect(judge(DEBIT, 1_750_001)).toBeUndefined();
    // A fall with no callback, or a callback that names no completed debit of that size.
    expect(judge(undefined)).toBeUndefined();
    expect(judge({ ...DEBIT, amount: 249_999 })).toBeUndefined();
    expect(judge({ ...DEBIT, amount: undefined })).toBeUndefined();
    expect(judge({ ...DEBIT, status: 'PENDING' })).toBeUndefined();
    expect(judge({ ...DEBIT, status: 'FAILED' })).toBeUndefined();
    expect(judge({ ...DEBIT, status: undefined })).toBeUndefined();
    expect(judge({ ...DEBIT, type: 'CASHIN' })).toBeUndefined();
    expect(judge({ ...DEBIT, type: undefined })).toBeUndefined();
    // An old callback replayed: its debit completed before the previous reading.
    expect(
      judge({ ...DEBIT, completedAt: Date.parse('2027-03-01T09:00:00.000Z') }),
    ).toBeUndefined();
    // A forged callback naming a debit larger than the fall read (the reviewer's case: 50 M
    // against a fall of 1.05 M): the balance did not lose it, so it is not told.
    expect(judge({ ...DEBIT, amount: 50_000_000 }, 950_000, 1_000_000)).toBeUndefined();
    expect(judge({ ...DEBIT, amount: 310_000 * 1.05 + 1 })).toBeUndefined();
    expect(judge({ ...DEBIT, amount: 310_000 * 1.05 })).toEqual({
      debit: 310_000 * 1.05,
      debitAt: '2027-03-01T10:42:00.000Z',
      fell: 310_000,
      minutes: 3,
    });
    // A callback with no COMPLETED_AT names no debit in time.
    expect(judge({ ...DEBIT, completedAt: undefined })).toBeUndefined();
    // Off, or nothing to compare with.
    expect(judge(DEBIT, 1_690_000, 0)).toBeUndefined();
    expect(judgeSingleDebit(DEBIT, PREVIOUS, 1_690_000, AT, undefined)).toBeUndefined();
    expect(judgeSingleDebit(DEBIT, undefined, 1_690_000, AT, 250_000)).toBeUndefined();
  });
});

describe('the single-debit rule in the policy', () => {
  const settings: PolicySettings = {
    ...BASE_SETTINGS,
    outflow: { windowMinutes: 60, singleDebitAmount: 250_000 },
  };
  const sample = (balance: number, hint?: CallbackHint) => ({
    kind: 'sample' as const,
    balance,
    currency: 'XOF',
    lastUpdate: AT,
    ...(hint === undefined ? {} : { offSchedule: true, hint }),
  });
  const first = evaluate(undefined, sample(2_000_000), settings, new Date(PREVIOUS.at), 'main');

  it('raises one UNUSUAL_OUTFLOW that says the debit, the fall read and when, then re-arms', () => {
    const raised = evaluate(first.state, sample(1_690_000, DEBIT), settings, new Date(AT), 'main');
    expect(raised.events).toEqual([
      {
        severity: 'UNUSUAL_OUTFLOW',
        account: 'main',
        at: AT,
        balance: 1_690_000,
        currency: 'XOF',
        reason: 'debit',
        outflow: 310_000,
        minutes: 3,
        outPerHour: 6_200_000,
        debit: 300_000,
        debitAt: '2027-03-01T10:42:00.000Z',
      },
    ]);
    expect(raised.state.outflowSentAt).toBe(AT);
    // A second one soon after is the same run: said once.
    const again = evaluate(
      raised.state,
      sample(1_300_000, { ...DEBIT, completedAt: Date.parse('2027-03-01T10:50:00.000Z') }),
      settings,
      new Date('2027-03-01T10:51:00.000Z'),
      'main',
    );
    expect(again.events).toEqual([]);
  });

  it('is off by default: the same callback and fall raise nothing', () => {
    const defaults = loadLifecycleSettings({});
    expect(defaults.outflow.singleDebitAmount).toBeUndefined();
    const off: PolicySettings = { ...BASE_SETTINGS, outflow: defaults.outflow };
    const state: AlertState = evaluate(
      undefined,
      sample(2_000_000),
      off,
      new Date(PREVIOUS.at),
      'main',
    ).state;
    expect(evaluate(state, sample(1_690_000, DEBIT), off, new Date(AT), 'main').events).toEqual([]);
    expect(
      loadLifecycleSettings({ OUTFLOW_SINGLE_DEBIT_AMOUNT: '250000' }).outflow.singleDebitAmount,
    ).toBe(250_000);
    expect(() => loadLifecycleSettings({ OUTFLOW_SINGLE_DEBIT_AMOUNT: '-1' })).toThrow(
      /OUTFLOW_SINGLE_DEBIT_AMOUNT/,
    );
  });
});

describe('its texts', () => {
  const event: AlertEvent = {
    severity: 'UNUSUAL_OUTFLOW',
    account: 'main',
    at: AT,
    balance: 1_690_000,
    currency: 'XOF',
    reason: 'debit',
    outflow: 310_000,
    minutes: 3,
    outPerHour: 6_200_000,
    usualOutPerHour: 40_000,
    debit: 300_000,
    debitAt: '2027-03-01T10:42:00.000Z',
  };
  const context = { timeZone: 'Africa/Dakar' };

  it.each([
    ['en', /one debit of XOF\s300,000/iu, /at 10:42/, /XOF\s40,000 usually goes out in an hour/u],
    ['fr', /un paiement de 300\s000\sF\sCFA en une/iu, /à 10 h 42/, /40\s000\sF\sCFA par heure/u],
  ] as const)(
    '%s: the fall read first, then one debit of X at HH:MM, against the usual',
    (locale, debit, time, usual) => {
      const alert = renderAlert(event, locale, context);
      expect(alert.subject).toMatch(debit);
      expect(alert.email).toMatch(debit);
      expect(alert.email).toMatch(time);
      const fall =
        locale === 'en'
          ? /went down XOF\s310,000 in 3 minutes/u
          : /a baissé de 310\s000\sF\sCFA en 3 min/u;
      expect(alert.email).toMatch(fall);
      // The fall the balance read comes before the debit the notification names.
      expect(alert.email.search(fall)).toBeLessThan(alert.email.search(debit));
      expect(alert.email).toMatch(usual);
      expect(alert.email).toMatch(locale === 'en' ? /API keys/ : /clés API/);
      // The SMS: the fall, then the debit within it (not a debit against an hourly rate).
      expect(alert.sms).toMatch(
        locale === 'en'
          ? /down XOF\s310,000 in 3 min, incl\. one debit of XOF\s300,000/u
          : /310\s000\sF\sCFA de moins en 3 min, dont un paiement de 300\s000\sF\sCFA/u,
      );
      // One segment, even with the longest name and huge figures.
      const long = renderAlert(
        {
          ...event,
          account: 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH),
          debit: 123_456_789_012,
          outflow: 123_456_789_012,
          usualOutPerHour: 987_654_321,
        },
        locale,
        context,
      ).sms;
      expect(gsm7Length(long), long).toBeLessThanOrEqual(160);
    },
  );

  it('is stored whole, and its webhook body validates against the documented schema', () => {
    expect(alertEventSchema.parse(event)).toEqual(event);
    const body = renderWebhook({ id: 'main/debit/1', event }, 'en', context);
    expect(createWebhookValidator()(body)).toEqual([]);
    expect(body.event).toMatchObject({ reason: 'debit', debit: 300_000, debitAt: event.debitAt });
  });
});
