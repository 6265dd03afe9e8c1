import { describe, expect, it } from 'vitest';
import { DETAIL_CODES } from '../../lambda/contract/failure-detail';
import type { AlertEvent, Locale, ThresholdEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { renderAlert, renderTitle, type RenderContext } from '../../lambda/messages/render';
import { formatAmount, gsm7Length, toAsciiSubject, toGsm7 } from '../../lambda/messages/text';
import { dateTime, formatDuration } from '../../lambda/messages/words';
import { sampleEvents } from '../support/sample-events';

/** The texts as a recipient reads them: words, amounts, times, what to do, in both locales. */

const dakar: RenderContext = { timeZone: 'Africa/Dakar' };
const event = (overrides: Partial<ThresholdEvent> = {}): ThresholdEvent => ({
  severity: 'LOW',
  account: 'Boutique Dakar',
  at: '2026-11-28T18:05:00.000Z',
  since: '2026-11-28T18:05:00.000Z',
  balance: 45_000,
  currency: 'XOF',
  threshold: 100_000,
  recovery: 105_000,
  topUp: { toRecover: 60_000 },
  ...overrides,
});
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('amounts', () => {
  it('reads "45 000 F CFA" in French and "XOF 45,000" in English', () => {
    expect(plain(formatAmount(45_000, 'XOF', 'fr'))).toBe('45 000 F CFA');
    expect(plain(formatAmount(45_000, 'XOF', 'en'))).toBe('XOF 45,000');
    expect(plain(formatAmount(-1_500, 'XOF', 'en'))).toBe('-XOF 1,500');
  });

  it('still shows the number for a currency Intl does not know', () => {
    expect(formatAmount(1234, 'ZZZ', 'en')).toMatch(/1,234/);
  });
});

describe('times', () => {
  it('are read in the schedule zone, in each locale style: "28 nov. à 18 h 05" / "Nov 28, 6:05 pm"', () => {
    expect(dateTime('2026-11-28T18:05:00.000Z', 'fr', 'Africa/Dakar')).toBe('28 nov. à 18 h 05');
    expect(dateTime('2026-11-28T18:05:00.000Z', 'en', 'Africa/Dakar')).toBe('Nov 28, 6:05 pm');
    expect(dateTime('2026-11-28T18:05:00.000Z', 'fr', 'Europe/Paris')).toBe('28 nov. à 19 h 05');
    expect(dateTime('2026-11-28T00:05:00.000Z', 'en', 'Africa/Dakar')).toBe('Nov 28, 12:05 am');
  });

  it('the first of the month is "1er" in French', () => {
    expect(dateTime('2026-12-01T13:35:00.000Z', 'fr', 'Africa/Dakar')).toBe('1er déc. à 13 h 35');
    expect(dateTime('2026-12-02T13:35:00.000Z', 'fr', 'Africa/Dakar')).toBe('2 déc. à 13 h 35');
    expect(dateTime('2026-12-21T13:35:00.000Z', 'fr', 'Africa/Dakar')).toBe('21 déc. à 13 h 35');
    expect(dateTime('2026-12-01T13:35:00.000Z', 'en', 'Africa/Dakar')).toBe('Dec 1, 1:35 pm');
  });
});

describe('durations', () => {
  it('in French, whole hours and days are written out, so that none reads as a time of day', () => {
    const fr = (minutes: number) => formatDuration(minutes, 'fr');
    expect(fr(45)).toBe('45 min');
    expect(fr(60)).toBe('1 heure');
    expect(fr(360)).toBe('6 heures');
    expect(fr(380)).toBe('6 h 20 min');
    expect(fr(1440)).toBe('1 jour');
    expect(fr(3 * 1440)).toBe('3 jours');
    expect(fr(2 * 1440 + 240)).toBe('2 jours et 4 heures');
    expect(fr(1440 + 60)).toBe('1 jour et 1 heure');
  });

  it('in English they stay short', () => {
    expect(formatDuration(360, 'en')).toBe('6 h');
    expect(formatDuration(380, 'en')).toBe('6 h 20 min');
    expect(formatDuration(2 * 1440 + 240, 'en')).toBe('2 d 4 h');
  });
});

describe('GSM-7', () => {
  it('turns non-breaking spaces into plain ones and replaces letters GSM-7 lacks', () => {
    expect(toGsm7('45\u202f000\u00a0F\u202fCFA')).toBe('45 000 F CFA');
    expect(toGsm7('Reçu, fenêtre, âge, côté, île, sûr')).toBe('Recu, fenetre, age, coté, ile, sur');
    expect(toGsm7('élève à Noël 🚨')).toBe('élève à Noel ?');
  });

  it('counts extension characters twice and refuses characters outside the alphabet', () => {
    expect(gsm7Length('abc')).toBe(3);
    expect(gsm7Length('€5')).toBe(3);
    expect(gsm7Length('ç')).toBeUndefined();
  });
});

describe('subjects', () => {
  it('are one ASCII line under 100 characters', () => {
    const subject = toAsciiSubject(`Solde critique\n${'é'.repeat(200)}`);
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('keep the severity, the account, the amount and the time, dropping the decoration first', () => {
    const long = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
    const fits = renderAlert(
      event({ account: long, balance: 999_999_999_999, threshold: 1_000_000_000_000 }),
      'fr',
      dakar,
    ).subject;
    expect(fits).toBe(`[BAS] Solde DEXCHANGE de ${long} : 999 999 999 999 F CFA, 18 h 05`);
    const forecast: AlertEvent = {
      severity: 'FORECAST',
      reason: 'low',
      account: long,
      at: '2026-11-28T18:05:00.000Z',
      balance: 999_999_999_999,
      currency: 'XOF',
      threshold: 999_999_999_000,
      perHour: -1_000,
      toLow: { minutes: 3_000, earliest: 2_000, latest: 4_000 },
      toZero: { minutes: 9_000, earliest: 8_000, latest: 9_999 },
    };
    expect(renderAlert(forecast, 'en', dakar).subject).toBe(
      `[FORECAST] ${long} below XOF 999,999,999,000 around Nov 30, 8:05 pm`,
    );
    expect(renderAlert(forecast, 'fr', dakar).subject).toBe(
      `[PREVISION] ${long} sous 999 999 999 000 F CFA vers le 30 nov., 20 h 05`,
    );
  });
});

describe('alert texts', () => {
  it('English LOW: the account, the amount, the threshold, the time in Dakar, what to do and how much', () => {
    const alert = renderAlert(event(), 'en', dakar);
    expect(alert.subject).toBe('[LOW] DEXCHANGE balance of Boutique Dakar: XOF 45,000 at 6:05 pm');
    expect(plain(alert.email)).toContain(
      'The DEXCHANGE balance of account "Boutique Dakar" is XOF 45,000, below the low threshold of XOF 100,000.',
    );
    expect(plain(alert.email)).toContain(
      'Minimum XOF 60,000 to close the alert.\nThe alert closes when the balance reaches XOF 105,000: the low threshold plus a margin, so that a balance hovering around the threshold does not alert again and again.',
    );
    expect(plain(alert.email)).toContain(
      'Checked on Nov 28 at 6:05 pm. Times are Dakar (GMT) time.',
    );
    expect(alert.sms).toBe(
      'DEXCHANGE Boutique Dakar: balance XOF 45,000, below XOF 100,000. Top up. Minimum XOF 60,000 to close the alert.',
    );
    expect(alert.default).toBe(alert.email);
  });

  it('French CRITICAL reads as French, with an ASCII subject', () => {
    const alert = renderAlert(event({ severity: 'CRITICAL', threshold: 50_000 }), 'fr', dakar);
    expect(alert.subject).toBe(
      '[CRITIQUE] Solde DEXCHANGE de Boutique Dakar : 45 000 F CFA, 18 h 05',
    );
    expect(plain(alert.email)).toContain('sous le seuil critique de 50 000 F CFA');
    expect(plain(alert.email)).toContain('Vérifié le 28 nov. à 18 h 05. Heures de Dakar (GMT).');
    expect(alert.sms).toBe(
      "CRITIQUE DEXCHANGE Boutique Dakar : solde 45 000 F CFA, sous 50 000 F CFA. Rechargez vite. Minimum 60 000 F CFA pour clore l'alerte.",
    );
  });

  it('an empty or overdrawn balance says so, with no runway, when no critical threshold is set', () => {
    const overdrawn = event({ severity: 'CRITICAL', threshold: 0, balance: -5_000 });
    expect(plain(renderAlert(overdrawn, 'en', dakar).email)).toContain(
      'has run out: it is overdrawn by XOF 5,000.',
    );
    expect(plain(renderAlert(overdrawn, 'fr', dakar).sms)).toBe(
      "CRITIQUE DEXCHANGE Boutique Dakar : solde débiteur de 5 000 F CFA. Rechargez vite. Minimum 60 000 F CFA pour clore l'alerte.",
    );
    expect(
      plain(
        renderAlert(event({ severity: 'CRITICAL', threshold: 0, balance: 0 }), 'en', dakar).email,
      ),
    ).toContain('it is empty (XOF 0)');
  });

  it('a reminder in the recovery band says the balance is back above LOW and where the alert closes, and asks for no top-up', () => {
    const reminder: AlertEvent = {
      severity: 'REMINDER',
      remindsOf: 'LOW',
      account: 'main',
      at: '2026-11-28T16:25:00.000Z',
      since: '2026-11-28T10:05:00.000Z',
      balance: 103_000,
      currency: 'XOF',
      threshold: 100_000,
      low: 100_000,
      recovery: 105_000,
      topUp: { toRecover: 2_000 },
    };
    expect(plain(renderAlert(reminder, 'fr', dakar).sms)).toBe(
      "Rappel DEXCHANGE main : 103 000 F CFA, repassé au-dessus du seuil bas de 100 000 F CFA. L'alerte prend fin à 105 000 F CFA. Rien à faire.",
    );
    const en = plain(renderAlert(reminder, 'en', dakar).email);
    expect(en).toContain(
      'is XOF 103,000: back above the low threshold of XOF 100,000.\nThe alert closes when the balance reaches XOF 105,000: the low threshold plus a margin,',
    );
    // The balance is no longer low: the alert, not the balance, has lasted 6 h 20 min.
    expect(en).toContain('The alert opened 6 hours 20 minutes ago (Nov 28, 10:05 am).');
    expect(en).toContain('What to do: nothing for now; no top-up is needed to close the alert.');
    expect(en).not.toMatch(/low for|Minimum|top up the/);
    const sixHours = { ...reminder, at: '2026-11-28T16:05:00.000Z' };
    const fr = plain(renderAlert(sixHours, 'fr', dakar).email);
    expect(fr).toContain("L'alerte est ouverte depuis 6 heures (le 28 nov. à 10 h 05).");
    expect(fr).not.toMatch(/bas depuis|Rechargez|rechargez|Minimum|épisode/);
    // At LOW exactly, "back to", never "above".
    const atLow = plain(renderAlert({ ...reminder, balance: 100_000 }, 'en', dakar).email);
    expect(atLow).toContain('is XOF 100,000: back to the low threshold of XOF 100,000.');
    expect(atLow).not.toMatch(/above/);
    const atLowFr = plain(renderAlert({ ...reminder, balance: 100_000 }, 'fr', dakar).sms);
    expect(atLowFr).toContain('100 000 F CFA, revenu au seuil bas de 100 000 F CFA.');
  });

  it('below LOW, a reminder still says how long it has been low, in French "6 heures", not "6 h"', () => {
    const reminder: AlertEvent = {
      severity: 'REMINDER',
      remindsOf: 'LOW',
      account: 'main',
      at: '2026-11-28T16:05:00.000Z',
      since: '2026-11-28T10:05:00.000Z',
      balance: 90_000,
      currency: 'XOF',
      threshold: 100_000,
      low: 100_000,
      recovery: 105_000,
      topUp: { toRecover: 15_000 },
      runway: { minutes: 90, earliest: 30, latest: 180 },
    };
    const fr = renderAlert(reminder, 'fr', dakar);
    expect(plain(fr.sms)).toBe(
      "Rappel DEXCHANGE main : 90 000 F CFA, sous 100 000 F CFA depuis 6 heures. Rechargez : minimum 15 000 F CFA pour clore l'alerte.",
    );
    expect(plain(fr.email)).toContain('Il est bas depuis 6 heures (le 28 nov. à 10 h 05).');
    expect(plain(fr.email)).toContain(
      'il sera vide dans environ 1 h 30 min (entre 30 min et 3 heures).',
    );
    expect(plain(renderAlert(reminder, 'en', dakar).email)).toContain(
      'It has been low for 6 hours (since Nov 28, 10:05 am).',
    );
  });

  it('RECOVERED at exactly the recovery level says "back to at least", not "above"', () => {
    const recovered: AlertEvent = {
      severity: 'RECOVERED',
      account: 'main',
      at: '2026-11-28T16:05:00.000Z',
      since: '2026-11-28T10:05:00.000Z',
      balance: 105_000,
      currency: 'XOF',
      threshold: 105_000,
      peak: 'LOW',
    };
    const en = renderAlert(recovered, 'en', dakar);
    expect(plain(en.email)).toContain(
      'The DEXCHANGE balance of account "main" is XOF 105,000: back to at least XOF 105,000, which closes the alert.',
    );
    expect(en.sms).toBe(
      'DEXCHANGE main: balance XOF 105,000, back to at least XOF 105,000: alert closed. Alert open for 6 h. Nothing to do.',
    );
    const fr = renderAlert(recovered, 'fr', dakar);
    expect(plain(fr.email)).toContain(
      "Le solde DEXCHANGE du compte « main » est de 105 000 F CFA : il a atteint le niveau de fin d'alerte (105 000 F CFA) et l'alerte est close.",
    );
    // The alert's time open, not a time below LOW (the balance may have waited in the band).
    expect(plain(fr.email)).toContain(
      "L'alerte est restée ouverte 6 heures (depuis le 28 nov. à 10 h 05).",
    );
    expect(plain(en.email)).toContain('The alert was open for 6 hours (since Nov 28, 10:05 am).');
    expect(plain(fr.sms)).toBe(
      'DEXCHANGE main : solde 105 000 F CFA, remonté à au moins 105 000 F CFA : alerte close. Alerte ouverte pendant 6 heures. Rien à faire.',
    );
    for (const text of [en.email, en.sms, en.subject]) expect(text).not.toMatch(/above/);
    for (const text of [fr.email, fr.sms, fr.subject]) expect(text).not.toMatch(/au-dessus/);
  });

  it('an overdrawn balance reads the same in the subject as in the body, never as a negative amount', () => {
    const overdrawn = event({
      severity: 'CRITICAL',
      account: 'main',
      at: '2026-11-28T08:05:00.000Z',
      since: '2026-11-28T08:05:00.000Z',
      threshold: 25_000,
      balance: -12_500,
    });
    const en = renderAlert(overdrawn, 'en', dakar);
    expect(en.subject).toBe(
      '[CRITICAL] DEXCHANGE balance of main: overdrawn by XOF 12,500 at 8:05 am',
    );
    expect(plain(en.email)).toContain('is overdrawn by XOF 12,500');
    const fr = renderAlert(overdrawn, 'fr', dakar);
    // A balance is "débiteur" (docs/glossaire.md): without accents, "debiteur" still reads right,
    // where "à découvert" would read "a decouvert" ("has discovered").
    expect(fr.subject).toBe(
      '[CRITIQUE] Solde DEXCHANGE de main : debiteur de 12 500 F CFA, 8 h 05',
    );
    expect(plain(renderTitle(overdrawn, 'fr', dakar))).toBe(
      '[CRITIQUE] Solde DEXCHANGE de main : débiteur de 12 500 F CFA à 8 h 05',
    );
    for (const text of [en.subject, fr.subject]) expect(text).not.toMatch(/-\s?(XOF\s)?\d/);
  });

  it('the ASCII subject of a French alert never says "a" for "à" before a time; the title keeps "à"', () => {
    const low = event({ account: 'main', at: '2026-11-29T00:26:00.000Z', balance: 1_000 });
    expect(renderAlert(low, 'fr', dakar).subject).toBe(
      '[BAS] Solde DEXCHANGE de main : 1 000 F CFA, 0 h 26',
    );
    expect(plain(renderTitle(low, 'fr', dakar))).toBe(
      '[BAS] Solde DEXCHANGE de main : 1 000 F CFA à 0 h 26',
    );
    expect(renderAlert(low, 'en', dakar).subject).toBe(
      '[LOW] DEXCHANGE balance of main: XOF 1,000 at 12:26 am',
    );
  });

  it('the top-up block: the minimum and the advised cover in one sentence, what closes the alert, then instructions, link, contact', () => {
    const alert = renderAlert(
      event({ topUp: { toRecover: 60_000, toCover: 350_000, hours: 24 } }),
      'fr',
      {
        timeZone: 'Africa/Dakar',
        topUp: {
          instructions: 'Virement Wave au 77 000 00 00.',
          url: 'https://pay.example.sn/recharge',
          contact: 'Awa 77 123 45 67',
        },
      },
    );
    expect(plain(alert.email)).toContain(
      "Minimum 60 000 F CFA pour clore l'alerte ; conseillé 350 000 F CFA pour couvrir 24 heures au rythme actuel.\nL'alerte prend fin quand le solde atteint 105 000 F CFA : le seuil bas plus une marge, pour qu'un solde qui oscille autour du seuil ne relance pas l'alerte à chaque contrôle.\nVirement Wave",
    );
    expect(alert.email).toContain('Virement Wave au 77 000 00 00.');
    expect(alert.email).toContain('Recharger : https://pay.example.sn/recharge');
    expect(alert.email).toContain('Contact : Awa 77 123 45 67');
    // The minimum first, then the advised while it fits; the contact did not fit after them.
    expect(alert.sms).toBe(
      "DEXCHANGE Boutique Dakar : solde 45 000 F CFA, sous 100 000 F CFA. Rechargez. Minimum 60 000 F CFA pour clore l'alerte. Conseillé 350 000 F CFA pour 24 heures.",
    );
  });

  it('FAILING in French is French: the reason translated, the provider quoted as it spoke', () => {
    const failing: AlertEvent = {
      severity: 'FAILING',
      account: 'main',
      at: '2026-11-28T10:15:00.000Z',
      since: '2026-11-28T10:05:00.000Z',
      failedChecks: 3,
      failure: {
        kind: 'authentication',
        status: 401,
        code: 'EXPIRED_API_KEY',
        reason: 'the API key was rejected (401 EXPIRED_API_KEY): Clé API expirée',
        attempts: 2,
        detail: {
          code: 'api-key-expired',
          status: 401,
          providerCode: 'EXPIRED_API_KEY',
          provider: 'Clé API expirée',
        },
      },
    };
    const fr = renderAlert(failing, 'fr', dakar);
    expect(fr.sms).toBe(
      "DEXCHANGE main : solde illisible, 3 échecs : la clé API a expiré (401). Sans lecture, pas d'alerte de solde bas.",
    );
    expect(fr.email).toContain(
      'du compte « main » : la clé API a expiré (401), après 2 tentatives. DEXCHANGE a répondu : « Clé API expirée » (EXPIRED_API_KEY).',
    );
    expect(fr.email).toContain('la commande « PutApiKeyCommand » des sorties du déploiement');
    expect(fr.email).not.toContain('rejected');
    // Expired: renew it (not the generic "put a valid key, or ask for the right").
    expect(renderAlert(failing, 'en', dakar).email).toContain(
      'What to do: renew the API key with DEXCHANGE, then put the new key in the secret',
    );
  });

  it('FORECAST says when (in Dakar time), at what pace, with a range, and what to do', () => {
    const alert = renderAlert(
      {
        severity: 'FORECAST',
        reason: 'low',
        account: 'main',
        at: '2026-11-28T14:35:00.000Z',
        balance: 520_000,
        currency: 'XOF',
        threshold: 100_000,
        toLow: { minutes: 125, earliest: 100, latest: 160 },
        toZero: { minutes: 156, earliest: 130, latest: 200 },
        perHour: -200_000,
      },
      'en',
      dakar,
    );
    expect(alert.subject).toBe(
      '[FORECAST] DEXCHANGE balance of main below XOF 100,000 around 4:40 pm',
    );
    expect(alert.sms).toBe(
      'DEXCHANGE main: at this pace, balance below XOF 100,000 around 4:40 pm (in 2 h 5 min). Top up soon.',
    );
    expect(plain(alert.email)).toContain('XOF 200,000 an hour going out');
    expect(alert.email).toContain(
      'around 4:40 pm (between 4:15 pm and 5:15 pm), in about 2 hours 5 minutes',
    );
  });

  it('a runway FORECAST says how long the balance lasts', () => {
    const alert = renderAlert(
      {
        severity: 'FORECAST',
        reason: 'runway',
        account: 'main',
        at: '2026-11-28T14:35:00.000Z',
        balance: 520_000,
        currency: 'XOF',
        threshold: 100_000,
        toZero: { minutes: 180, earliest: 150, latest: 210 },
        perHour: -170_000,
      },
      'fr',
      dakar,
    );
    expect(alert.subject).toBe('[PREVISION] Solde DEXCHANGE de main vide vers 17 h 35');
    expect(alert.sms).toContain('le solde sera vide vers 17 h 35 (dans 3 heures)');
  });

  it('STALE and its resolution', () => {
    const base = {
      account: 'main',
      at: '2026-12-01T09:00:00.000Z',
      balance: 80_000,
      currency: 'XOF',
    };
    const stale = renderAlert(
      {
        severity: 'STALE',
        ...base,
        lastUpdate: '2026-11-27T18:00:00.000Z',
        staleAfterMinutes: 4320,
      },
      'fr',
      dakar,
    );
    expect(stale.email).toContain(
      "au-delà de 3 jours sans actualisation, l'outil de suivi le signale",
    );
    const fresh = renderAlert(
      {
        severity: 'STALE_RESOLVED',
        ...base,
        lastUpdate: '2026-12-01T08:55:00.000Z',
        since: '2026-11-30T18:00:00.000Z',
      },
      'en',
      dakar,
    );
    expect(fresh.subject).toBe('[UPDATED] DEXCHANGE balance of main updated again at 8:55 am');
    // An older event says only when STALE went out, not when the balance was last updated
    // before: the text says no more than that, and no "since" that could be read as the latter.
    expect(fresh.email).toContain('The stale alert went out on Nov 30 at 6:00 pm.');
    expect(fresh.email).not.toMatch(/not been updated since|stale since/);
  });

  it('an UPDATED says since when the balance had not moved: the same time the STALE said', () => {
    const events = sampleEvents('Boutique Thiès');
    const stale = events.find((e) => e.severity === 'STALE');
    const updated = events.find((e) => e.severity === 'STALE_RESOLVED');
    if (stale?.severity !== 'STALE' || updated?.severity !== 'STALE_RESOLVED')
      throw new Error('the sample week has a STALE and its end');
    expect(updated.staleUpdate).toBe(stale.lastUpdate);
    const since = dateTime(stale.lastUpdate, 'fr', 'Africa/Dakar');
    expect(renderAlert(stale, 'fr', dakar).email).toContain(`depuis le ${since}`);
    expect(renderAlert(updated, 'fr', dakar).email).toContain(
      `Il n'était plus actualisé depuis le ${since}.`,
    );
    // Not the time the STALE alert went out, later by the stale delay.
    expect(renderAlert(updated, 'fr', dakar).email).not.toContain(
      dateTime(stale.at, 'fr', 'Africa/Dakar'),
    );
    expect(renderAlert(updated, 'en', dakar).email).toContain(
      `It had not been updated since ${dateTime(stale.lastUpdate, 'en', 'Africa/Dakar')}.`,
    );
  });

  it('an expired key (401) is told to renew it, in both languages: not the generic advice', () => {
    const expired: AlertEvent = {
      severity: 'FAILING',
      account: 'main',
      at: '2026-11-28T10:15:00.000Z',
      since: '2026-11-28T10:05:00.000Z',
      failedChecks: 3,
      failure: {
        kind: 'authentication',
        status: 401,
        reason: 'the API key has expired (401)',
        detail: { code: 'api-key-expired', status: 401, provider: 'Token expired' },
      },
    };
    const fr = plain(renderAlert(expired, 'fr', dakar).email);
    expect(fr).toContain(
      'À faire : renouvelez la clé API auprès de DEXCHANGE, puis mettez la nouvelle clé dans le secret',
    );
    const en = plain(renderAlert(expired, 'en', dakar).email);
    expect(en).toContain(
      'What to do: renew the API key with DEXCHANGE, then put the new key in the secret',
    );
    for (const text of [fr, en]) expect(text).not.toMatch(/droits de lecture|right to read/);
  });

  it('every failure detail has French words (no English left in the sentence)', () => {
    for (const code of DETAIL_CODES) {
      const alert = renderAlert(
        {
          severity: 'FAILING',
          account: 'main',
          at: '2026-11-28T10:15:00.000Z',
          since: '2026-11-28T10:05:00.000Z',
          failedChecks: 3,
          failure: {
            kind: 'unavailable',
            reason: 'english',
            detail: {
              code,
              status: 503,
              secretId: 'prod/dex',
              seconds: 5,
              errorName: 'ECONNRESET',
            },
          },
        },
        'fr',
        dakar,
      );
      expect(alert.email, code).not.toMatch(/\b(the|is|was|could|not found|failed|rejected)\b/);
    }
  });

  const longest = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
  const big = { balance: -999_999_999_999, currency: 'XOF' };
  const failure = {
    kind: 'unavailable',
    status: 503,
    reason: `the API failed (503 SERVICE_UNAVAILABLE): ${'x'.repeat(200)} (after 3 attempts)`,
    detail: {
      code: 'api-failed',
      status: 503,
      provider: 'x'.repeat(200),
      providerCode: 'SERVICE_UNAVAILABLE',
    },
    attempts: 3,
  } as const;
  const common = {
    account: longest,
    at: '2026-11-28T10:05:00.000Z',
    since: '2026-11-20T10:05:00.000Z',
  };
  // The longest runway a forecast states (just under 7 days) formats as "6 d 23 h".
  const runway = { minutes: 10_079, earliest: 9_000, latest: 10_079 };
  const topUp = { toRecover: 999_999_999_999, toCover: 999_999_999_999, hours: 168 };
  const amounts = { ...big, threshold: 999_999_999_999, recovery: 999_999_999_999, topUp };
  const everyEvent: AlertEvent[] = [
    { severity: 'LOW', ...common, ...amounts, runway },
    { severity: 'CRITICAL', ...common, ...amounts, runway },
    { severity: 'REMINDER', remindsOf: 'LOW', ...common, ...amounts, low: 999_999_999_999, runway },
    {
      severity: 'REMINDER',
      remindsOf: 'CRITICAL',
      ...common,
      ...amounts,
      low: 999_999_999_999,
      runway,
    },
    // In the recovery band: its own SMS, with three amounts.
    {
      severity: 'REMINDER',
      remindsOf: 'LOW',
      ...common,
      ...amounts,
      balance: 999_999_999_998,
      low: 999_999_999_000,
      runway,
    },
    {
      severity: 'FORECAST',
      reason: 'low',
      account: longest,
      at: common.at,
      ...big,
      threshold: 999_999_999_999,
      toLow: runway,
      toZero: runway,
      perHour: -999_999_999,
      topUp,
    },
    { severity: 'REMINDER', remindsOf: 'FAILING', ...common, failure, failedChecks: 2016 },
    { severity: 'RECOVERED', ...common, ...big, threshold: 999_999_999_999, peak: 'CRITICAL' },
    { severity: 'FAILING', ...common, failure, failedChecks: 100 },
    {
      severity: 'FAILING',
      ...common,
      failure: {
        kind: 'configuration',
        reason: 'x',
        detail: { code: 'secret-key-control', secretId: 's'.repeat(200) },
      },
      failedChecks: 100,
    },
    { severity: 'FAILING_RESOLVED', ...common, ...big },
    {
      severity: 'STALE',
      account: longest,
      at: common.at,
      lastUpdate: '2026-11-01T00:00:00.000Z',
      staleAfterMinutes: 43_200,
      ...big,
    },
    { severity: 'STALE_RESOLVED', ...common, lastUpdate: '2026-11-28T10:00:00.000Z', ...big },
    { severity: 'TEST', account: longest, at: common.at },
  ];
  const locales: Locale[] = ['en', 'fr'];
  const longHelp: RenderContext = {
    timeZone: 'America/Argentina/ComodRivadavia',
    topUp: {
      contact: 'c'.repeat(40),
      url: `https://${'u'.repeat(290)}`,
      instructions: 'i'.repeat(300),
    },
  };
  it.each(
    everyEvent.flatMap((e) =>
      locales.map(
        (locale) => [e.severity, 'remindsOf' in e ? e.remindsOf : '', locale, e] as const,
      ),
    ),
  )(
    '%s %s in %s: one GSM-7 SMS segment and one ASCII subject line, with the longest account name, amounts and help',
    (_severity, _remindsOf, locale, e) => {
      // Dakar puts the times at their longest ("10:05 am", "10 h 05").
      for (const context of [longHelp, { ...longHelp, timeZone: 'Africa/Dakar' }]) {
        const alert = renderAlert(e, locale, context);
        const septets = gsm7Length(alert.sms);
        expect(septets, alert.sms).toBeDefined();
        expect(septets, alert.sms).toBeLessThanOrEqual(160);
        expect(alert.sms.endsWith('...'), `the SMS was cut: ${alert.sms}`).toBe(false);
        expect(alert.subject.length).toBeLessThan(100);
        expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
        expect(alert.subject).toContain(longest);
        // Kept whole, with its time: never cut short with "...".
        expect(alert.subject.endsWith('...'), alert.subject).toBe(false);
        expect(alert.email).toContain(longest);
        expect(alert.default).toBe(alert.email);
      }
    },
  );
});
