import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent, Locale } from '../../lambda/alerting/types';
import { renderChat } from '../../lambda/channels/chat';
import { renderTelegram } from '../../lambda/channels/telegram';
import { renderWebhook } from '../../lambda/channels/webhook';
import { howMuchNow, howMuchSentence } from '../../lambda/messages/how-much';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { escalatedDraft } from '../../lambda/messages/escalation-note';
import { draftOf, renderAlert, type RenderContext } from '../../lambda/messages/render';
import { boundPropertyRuns } from '../support/fast-check';
import { BASE_SETTINGS } from '../support/sample-events';

boundPropertyRuns();

/**
 * One answer to "how much", as a recipient reads it: the exact minimum that closes the alert
 * and the advised cover at the pace, with the same labels in the e-mail, the SMS, chat,
 * Telegram, webhooks and the acknowledge page's sentence; nothing asked in the recovery band.
 * The events come from the policy itself, so that the figures are the ones a check sends.
 */

const T0 = Date.parse('2026-12-07T08:00:00Z');
const dakar: RenderContext = { timeZone: 'Africa/Dakar', topUp: { contact: 'Awa 77 123 45 67' } };
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** The events of each check, reading `balances` 10 minutes apart. */
function checks(balances: readonly number[], settings: PolicySettings = BASE_SETTINGS) {
  let state: AlertState | undefined;
  return balances.map((balance, i) => {
    const at = new Date(T0 + i * 10 * 60_000);
    const observation = {
      kind: 'sample',
      balance,
      currency: 'XOF',
      lastUpdate: at.toISOString(),
    } as const;
    const result = evaluate(state, observation, settings, at, 'Boutique Thiès');
    state = result.state;
    return result.events;
  });
}

/** Every text a channel shows of `event`, in `locale`. */
function everyText(event: AlertEvent, locale: Locale) {
  const alert = renderAlert(event, locale, dakar);
  const chat = renderChat({ id: 'e1', event }, locale, dakar).content;
  return {
    email: plain(alert.email),
    sms: plain(alert.sms),
    chat: plain([chat.description, ...(chat.nextSteps ?? [])].join('\n')),
    telegram: plain(renderTelegram({ event }, locale, dakar)),
    webhook: plain(renderWebhook({ id: 'e1', event }, locale, dakar).text.body),
  };
}

