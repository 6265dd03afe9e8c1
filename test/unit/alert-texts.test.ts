import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../lambda/alerting/messages';
import { formatAmount, gsm7Length, toAsciiSubject, toGsm7 } from '../../lambda/alerting/text';
import type { AlertEvent, Locale, ThresholdEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/config';

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
      'DEXCHANGE Boutique Dakar: balance XOF 45,000, below XOF 100,000. Top up the account.',
    );
    expect(alert.default).toBe(alert.email);
  });

  it('French CRITICAL reads as French, with an ASCII subject', () => {
    const alert = renderAlert(event({ severity: 'CRITICAL', threshold: 50_000 }), 'fr');
    expect(alert.subject).toBe('[CRITIQUE] Solde DEXCHANGE de Boutique Dakar : 45 000 F CFA');
    expect(alert.email).toContain('sous le seuil critique de 50\u202f000\u00a0F\u202fCFA');
    expect(alert.email).toContain('rechargez');
    expect(alert.sms).toBe(
      'CRITIQUE DEXCHANGE Boutique Dakar : solde 45 000 F CFA, sous 50 000 F CFA. Rechargez maintenant.',
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
      'Reminder DEXCHANGE main: balance XOF 40,000, below XOF 100,000 for 6 h 20 min. Top up.',
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
  const everyEvent: AlertEvent[] = [
    { severity: 'LOW', ...common, ...big, threshold: 999_999_999_999 },
    { severity: 'CRITICAL', ...common, ...big, threshold: 999_999_999_999 },
    { severity: 'REMINDER', remindsOf: 'LOW', ...common, ...big, threshold: 999_999_999_999 },
    { severity: 'REMINDER', remindsOf: 'CRITICAL', ...common, ...big, threshold: 999_999_999_999 },
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
