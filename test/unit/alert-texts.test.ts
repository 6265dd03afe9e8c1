import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../lambda/alerting/messages';
import { formatAmount, gsm7Length, toAsciiSubject, toGsm7 } from '../../lambda/alerting/text';
import type { AlertEvent, Locale } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/config';

const event = (overrides: Partial<AlertEvent> = {}): AlertEvent => ({
  severity: 'LOW',
  account: 'Boutique Dakar',
  at: '2026-11-28T10:05:00.000Z',
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

  const longest = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
  const severities = ['LOW', 'CRITICAL'] as const;
  const locales: Locale[] = ['en', 'fr'];
  it.each(severities.flatMap((severity) => locales.map((locale) => [severity, locale] as const)))(
    '%s in %s fits one SMS segment and one subject line with the longest account name and amounts',
    (severity, locale) => {
      const alert = renderAlert(
        event({
          severity,
          account: longest,
          balance: -999_999_999_999,
          threshold: 999_999_999_999,
        }),
        locale,
      );
      const septets = gsm7Length(alert.sms);
      expect(septets).toBeDefined();
      expect(septets).toBeLessThanOrEqual(160);
      expect(alert.subject.length).toBeLessThan(100);
      expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
    },
  );
});