describe('one answer to "how much"', () => {
  // 6,000 an hour less, every 10 minutes: 99,500 at the 12th check, LOW with a pace.
  const drain = Array.from({ length: 12 }, (_, i) => 110_500 - i * 1000);
  const low = checks(drain).at(-1)?.[0] as AlertEvent;

  it('a LOW with a pace: the exact minimum and the advised cover, in one sentence, the same on every channel', () => {
    expect(low).toMatchObject({ severity: 'LOW', balance: 99_500 });
    // 105,000 - 99,500 = 5,500 closes it; 105,000 + 24 × 6,000 - 99,500 = 149,500 covers a day.
    expect(low).toMatchObject({ topUp: { toRecover: 5500, toCover: 150_000, hours: 24 } });
    const sentence = {
      en: 'Minimum XOF 5,500 to close the alert; advised XOF 150,000 to cover 24 hours at the current pace.',
      fr: "Minimum 5 500 F CFA pour clore l'alerte ; conseillé 150 000 F CFA pour couvrir 24 heures au rythme actuel.",
    };
    for (const locale of ['en', 'fr'] as const) {
      const texts = everyText(low, locale);
      for (const where of ['email', 'chat', 'telegram', 'webhook'] as const)
        expect(texts[where], `${locale} ${where}`).toContain(sentence[locale]);
      // Never two "at least" amounts: one minimum, one advised.
      for (const text of Object.values(texts)) {
        expect(text).not.toMatch(/at least XOF|au moins \d/);
        expect(text.match(/Minimum|minimum/g)).toHaveLength(1);
      }
    }
    // The SMS: the minimum first, then the advised when it fits.
    expect(everyText(low, 'en').sms).toContain(
      'Top up. Minimum XOF 5,500 to close the alert. Advised XOF 150,000 for 24 h.',
    );
    expect(everyText(low, 'fr').sms).toContain(
      "Rechargez. Minimum 5 500 F CFA pour clore l'alerte. Conseillé 150 000 F CFA pour 24 heures.",
    );
  });

  it('the e-mail says in one sentence where the alert closes, and why there', () => {
    expect(everyText(low, 'en').email).toContain(
      'The alert closes when the balance reaches XOF 105,000: the low threshold plus a margin, so that a balance hovering around the threshold does not alert again and again.',
    );
    expect(everyText(low, 'fr').email).toContain(
      "L'alerte prend fin quand le solde atteint 105 000 F CFA : le seuil bas plus une marge, pour qu'un solde qui oscille autour du seuil ne relance pas l'alerte à chaque contrôle.",
    );
  });

  it('from 1,000 under a LOW of 5,000: a minimum of 4,250, not 5,000; 5,249 does not close it, 5,250 does', () => {
    const settings = { ...BASE_SETTINGS, thresholds: { low: 5000, critical: undefined } };
    const [opened] = checks([1000], settings);
    const event = opened?.[0] as AlertEvent;
    expect(event).toMatchObject({ severity: 'LOW', recovery: 5250, topUp: { toRecover: 4250 } });
    const en = everyText(event, 'en');
    expect(en.email).toContain('Minimum XOF 4,250 to close the alert.');
    expect(en.sms).toContain('Minimum XOF 4,250 to close the alert.');
    expect(en.email).not.toMatch(/5,000 to|advised/i);
    expect(everyText(event, 'fr').sms).toContain("Minimum 4 250 F CFA pour clore l'alerte.");
    // The policy agrees: 1,000 + 4,250 closes the alert, one franc less does not.
    const after = (balance: number) => checks([1000, balance], settings)[1]?.map((e) => e.severity);
    expect(after(5250)).toEqual(['RECOVERED']);
    expect(after(5249)).toEqual([]);
  });

  it('a reminder in the recovery band: back above LOW, closes at the recovery level, no top-up asked', () => {
    // LOW at 90,000, then 102,000 six hours later: at LOW or above, below 105,000.
    const balances = [90_000, ...Array.from({ length: 36 }, () => 102_000)];
    const reminder = checks(balances).at(-1)?.[0] as AlertEvent;
    expect(reminder).toMatchObject({ severity: 'REMINDER', balance: 102_000 });
    const fr = everyText(reminder, 'fr');
    expect(fr.sms).toBe(
      "Rappel DEXCHANGE Boutique Thiès : 102 000 F CFA, repassé au-dessus du seuil bas de 100 000 F CFA. L'alerte prend fin à 105 000 F CFA. Rien à faire.",
    );
    expect(fr.email).toContain(
      "Le solde DEXCHANGE du compte « Boutique Thiès » est de 102 000 F CFA : il est repassé au-dessus du seuil bas de 100 000 F CFA.\nL'alerte prend fin quand le solde atteint 105 000 F CFA : le seuil bas plus une marge,",
    );
    expect(fr.email).toContain(
      "À faire : rien pour l'instant ; aucune recharge n'est nécessaire pour clore l'alerte.",
    );
    const en = everyText(reminder, 'en');
    expect(en.sms).toBe(
      'Reminder DEXCHANGE Boutique Thiès: XOF 102,000, back above the low threshold of XOF 100,000. The alert closes at XOF 105,000. Nothing to do.',
    );
    // The subject is not tagged as still low: it says where the balance is.
    expect(renderAlert(reminder, 'fr', dakar).subject).toBe(
      '[RAPPEL] Solde DEXCHANGE de Boutique Thies : 102 000 F CFA, au-dessus du seuil bas',
    );
    expect(renderAlert(reminder, 'en', dakar).subject).toBe(
      '[REMINDER] DEXCHANGE balance of Boutique Thies: XOF 102,000, above the low threshold',
    );
    for (const text of [...Object.values(fr), ...Object.values(en)]) {
      expect(text).not.toMatch(/Minimum|minimum|Rechargez|rechargez|Top up|top up the/);
      expect(text).not.toMatch(/3[ ,]000/);
      expect(text).not.toMatch(/épisode|episode/);
    }
  });

  it('a reminder in the recovery band with a draining pace offers the advised cover, as advice only', () => {
    const reminder: AlertEvent = {
      severity: 'REMINDER',
      remindsOf: 'LOW',
      account: 'main',
      at: '2026-12-07T14:00:00.000Z',
      since: '2026-12-07T08:00:00.000Z',
      balance: 102_000,
      currency: 'XOF',
      threshold: 100_000,
      low: 100_000,
      recovery: 105_000,
      topUp: { toRecover: 3000, toCover: 150_000, hours: 24 },
    };
    const en = everyText(reminder, 'en');
    expect(en.email).toContain(
      'What to do: nothing for now; no top-up is needed to close the alert.\nAdvised XOF 150,000 to cover 24 hours at the current pace.\nContact: Awa 77 123 45 67',
    );
    expect(en.email).not.toMatch(/Minimum|3,000/);
    // The SMS asks nothing: no amount at all.
    expect(en.sms).not.toMatch(/150,000|Advised/);
    expect(everyText(reminder, 'fr').email).toContain(
      'Conseillé 150 000 F CFA pour couvrir 24 heures au rythme actuel.',
    );
  });
});

