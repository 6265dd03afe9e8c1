import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { catalogOf } from '../../lambda/messages/locales/all';
import { renderAlert } from '../../lambda/messages/render';
import { DEFAULT_OPERATOR_ROUTE } from '../../infra/config';
import { gsm7Length } from '../../lambda/messages/text';

/**
 * UNUSUAL_OUTFLOW's texts (issue 22): what was seen (how much went out, in how long, against
 * the usual pace for the hour) and what to check (payouts in progress, the API keys), in both
 * languages; the SMS one GSM-7 segment with the longest account name.
 */

const ACCOUNT = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
const event: AlertEvent = {
  severity: 'UNUSUAL_OUTFLOW',
  account: ACCOUNT,
  at: '2027-01-12T09:10:00.000Z',
  balance: 1_234_567_890,
  currency: 'XOF',
  reason: 'pace',
  outflow: 123_456_789,
  minutes: 10,
  outPerHour: 740_740_734,
  usualOutPerHour: 33_000,
};
const context = { timeZone: 'Africa/Dakar' };

describe('UNUSUAL_OUTFLOW texts', () => {
  it.each(['en', 'fr'] as const)(
    '%s: says what went out, in how long, against the usual, and what to check',
    (locale) => {
      const alert = renderAlert(event, locale, context);
      const amount = locale === 'en' ? /123,456,789/ : /123\s456\s789/u;
      for (const text of [alert.email, alert.sms]) {
        expect(text).toMatch(amount);
        expect(text).toMatch(/10 min/);
        expect(text).toMatch(
          locale === 'en' ? /99(x| times) the usual pace/ : /99 fois le rythme habituel/,
        );
        expect(text).toMatch(/API/);
      }
      expect(alert.email).toMatch(
        locale === 'en' ? /33,000 an hour/ : /33\s000\sF\sCFA par heure/u,
      );
      expect(alert.email).toMatch(locale === 'en' ? /payouts in progress/ : /paiements en cours/);
      expect(alert.subject).toMatch(locale === 'en' ? /UNUSUAL OUTFLOW/ : /SORTIES INHABITUELLES/);
    },
  );

  it.each(['en', 'fr'] as const)(
    '%s: the SMS is one GSM-7 segment with a 32-character name and huge figures',
    (locale) => {
      for (const e of [
        event,
        { ...event, reason: 'amount', usualOutPerHour: undefined },
      ] as AlertEvent[]) {
        const sms = renderAlert(e, locale, context).sms;
        expect(gsm7Length(sms), sms).toBeLessThanOrEqual(160);
        expect(sms.endsWith('...'), sms).toBe(false);
      }
    },
  );

  it.each([
    [
      'en',
      /more than the XOF\s2,000,000 set for this account/u,
      /more than the 30% of the balance \(XOF\s900,000\) set/u,
      /usually goes out in an hour/u,
    ],
    [
      'fr',
      /plus que les 2\s000\s000\sF\sCFA fixés pour ce compte/u,
      /plus que les 30 % du solde fixés \(900\s000\sF\sCFA\)/u,
      /il sort d'habitude environ/u,
    ],
  ] as const)(
    '%s: the amount and share rules name the limit crossed and the usual pace',
    (locale, amount, share, usual) => {
      const byAmount = renderAlert(
        { ...event, reason: 'amount', limit: 2_000_000 },
        locale,
        context,
      ).email;
      expect(byAmount).toMatch(amount);
      expect(byAmount).toMatch(usual);
      const byShare = renderAlert(
        { ...event, reason: 'share', limit: 900_000, sharePercent: 30 },
        locale,
        context,
      ).email;
      expect(byShare).toMatch(share);
    },
  );

  it('says no "times the usual" without a usual pace, nor under twice it', () => {
    for (const e of [
      { ...event, usualOutPerHour: undefined },
      { ...event, usualOutPerHour: 500_000_000 },
    ] as AlertEvent[])
      for (const locale of ['en', 'fr'] as const)
        expect(renderAlert(e, locale, context).sms).not.toMatch(/usual|habituel/);
  });

  it.each(['en', 'fr'] as const)(
    '%s: finance is told that IT is sent it too, under the default operator route',
    (locale) => {
      const told = catalogOf(locale).render.operatorsTold.email;
      const routed = renderAlert(event, locale, {
        ...context,
        operatorsHear: DEFAULT_OPERATOR_ROUTE,
      });
      expect(routed.email).toContain(told);
      // Not when IT's route leaves it out.
      const without = renderAlert(event, locale, {
        ...context,
        operatorsHear: { minLevel: 'NONE', also: ['FAILING', 'STALE'] },
      });
      expect(without.email).not.toContain(told);
    },
  );
});
