import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../lambda/alerting/messages';
import { formatAmount, gsm7Length, toAsciiSubject, toGsm7 } from '../../lambda/alerting/text';
import type { AlertEvent, Locale, ThresholdEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';

const event = (overrides: Partial<ThresholdEvent> = {}): ThresholdEvent => ({
  severity: 'LOW',
  account: 'Boutique Dakar',
  at: '2026-11-28T10:05:00.000Z',
  since: '2026-11-28T10:05:00.000Z',
  balance: 45_000,
  currency: 'XOF',
  threshold: 100_000,
  ...overrides,
});

describe('amounts', () => {
  it('reads "45 000 F CFA" in French and "XOF 45,000" in English', () => {
    expect(formatAmount(45_000, 'XOF', 'fr').replace(/[\u00a0\u202f]/g, ' ')).toBe('45 000 F CFA');
    expect(formatAmount(45_000, 'XOF', 'en').replace(/\u00a0/g, ' ')).toBe('XOF 45,000');
    expect(formatAmount(-1_500, 'XOF', 'en').replace(/\u00a0/g, ' ')).toBe('-XOF 1,500');
  });

  it('still shows the number for a currency Intl does not know', () => {
    expect(formatAmount(1234, 'ZZZ', 'en')).toMatch(/1,234/);
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
});

describe('alert texts', () => {
  it('English LOW names the account, the amount, the threshold and what to do', () => {
    const alert = renderAlert(event(), 'en');
    expect(alert.subject).toBe('[LOW] DEXCHANGE balance of Boutique Dakar: XOF 45,000');
    expect(alert.email).toContain('"Boutique Dakar"');
    expect(alert.email).toContain('XOF\u00a045,000');
    expect(alert.email).toContain('XOF\u00a0100,000');
    expect(alert.email).toContain('2026-11-28 10:05 UTC');
    expect(alert.email).toContain('top up');
    expect(alert.sms).toBe(
      'DEXCHANGE Boutique Dakar: balance XOF 45,000, below XOF 100,000. Top up.',
    );
    expect(alert.default).toBe(alert.email);
  });

  it('French CRITICAL reads as French, with an ASCII subject', () => {
    const alert = renderAlert(event({ severity: 'CRITICAL', threshold: 50_000 }), 'fr');
    expect(alert.subject).toBe('[CRITIQUE] Solde DEXCHANGE de Boutique Dakar : 45 000 F CFA');
    expect(alert.email).toContain('sous le seuil critique de 50\u202f000\u00a0F\u202fCFA');
    expect(alert.email).toContain('rechargez');
    expect(alert.sms).toBe(
      'CRITIQUE DEXCHANGE Boutique Dakar : solde 45 000 F CFA, sous 50 000 F CFA. Rechargez vite.',
    );
  });

  it('a reminder says how long the balance has been low', () => {
    const alert = renderAlert(
      {
        severity: 'REMINDER',
        remindsOf: 'LOW',
        account: 'main',
        at: '2026-11-28T16:25:00.000Z',
        since: '2026-11-28T10:05:00.000Z',
        balance: 40_000,
        currency: 'XOF',
        threshold: 100_000,
      },
      'en',
    );
    expect(alert.subject).toBe('[REMINDER LOW] DEXCHANGE balance of main still XOF 40,000');
    expect(alert.sms).toBe(
      'Reminder DEXCHANGE main: XOF 40,000, below XOF 100,000 for 6 h 20 min.',
    );
    expect(alert.email).toContain('low for 6 h 20 min (since 2026-11-28 10:05 UTC)');
  });

  it('FAILING names the kind of failure in plain words and what to do', () => {
    const failing = {
      severity: 'FAILING',
      account: 'main',
      at: '2026-11-28T10:15:00.000Z',
      since: '2026-11-28T10:05:00.000Z',
      failedChecks: 3,
      failure: {
        kind: 'authentication',
        status: 401,
        code: 'EXPIRED_API_KEY',
        reason: 'the API key was rejected (401 EXPIRED_API_KEY)',
      },
    } as const;
    expect(renderAlert(failing, 'en').sms).toBe(
      'DEXCHANGE main: balance unreadable, 3 failed checks: the API key has expired (401).',
    );
    expect(renderAlert(failing, 'en').email).toContain(
      'What to do: put a valid DEXCHANGE API key in the secret',
    );
    expect(renderAlert(failing, 'fr').sms).toBe(
      'DEXCHANGE main : solde illisible, 3 échecs : la clé API a expiré (401).',
    );
    const rejected = {
      ...failing,
      failure: { kind: 'authentication', status: 401, reason: 'x' },
    } as const;
    expect(renderAlert(rejected, 'en').email).toContain('the API key was rejected (401)');
  });

  it('FORECAST says when, at what pace, with a range, and what to do', () => {
    const alert = renderAlert(
      {
        severity: 'FORECAST',
        account: 'main',
        at: '2026-11-28T14:35:00.000Z',
        balance: 520_000,
        currency: 'XOF',
        threshold: 100_000,
        toLow: { minutes: 125, earliest: 100, latest: 160 },
        perHour: -200_000,
      },
      'en',
    );
    expect(alert.subject).toBe(
      '[FORECAST] DEXCHANGE balance of main below XOF 100,000 around 16:40 UTC',
    );
    expect(alert.sms).toBe(
      'DEXCHANGE main: at this pace, balance below XOF 100,000 around 16:40 UTC (in 2 h 5 min). Top up soon.',
    );
    expect(alert.email).toContain('XOF\u00a0200,000 an hour going out');
    expect(alert.email).toContain(
      'around 16:40 UTC (between 16:15 UTC and 17:15 UTC), in about 2 h 5 min',
    );
  });

  it('LOW states the runway when a forecast exists, in both locales', () => {
    const runway = { minutes: 200, earliest: 170, latest: 240 };
    expect(renderAlert(event({ runway }), 'en').sms).toBe(
      'DEXCHANGE Boutique Dakar: balance XOF 45,000, below XOF 100,000. Top up. Empty in about 3 h 20 min.',
    );
    expect(renderAlert(event({ runway }), 'en').email).toContain(
      'At the current pace it will be empty in about 3 h 20 min (2 h 50 min to 4 h).',
    );
    expect(renderAlert(event({ runway }), 'fr').sms).toBe(
      'DEXCHANGE Boutique Dakar : solde 45 000 F CFA, sous 100 000 F CFA. Rechargez. Vide dans env. 3 h 20 min.',
    );
  });

  it('RECOVERED says how long the episode lasted', () => {
    const alert = renderAlert(
      {
        severity: 'RECOVERED',
        account: 'main',
        at: '2026-11-29T12:05:00.000Z',
        since: '2026-11-28T10:05:00.000Z',
        balance: 500_000,
        currency: 'XOF',
        threshold: 105_000,
      },
      'fr',
    );
    expect(alert.subject).toBe('[RETABLI] Solde DEXCHANGE de main : 500 000 F CFA');
    expect(alert.sms).toBe(
      'DEXCHANGE main : solde remonté à 500 000 F CFA après 1 j 2 h. Rien à faire.',
    );
  });

  const longest = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
  const big = { balance: -999_999_999_999, currency: 'XOF' };
  const failure = {
    kind: 'unavailable',
    status: 503,
    reason: `the API failed (503 SERVICE_UNAVAILABLE): ${'x'.repeat(200)} (after 3 attempts)`,
  } as const;
  const common = {
    account: longest,
    at: '2026-11-28T10:05:00.000Z',
    since: '2026-11-20T10:05:00.000Z',
  };
  // The longest runway a forecast states (just under 7 days) formats as "6 d 23 h".
  const runway = { minutes: 10_079, earliest: 9_000, latest: 10_079 };
  const everyEvent: AlertEvent[] = [
    { severity: 'LOW', ...common, ...big, threshold: 999_999_999_999, runway },
    { severity: 'CRITICAL', ...common, ...big, threshold: 999_999_999_999, runway },
    {
      severity: 'REMINDER',
      remindsOf: 'LOW',
      ...common,
      ...big,
      threshold: 999_999_999_999,
      runway,
    },
    {
      severity: 'REMINDER',
      remindsOf: 'CRITICAL',
      ...common,
      ...big,
      threshold: 999_999_999_999,
      runway,
    },
    {
      severity: 'FORECAST',
      account: longest,
      at: common.at,
      ...big,
      threshold: 999_999_999_999,
      toLow: runway,
      perHour: -999_999_999,
    },
    { severity: 'REMINDER', remindsOf: 'FAILING', ...common, failure, failedChecks: 2016 },
    { severity: 'RECOVERED', ...common, ...big, threshold: 999_999_999_999 },
    { severity: 'FAILING', ...common, failure, failedChecks: 100 },
    {
      severity: 'FAILING',
      ...common,
      failure: { kind: 'authentication', status: 403, reason: 'x' },
      failedChecks: 100,
    },
    {
      severity: 'FAILING',
      ...common,
      failure: { kind: 'invalid-response', status: 200, reason: 'x' },
      failedChecks: 100,
    },
    {
      severity: 'FAILING',
      ...common,
      failure: { kind: 'configuration', reason: 'x' },
      failedChecks: 100,
    },
    { severity: 'FAILING_RESOLVED', ...common, ...big },
    {
      severity: 'STALE',
      account: longest,
      at: common.at,
      lastUpdate: '2026-11-01T00:00:00.000Z',
      ...big,
    },
    { severity: 'TEST', account: longest, at: common.at },
  ];
  const locales: Locale[] = ['en', 'fr'];
  it.each(
    everyEvent.flatMap((e) =>
      locales.map(
        (locale) => [e.severity, 'remindsOf' in e ? e.remindsOf : '', locale, e] as const,
      ),
    ),
  )(
    '%s %s in %s: one GSM-7 SMS segment and one ASCII subject line, with the longest account name and amounts',
    (_severity, _remindsOf, locale, e) => {
      const alert = renderAlert(e, locale);
      const septets = gsm7Length(alert.sms);
      expect(septets, alert.sms).toBeDefined();
      expect(septets, alert.sms).toBeLessThanOrEqual(160);
      expect(alert.sms.endsWith('...'), `the SMS was cut: ${alert.sms}`).toBe(false);
      expect(alert.subject.length).toBeLessThan(100);
      expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
      expect(alert.email).toContain(longest);
      expect(alert.default).toBe(alert.email);
    },
  );
});