describe('howMuchSentence: the same sentence for the acknowledge page', () => {
  const advice = { toRecover: 4250, toCover: 150_000, hours: 24 };

  it('is the catalog sentence, with the minimum only while an alert is open to close', () => {
    expect(plain(howMuchSentence(advice, true, 'XOF', 'en') ?? '')).toBe(
      'Minimum XOF 4,250 to close the alert; advised XOF 150,000 to cover 24 hours at the current pace.',
    );
    expect(plain(howMuchSentence(advice, false, 'XOF', 'fr') ?? '')).toBe(
      'Conseillé 150 000 F CFA pour couvrir 24 heures au rythme actuel.',
    );
  });

  it('gives the minimum alone without a pace, or when the advised is not above it; nothing when nothing is to add', () => {
    expect(plain(howMuchSentence({ toRecover: 4250 }, true, 'XOF', 'en') ?? '')).toBe(
      'Minimum XOF 4,250 to close the alert.',
    );
    const notAbove = { toRecover: 4250, toCover: 4250, hours: 24 };
    expect(plain(howMuchSentence(notAbove, true, 'XOF', 'fr') ?? '')).toBe(
      "Minimum 4 250 F CFA pour clore l'alerte.",
    );
    expect(howMuchSentence({ toRecover: 0 }, true, 'XOF', 'en')).toBeUndefined();
    expect(howMuchSentence({ toRecover: 4250 }, false, 'XOF', 'en')).toBeUndefined();
    expect(howMuchSentence(undefined, true, 'XOF', 'en')).toBeUndefined();
  });

  it('states the minimum to the currency unit: cents in euros', () => {
    expect(howMuchSentence({ toRecover: 9.51 }, true, 'EUR', 'en')).toBe(
      'Minimum EUR\u00a09.51 to close the alert.',
    );
  });

  it('howMuchNow works it out as a check does: below LOW both amounts, in the recovery band the advice alone', () => {
    const now = { currency: 'XOF', low: 100_000, recovery: 105_000, hours: 24 };
    const pace = { perHour: -6000, activeMinutes: 1440 };
    expect(plain(howMuchNow({ ...now, balance: 99_500, pace }, 'en') ?? '')).toBe(
      'Minimum XOF 5,500 to close the alert; advised XOF 150,000 to cover 24 hours at the current pace.',
    );
    expect(plain(howMuchNow({ ...now, balance: 102_000, pace }, 'fr') ?? '')).toBe(
      'Conseillé 150 000 F CFA pour couvrir 24 heures au rythme actuel.',
    );
    expect(howMuchNow({ ...now, balance: 102_000 }, 'en')).toBeUndefined();
    expect(plain(howMuchNow({ ...now, balance: 1000 }, 'en') ?? '')).toBe(
      'Minimum XOF 104,000 to close the alert.',
    );
  });
});

describe('the SMS never gives the advised amount without the minimum', () => {
  // Letters of every width GSM-7 knows, accents it has and some it lacks (replaced).
  const letter = fc.constantFrom('W', 'a', 'é', 'è', 'Ç', 'ç', 'ô', 'K', ' ');
  const name = fc
    .array(letter, { minLength: 1, maxLength: ACCOUNT_NAME_MAX_LENGTH })
    .map((chars) => `W${chars.join('')}`.slice(0, ACCOUNT_NAME_MAX_LENGTH).trim());
  const at = '2026-12-02T13:45:00.000Z';

  it('an SMS that states an advised amount also states the minimum, whatever the name, level, history or escalation', () => {
    fc.assert(
      fc.property(
        name,
        fc.constantFrom('LOW', 'CRITICAL', 'REMINDER LOW', 'REMINDER CRITICAL'),
        // Below LOW, up to the amounts' longest digits.
        fc.integer({ min: -999_999_999, max: 99_999 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(undefined, 'Awa Diop, +221 77 000 00 00'),
        fc.constantFrom<'en' | 'fr'>('en', 'fr'),
        (account, kind, balance, cover, unstable, escalated, contact, locale) => {
          const toRecover = 105_000 - balance;
          const common = {
            account,
            at,
            since: '2026-12-01T13:45:00.000Z',
            balance,
            currency: 'XOF',
            recovery: 105_000,
            low: 100_000,
            topUp: { toRecover, toCover: toRecover + cover, hours: 24 },
          };
          const critical = kind.endsWith('CRITICAL');
          const threshold = critical ? 25_000 : 100_000;
          const event: AlertEvent = kind.startsWith('REMINDER')
            ? {
                severity: 'REMINDER',
                remindsOf: critical ? 'CRITICAL' : 'LOW',
                ...common,
                threshold,
              }
            : {
                severity: critical ? 'CRITICAL' : 'LOW',
                ...common,
                threshold,
                ...(unstable
                  ? { unstable: { endedAt: '2026-12-02T13:20:00.000Z', coolOffMinutes: 30 } }
                  : {}),
              };
          const context: RenderContext = {
            timeZone: 'Africa/Dakar',
            ...(contact === undefined ? {} : { topUp: { contact } }),
          };
          const note = {
            tier: 'direction',
            afterMinutes: 30,
            told: [{ at: '2026-12-02T13:15:00.000Z' }],
          };
          const draft = escalated
            ? escalatedDraft(draftOf(event, locale, context), event, note, locale, context)
            : undefined;
          const sms = renderAlert(event, locale, context, draft).sms;
          if (/Advised|Conseillé/.test(sms)) expect(sms).toMatch(/[Mm]inimum/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an unstable LOW says how much before it says that the balance fell again, in both languages', () => {
    const low: AlertEvent = {
      severity: 'LOW',
      account: 'Boutique Thiès',
      at,
      since: at,
      balance: 97_500,
      currency: 'XOF',
      threshold: 100_000,
      low: 100_000,
      recovery: 105_000,
      topUp: { toRecover: 7500, toCover: 730_000, hours: 24 },
      unstable: { endedAt: '2026-12-02T13:20:00.000Z', coolOffMinutes: 30 },
    };
    expect(plain(renderAlert(low, 'en', dakar).sms)).toBe(
      'DEXCHANGE Boutique Thiès: balance XOF 97,500, below XOF 100,000. Top up. Minimum XOF 7,500 to close the alert. Advised XOF 730,000 for 24 h. Awa 77 123 45 67.',
    );
    expect(plain(renderAlert(low, 'fr', dakar).sms)).toBe(
      "DEXCHANGE Boutique Thiès : solde 97 500 F CFA, sous 100 000 F CFA. Rechargez. Minimum 7 500 F CFA pour clore l'alerte. Conseillé 730 000 F CFA pour 24 heures.",
    );
  });
});
