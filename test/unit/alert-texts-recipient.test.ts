import { describe, expect, it } from 'vitest';
import type {
  AlertEvent,
  FailureInfo,
  HeldEvent,
  Locale,
  ThresholdEvent,
} from '../../lambda/alerting/types';
import { renderChat } from '../../lambda/channels/chat';
import { renderTelegram } from '../../lambda/channels/telegram';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { renderAlert, renderTitle, type RenderContext } from '../../lambda/messages/render';
import { gsm7Length, toAsciiSubject } from '../../lambda/messages/text';
import { sampleEvents } from '../support/sample-events';
import { amountsIn, holds, namedThresholds, statementsAbout } from '../support/statements';

/**
 * What a recipient-minded review of every rendered alert found, each as the recipient reads it:
 * held alerts told with the balance now, durations said of what they measure, an action in
 * every SMS that asks for one, nothing unknowable, nothing said twice, no subject cut in a word,
 * French that reads as French.
 */

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const longest = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
const help: RenderContext = {
  timeZone: 'Africa/Dakar',
  topUp: { contact: 'Awa +221 77 123 45 67', url: 'https://pay.example.sn/recharge' },
};
const locales: Locale[] = ['en', 'fr'];

/** A LOW held during the quiet hours at 97,500 (its own top-up advice and runway then). */
const heldLow = (overrides: Partial<ThresholdEvent> = {}): ThresholdEvent => ({
  severity: 'LOW',
  account: 'payouts-main',
  at: '2026-12-01T23:00:00.000Z',
  since: '2026-12-01T23:00:00.000Z',
  balance: 97_500,
  currency: 'XOF',
  threshold: 100_000,
  recovery: 105_000,
  topUp: { toRecover: 8_000, toCover: 730_000, hours: 24 },
  runway: { minutes: 195, earliest: 130, latest: 780 },
  opens: true,
  ...overrides,
});

const released = (
  events: AlertEvent[],
  balance: number | undefined,
  account = 'payouts-main',
  readAt = '2026-12-02T07:00:00.000Z',
): HeldEvent => ({
  severity: 'HELD',
  account,
  at: '2026-12-02T07:00:00.000Z',
  reason: 'quiet',
  events: events.map((e) => ({ ...e, account })),
  ...(balance === undefined ? {} : { latest: { balance, currency: 'XOF', at: readAt } }),
});

const failure: FailureInfo = {
  kind: 'unavailable',
  status: 503,
  reason: 'the API does not answer (503)',
};

describe('1. a held LOW or CRITICAL is told with the balance now, and what to add from it', () => {
  it('LOW held at 97,500, released at 80,000: 80,000 everywhere, and a minimum of 25,000', () => {
    const event = released([heldLow()], 80_000);
    const en = renderAlert(event, 'en', help);
    const fr = renderAlert(event, 'fr', help);
    for (const text of [en.email, en.sms, en.subject, fr.email, fr.sms, fr.subject])
      expect(plain(text)).not.toMatch(/97[ ,]500|8[ ,]000 |730[ ,]000|3 h 15|3 hours 15/);
    expect(plain(en.email)).toContain(
      '- The DEXCHANGE balance of account "payouts-main" is XOF 80,000, below the low threshold of XOF 100,000.',
    );
    expect(plain(en.email)).toContain(
      'Minimum XOF 25,000 to close the alert.\nThe alert closes when the balance reaches XOF 105,000',
    );
    expect(plain(fr.email)).toContain(
      "Minimum 25 000 F CFA pour clore l'alerte.\nL'alerte prend fin quand le solde atteint 105 000 F CFA",
    );
    expect(en.sms).toBe(
      'DEXCHANGE payouts-main, after the quiet hours: LOW. Now XOF 80,000. Top up. Minimum XOF 25,000 to close the alert. Awa +221 77 123 45 67.',
    );
    expect(plain(fr.sms)).toBe(
      "DEXCHANGE payouts-main, après les heures de repos : BAS. Solde actuel 80 000 F CFA. Rechargez. Minimum 25 000 F CFA pour clore l'alerte. Awa +221 77 123 45 67.",
    );
  });

  it("states the balance now once: in the held level's line, not again on a line of its own", () => {
    const event = released([heldLow()], 80_000);
    for (const locale of locales) {
      const email = plain(renderAlert(event, locale, help).email);
      expect(email.match(/80[ ,]000/g), email).toHaveLength(1);
      expect(email).not.toMatch(/Balance now|Solde maintenant/);
    }
    // A FAILING alone held states no balance in its line: the balance now has its own.
    const failing: AlertEvent = {
      severity: 'FAILING',
      account: 'x',
      at: '2026-12-02T03:00:00.000Z',
      since: '2026-12-02T02:50:00.000Z',
      failedChecks: 3,
      failure,
    };
    expect(plain(renderAlert(released([failing], 80_000), 'fr', help).email)).toContain(
      'Solde maintenant : 80 000 F CFA, lu le 2 déc. à 7 h 00.',
    );
  });

  it('the minimum is exact, as the policy works it out (105,000 - 80,500: 24,500)', () => {
    const en = renderAlert(released([heldLow()], 80_500), 'en', help);
    expect(plain(en.email)).toContain('Minimum XOF 24,500 to close the alert.');
    const big = renderAlert(released([heldLow({ recovery: 1_050_000 })], 80_500), 'en', help);
    expect(plain(big.email)).toContain('Minimum XOF 969,500 to close the alert.');
    expect(plain(big.email)).toContain('The alert closes when the balance reaches XOF 1,050,000');
  });

  it('a LOW released in the recovery band says it is back above LOW and where the alert closes, and asks nothing', () => {
    const event = released([heldLow()], 102_000);
    const en = renderAlert(event, 'en', help);
    expect(plain(en.email)).toContain(
      '- The DEXCHANGE balance of account "payouts-main" is XOF 102,000: back above the low threshold of XOF 100,000; the alert closes at XOF 105,000 (the low threshold plus a margin).',
    );
    expect(plain(en.email)).toContain(
      'What to do: nothing for now; no top-up is needed to close the alert.',
    );
    const fr = renderAlert(event, 'fr', help);
    expect(plain(fr.email)).toContain(
      "est de 102 000 F CFA : il est repassé au-dessus du seuil bas de 100 000 F CFA ; l'alerte prend fin à 105 000 F CFA (le seuil bas plus une marge).",
    );
    for (const text of [en.email, en.sms, fr.email, fr.sms].map(plain))
      expect(text).not.toMatch(/Minimum|Top up|top up the|Rechargez|rechargez|3[ ,]000/);
  });

  it('after failed reads, the last balance read is not called "now"', () => {
    const event = released(
      [
        heldLow(),
        {
          severity: 'FAILING',
          account: 'x',
          at: '2026-12-02T03:00:00.000Z',
          since: '2026-12-02T02:50:00.000Z',
          failedChecks: 3,
          failure,
        },
      ],
      80_000,
      'payouts-main',
      '2026-12-02T02:45:00.000Z',
    );
    const en = renderAlert(event, 'en', help);
    // The held LOW's line states the balance; the line after it only dates it.
    expect(plain(en.email)).toContain(
      '- The DEXCHANGE balance of account "payouts-main" is XOF 80,000, below the low threshold of XOF 100,000.',
    );
    expect(plain(en.email)).toContain(
      'The balance above is the last one read, on Dec 2 at 2:45 am.',
    );
    expect(plain(renderAlert(event, 'fr', help).email)).toContain(
      'Le solde ci-dessus est le dernier lu, le 2 déc. à 2 h 45.',
    );
    expect(en.sms).toContain('LOW, FAILING. Last read XOF 80,000. Top up.');
    expect(en.email).not.toMatch(/Balance now/);
    expect(renderAlert(event, 'fr', help).sms).toContain('Dernier solde lu 80 000 F CFA.');
  });

  // Whatever the balance now (the episode still open), every statement about it holds.
  const lowHeld = heldLow();
  const criticalHeld = heldLow({ severity: 'CRITICAL', threshold: 25_000, balance: 22_500 });
  const emptyHeld = heldLow({ severity: 'CRITICAL', threshold: 0, balance: -2_000 });
  const nows = [-5_000, 0, 1, 10_000, 24_999, 25_000, 60_000, 99_999, 100_000, 104_999, 105_000];
  it.each(
    [lowHeld, criticalHeld, emptyHeld].flatMap((held) =>
      nows.flatMap((now) =>
        locales.map((locale) => [held.severity, held.threshold, now, locale, held] as const),
      ),
    ),
  )('%s (threshold %s) held, balance now %s, %s: every statement true of it', (...args) => {
    const [, , now, locale, held] = args;
    const alert = renderAlert(released([held], now, longest), locale, help);
    for (const text of [alert.email, alert.sms, alert.subject]) {
      const said = statementsAbout(text, now, locale);
      expect(
        said.filter((s) => !holds(s)),
        text,
      ).toEqual([]);
      for (const named of namedThresholds(text, locale))
        expect(named.value).toBe(named.kind === 'low' ? 100_000 : held.threshold);
    }
    // The held alert's own balance is said nowhere: it is not the balance now.
    for (const text of [alert.email, alert.sms, alert.subject])
      expect(
        amountsIn(text, locale).map((a) => a.value),
        text,
      ).not.toContain(held.balance);
    expect(gsm7Length(alert.sms)).toBeLessThanOrEqual(160);
    expect(alert.sms.endsWith('...')).toBe(false);
    expect(alert.subject.length).toBeLessThan(100);
  });

  it('a FORECAST held with a FAILING is dated: its own times, its balance then, no advised from it', () => {
    // Made at 3:00 am from 220,000 at 30,000 an hour: below LOW around 7:00 am (4 hours on).
    const forecast: AlertEvent = {
      severity: 'FORECAST',
      account: 'x',
      at: '2026-12-02T03:00:00.000Z',
      reason: 'low',
      balance: 220_000,
      currency: 'XOF',
      threshold: 100_000,
      toLow: { minutes: 240, earliest: 199, latest: 310 },
      toZero: { minutes: 440, earliest: 400, latest: 500 },
      perHour: -30_000,
      topUp: { toRecover: 0, toCover: 610_000, hours: 24 },
    };
    const failing: AlertEvent = {
      severity: 'FAILING',
      account: 'x',
      at: '2026-12-02T05:00:00.000Z',
      since: '2026-12-02T04:50:00.000Z',
      failedChecks: 3,
      failure,
    };
    const event = released(
      [forecast, failing],
      150_000,
      'payouts-main',
      '2026-12-02T04:40:00.000Z',
    );
    const en = plain(renderAlert(event, 'en', help).email);
    expect(en).toContain(
      '- Forecast made on Dec 2 at 3:00 am, from a balance of XOF 220,000 with XOF 30,000 an hour going out: the DEXCHANGE balance of account "payouts-main" will fall below the low threshold of XOF 100,000 around 7:00 am (between 6:19 am and 8:10 am).',
    );
    const fr = plain(renderAlert(event, 'fr', help).email);
    expect(fr).toContain(
      "- Prévision du 2 déc. à 3 h 00, d'après un solde de 220 000 F CFA et des sorties de 30 000 F CFA par heure : le solde DEXCHANGE du compte « payouts-main » passera sous le seuil bas de 100 000 F CFA vers 7 h 00 (entre 6 h 19 et 8 h 10).",
    );
    for (const text of [en, fr]) {
      // Counted from the release (7:00 am), the times were 4 hours late; "now" was 220,000.
      expect(text).not.toMatch(
        /11:00|11 h 00|now XOF 220|actuellement 220|in about 4|dans environ 4/,
      );
      // The advised cover was worked out from 220,000: not what to add to 150,000.
      expect(text).not.toMatch(/610[ ,]000|Advised|Conseillé/);
    }
    const sms = plain(renderAlert(event, 'fr', help).sms);
    expect(sms).not.toMatch(/11 h 00|dans 4/);
  });

  it('a CRITICAL held, now back above the critical threshold, says so', () => {
    const en = renderAlert(released([criticalHeld], 60_000), 'en', help);
    expect(plain(en.email)).toContain(
      'is XOF 60,000: no longer below the critical threshold of XOF 25,000, but still below XOF 105,000, where the alert closes.',
    );
    const fr = renderAlert(released([criticalHeld], 60_000), 'fr', help);
    expect(plain(fr.email)).toContain(
      "est de 60 000 F CFA : il n'est plus sous le seuil critique de 25 000 F CFA, mais toujours sous 105 000 F CFA",
    );
    // A CRITICAL that carries LOW (every one the policy sends now) names it instead.
    const withLow = renderAlert(released([{ ...criticalHeld, low: 100_000 }], 60_000), 'en', help);
    expect(plain(withLow.email)).toContain(
      'no longer below the critical threshold of XOF 25,000, but still below the low threshold of XOF 100,000.',
    );
    expect(plain(withLow.email)).toContain('Minimum XOF 45,000 to close the alert.');
  });

  it('a CRITICAL held, released above the critical threshold, asks for a top-up as LOW does, not "now"', () => {
    const event = released([{ ...criticalHeld, low: 100_000 }], 80_000);
    const en = renderAlert(event, 'en', help);
    expect(plain(en.email)).toContain(
      'What to do: top up the DEXCHANGE account before payouts start to fail.',
    );
    expect(en.subject).toBe(
      '[HELD] DEXCHANGE balance of payouts-main: LOW, now XOF 80,000 at 7:00 am',
    );
    const fr = renderAlert(event, 'fr', help);
    expect(plain(fr.email)).toContain(
      'À faire : rechargez le compte DEXCHANGE avant que les paiements échouent.',
    );
    expect(plain(fr.subject)).toMatch(/^\[EN ATTENTE\] .*: BAS, solde actuel 80 000 F CFA/);
    for (const text of [en.email, en.subject, en.sms, fr.email, fr.subject, fr.sms].map(plain))
      expect(text).not.toMatch(/CRITICAL|CRITIQUE|now;|tout de suite|failing or about/);
    // Still below it, the same held CRITICAL is urgent.
    const below = renderAlert(released([{ ...criticalHeld, low: 100_000 }], 20_000), 'fr', help);
    expect(plain(below.email)).toContain('rechargez le compte DEXCHANGE tout de suite');
    expect(below.subject).toMatch(/: CRITIQUE, /);
  });
});

describe('2. a reminder of CRITICAL says how long it has been low, not below CRITICAL', () => {
  const reminder: AlertEvent = {
    severity: 'REMINDER',
    remindsOf: 'CRITICAL',
    account: 'payouts-main',
    at: '2026-12-01T22:15:00.000Z',
    since: '2026-12-01T13:45:00.000Z',
    balance: 10_000,
    currency: 'XOF',
    threshold: 25_000,
    low: 100_000,
    recovery: 105_000,
    topUp: { toRecover: 95_000 },
  };

  it('in the SMS, the e-mail and the chat, in both locales', () => {
    const en = renderAlert(reminder, 'en', help);
    expect(en.sms).toContain('XOF 10,000, below XOF 25,000; low for 8 h 30 min.');
    expect(plain(en.email)).toContain(
      'It has been below the low threshold for 8 hours 30 minutes (since Dec 1, 1:45 pm).',
    );
    const fr = renderAlert(reminder, 'fr', help);
    expect(plain(fr.sms)).toContain('10 000 F CFA, sous 25 000 F CFA ; bas depuis 8 h 30 min.');
    expect(plain(fr.email)).toContain('Il est sous le seuil bas depuis 8 h 30 min');
    for (const locale of locales) {
      const chat = renderChat({ id: 'r', event: reminder }, locale, help);
      const texts = [
        renderAlert(reminder, locale, help).sms,
        renderAlert(reminder, locale, help).email,
        chat.content.description,
      ].map(plain);
      for (const text of texts) {
        expect(text).not.toMatch(/below XOF 25,000 for|sous 25 000 F CFA depuis/);
        expect(text).not.toMatch(/It has been low for|Il est bas depuis/);
      }
    }
  });

  it('a reminder of LOW keeps "below XOF 100,000 for": that is what it measures', () => {
    const low = { ...reminder, remindsOf: 'LOW', threshold: 100_000, balance: 60_000 } as const;
    expect(renderAlert(low, 'en', help).sms).toContain('below XOF 100,000 for 8 h 30 min.');
  });
});

describe('3. a held summary says what to do, the severity and the balance', () => {
  it('with the longest account name, the SMS still says "Top up." / "Rechargez."', () => {
    const failing: AlertEvent = {
      severity: 'FAILING',
      account: longest,
      at: '2026-12-02T03:00:00.000Z',
      since: '2026-12-02T02:50:00.000Z',
      failedChecks: 3,
      failure,
    };
    const event = released([heldLow(), failing], 80_000, longest);
    const en = renderAlert(event, 'en', help);
    expect(en.sms).toMatch(/: LOW, FAILING\. Now XOF 80,000\. Top up\./);
    expect(plain(renderAlert(event, 'fr', help).sms)).toMatch(
      /: BAS, ÉCHEC\. Solde actuel 80 000 F CFA\. Rechargez\./,
    );
  });

  it('a LOW released alone (SNS) has LOW and the balance now in its subject, with the time', () => {
    for (const account of ['payouts-main', longest]) {
      const event = released([heldLow()], 80_000, account);
      const en = renderAlert(event, 'en', help).subject;
      expect(en).toMatch(
        new RegExp(
          `^\\[HELD\\] (DEXCHANGE balance of )?${account}: LOW, now XOF 80,000 at 7:00 am$`,
        ),
      );
      const fr = renderAlert(event, 'fr', help).subject;
      expect(fr).toMatch(
        new RegExp(
          `^\\[EN ATTENTE\\] (Solde DEXCHANGE de )?${account} : BAS, solde actuel 80 000 F CFA, 7 h 00$`,
        ),
      );
    }
    expect(renderAlert(released([heldLow()], 80_000), 'en', help).subject).toBe(
      '[HELD] DEXCHANGE balance of payouts-main: LOW, now XOF 80,000 at 7:00 am',
    );
  });
});

describe('4. an acknowledgment says what still alerts, for what was acknowledged', () => {
  const ack = (about: 'LOW' | 'CRITICAL' | 'FAILING'): AlertEvent => ({
    severity: 'ACKNOWLEDGED',
    account: 'main',
    at: '2026-12-02T08:00:00.000Z',
    about,
    since: '2026-12-02T07:00:00.000Z',
    by: 'Awa',
    acknowledgedAt: '2026-12-02T07:55:00.000Z',
  });

  it('"a fall to CRITICAL still alerts" only for a LOW', () => {
    expect(renderAlert(ack('LOW'), 'en').email).toContain(
      'Its reminders stop; a fall to CRITICAL still alerts, and the close of the alert is still reported.',
    );
    expect(renderAlert(ack('LOW'), 'fr').email).toContain('une chute sous le seuil critique');
    for (const about of ['CRITICAL', 'FAILING'] as const) {
      expect(renderAlert(ack(about), 'en').email).not.toContain('a fall to CRITICAL');
      expect(renderAlert(ack(about), 'fr').email).not.toContain('une chute sous le seuil');
    }
    expect(renderAlert(ack('CRITICAL'), 'en').email).toContain(
      'Its reminders stop; the close of the alert is still reported.',
    );
    expect(renderAlert(ack('FAILING'), 'en').email).toContain(
      'Its reminders stop; when the balance can be read again, that is still reported.',
    );
    expect(renderAlert(ack('FAILING'), 'fr').email).toContain(
      "Les rappels de cette alerte s'arrêtent ; le retour d'un solde lisible est toujours annoncé.",
    );
  });
});

describe('5. a digest says nothing it cannot know, and no e-mail has a double blank line', () => {
  it('no reading in 24 hours: no "never below"', () => {
    const digest: AlertEvent = {
      severity: 'DIGEST',
      account: 'main',
      at: '2026-12-02T08:00:00.000Z',
      currency: 'XOF',
      belowLowMinutes: 0,
      low: 100_000,
      failedChecks: 0,
      checks: 0,
    };
    expect(renderAlert(digest, 'en').email).toContain('No good reading in the last 24 hours.');
    expect(renderAlert(digest, 'en').email).not.toMatch(/Never below|below the low threshold/);
    expect(renderAlert(digest, 'fr').email).not.toMatch(/Jamais sous|sous le seuil bas/);
  });

  it.each(locales)('every sample alert, %s: one blank line between blocks, never two', (locale) => {
    for (const event of sampleEvents())
      expect(renderAlert(event, locale, help).email, event.severity).not.toContain('\n\n\n');
  });
});

describe('6 and 7. a failure to read: what it means in the SMS, and the details once', () => {
  const failing: AlertEvent = {
    severity: 'FAILING',
    account: longest,
    at: '2026-12-02T06:40:00.000Z',
    since: '2026-12-02T06:30:00.000Z',
    failedChecks: 3,
    failure,
  };
  const reminder: AlertEvent = {
    ...failing,
    severity: 'REMINDER',
    remindsOf: 'FAILING',
    at: '2026-12-02T12:40:00.000Z',
  };

  it.each([failing, reminder])(
    '$severity: the SMS says no balance alert goes out meanwhile',
    (event) => {
      const en = renderAlert(event, 'en', help).sms;
      expect(en).toMatch(/ No low-balance alerts without a reading\.$/);
      const fr = renderAlert(event, 'fr', help).sms;
      expect(fr).toMatch(/ Sans lecture, pas d'alerte de solde bas\.$/);
      for (const sms of [en, fr]) expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
    },
  );

  it.each([failing, reminder])(
    '$severity: the cause once, in the headline: no "Details" line repeats it',
    (event) => {
      const en = renderAlert(event, 'en', help).email;
      expect(en).toContain(': the API does not answer (503).');
      expect(en).not.toMatch(/Details:/);
      const fr = renderAlert(event, 'fr', help).email;
      expect(fr).toContain(" : l'API ne répond pas (503).");
      expect(fr).not.toMatch(/Détail :/);
    },
  );

  it('the attempts and the provider words join the headline, said once', () => {
    const withMore = { ...failing, failure: { ...failure, attempts: 3 } };
    const en = renderAlert(withMore, 'en', help).email;
    expect(en).toContain(': the API does not answer (503), after 3 attempts.');
    expect(en.match(/does not answer/g)).toHaveLength(1);
  });
});

describe('8. a subject is never cut in the middle of a word', () => {
  const ack: AlertEvent = {
    severity: 'ACKNOWLEDGED',
    account: longest,
    at: '2026-12-02T08:00:00.000Z',
    about: 'CRITICAL',
    since: '2026-12-02T07:00:00.000Z',
    by: 'Awa Diop Ndiaye Fall Sarr Mbaye Gueye F',
    acknowledgedAt: '2026-12-02T07:55:00.000Z',
  };

  it('the French acknowledgment keeps the whole name and "s\'en occupe" (its short tag leaves room)', () => {
    const subject = renderAlert(ack, 'fr').subject;
    expect(subject).toBe(
      `[EN COURS] ${longest} : Awa Diop Ndiaye Fall Sarr Mbaye Gueye F s'en occupe`,
    );
    const oneWord = renderAlert({ ...ack, by: 'A'.repeat(40) }, 'fr').subject;
    expect(oneWord).toBe(`[EN COURS] ${longest} : ${'A'.repeat(40)} s'en occupe`);
  });

  it.each(locales)('%s: every word of the subject is a whole word of the title', (locale) => {
    for (const event of [...sampleEvents(), ack]) {
      const subject = renderAlert(event, locale, help).subject;
      // The title is the subject before any shortening, with its accents.
      const title = renderTitle(event, locale, help)
        .replace(/ à (?=\d)/g, ', ')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[\u00a0\u202f]/g, ' ');
      const words = new Set(title.split(/[\s,]+/));
      for (const word of subject.split(/[\s,]+/)) expect(words, subject).toContain(word);
    }
  });

  // 32 letters, as the config allows, whose ASCII spelling is longer: "ß" is "ss", "Œ" "OE".
  const wide = `${'ß'.repeat(8)}${'W'.repeat(24)}`;
  const wideAscii = `${'ss'.repeat(8)}${'W'.repeat(24)}`;

  it('a subject too long for its date says how long instead; never a time cut short', () => {
    const events = sampleEvents(wide);
    const of = (severity: string, remindsOf?: string) =>
      events.find(
        (e) =>
          e.severity === severity &&
          (remindsOf === undefined || ('remindsOf' in e && e.remindsOf === remindsOf)),
      );
    const stale = of('STALE');
    const reminder = of('REMINDER', 'FAILING');
    if (stale === undefined || reminder === undefined) throw new Error('sample week');
    expect(renderAlert(stale, 'fr', help).subject).toBe(
      `[NON ACTUALISE] ${wideAscii} sans actualisation depuis 10 heures`,
    );
    expect(renderAlert(reminder, 'fr', help).subject).toBe(
      `[RAPPEL ECHEC] ${wideAscii} illisible depuis 6 h 10 min`,
    );
  });

  it.each(locales)(
    '%s: with the widest names, every subject is whole: shortened by what it says, else the tag and the account alone',
    (locale) => {
      const widest = 'ßŒÆ'.repeat(10) + 'ßŒ';
      for (const name of [wide, widest])
        for (const event of sampleEvents(name)) {
          const subject = renderAlert(event, locale, help).subject;
          expect(subject.length, subject).toBeLessThan(100);
          expect(subject.endsWith('...'), subject).toBe(false);
        }
    },
  );

  it('a text cut to fit ends between words', () => {
    const cut = toAsciiSubject(`${'word '.repeat(30)}end`);
    expect(cut.length).toBeLessThanOrEqual(99);
    expect(cut).toMatch(/ word\.\.\.$/);
  });
});

describe('9. French that reads as French', () => {
  it('"le délai de 2 heures au-delà duquel"', () => {
    const stale: AlertEvent = {
      severity: 'STALE',
      account: 'main',
      at: '2026-12-02T13:35:00.000Z',
      balance: 400_000,
      currency: 'XOF',
      lastUpdate: '2026-12-02T03:35:00.000Z',
      staleAfterMinutes: 120,
    };
    const fr = renderAlert(stale, 'fr', help);
    expect(fr.email).toContain(
      "au-delà de 2 heures sans actualisation, l'outil de suivi le signale.",
    );
    expect(fr.sms).toMatch(/ Vérifiez auprès de DEXCHANGE\.$/);
    expect(fr.sms).not.toContain('Voyez');
  });

  it('a date of another day has its article: "vers le 2 déc.", "et le 2 déc.", "actualisation le 1er déc."', () => {
    const forecast: AlertEvent = {
      severity: 'FORECAST',
      reason: 'low',
      account: 'main',
      at: '2026-12-01T22:00:00.000Z',
      balance: 220_000,
      currency: 'XOF',
      threshold: 100_000,
      perHour: -30_000,
      toLow: { minutes: 300, earliest: 60, latest: 220 },
      toZero: { minutes: 440, earliest: 400, latest: 480 },
    };
    const fr = renderAlert(forecast, 'fr', help);
    expect(fr.email).toContain('vers le 2 déc. à 3 h 00 (entre 23 h 00 et le 2 déc. à 1 h 40)');
    expect(fr.email).not.toMatch(/(vers|et) \d/);
    expect(fr.email).toContain('À faire : rechargez le compte DEXCHANGE avant cette heure-là.');
    expect(fr.sms).toContain('vers le 2 déc. à 3 h 00');
    const sameDay = renderAlert({ ...forecast, at: '2026-12-01T09:40:00.000Z' }, 'fr', help);
    expect(sameDay.email).toContain('vers 14 h 40 (entre 10 h 40 et 13 h 20)');
    const updated: AlertEvent = {
      severity: 'STALE_RESOLVED',
      account: 'main',
      at: '2026-12-02T00:10:00.000Z',
      balance: 400_000,
      currency: 'XOF',
      lastUpdate: '2026-12-01T23:55:00.000Z',
      since: '2026-12-01T20:00:00.000Z',
    };
    expect(renderTitle(updated, 'fr')).toBe(
      '[ACTUALISÉ] Solde DEXCHANGE de main : nouvelle actualisation le 1er déc. à 23 h 55',
    );
    expect(renderAlert(updated, 'fr').subject).toBe(
      '[ACTUALISE] Solde DEXCHANGE de main : nouvelle actualisation le 1er dec., 23 h 55',
    );
  });

  it('the words a Dakar reader would write: one colon per sentence, no calque, no capital after a colon', () => {
    const stale: AlertEvent = {
      severity: 'STALE',
      account: 'main',
      at: '2026-12-02T13:35:00.000Z',
      balance: 400_000,
      currency: 'XOF',
      lastUpdate: '2026-12-02T03:35:00.000Z',
      staleAfterMinutes: 120,
    };
    expect(plain(renderAlert(stale, 'fr', help).email)).toContain(
      "Ce montant n'est peut-être plus à jour ; les alertes de solde reposent dessus.",
    );
    const unavailable: AlertEvent = {
      severity: 'FAILING',
      account: 'main',
      at: '2026-12-02T13:35:00.000Z',
      since: '2026-12-02T13:20:00.000Z',
      failedChecks: 3,
      failure,
    };
    expect(plain(renderAlert(unavailable, 'fr', help).email)).toContain(
      "À faire : rien dans l'immédiat (l'outil de suivi réessaie à chaque contrôle) ; si cela se prolonge, contactez le support DEXCHANGE.",
    );
    const recovered: AlertEvent = {
      severity: 'RECOVERED',
      account: 'main',
      at: '2026-12-02T13:35:00.000Z',
      since: '2026-12-02T07:35:00.000Z',
      balance: 400_000,
      currency: 'XOF',
      threshold: 105_000,
      peak: 'LOW',
    };
    expect(plain(renderAlert(recovered, 'fr', help).email)).toContain(
      "est de 400 000 F CFA : il a atteint le niveau de fin d'alerte (105 000 F CFA) et l'alerte est close.",
    );
    const forecast: AlertEvent = {
      severity: 'FORECAST',
      reason: 'low',
      account: 'main',
      at: '2026-12-02T09:40:00.000Z',
      balance: 220_000,
      currency: 'XOF',
      threshold: 100_000,
      perHour: -30_000,
      toLow: { minutes: 240, earliest: 200, latest: 300 },
      toZero: { minutes: 440, earliest: 400, latest: 480 },
    };
    expect(plain(renderAlert(forecast, 'fr', help).email)).toContain(
      'Au rythme actuel (sorties de 30 000 F CFA par heure)',
    );
    const ack: AlertEvent = {
      severity: 'ACKNOWLEDGED',
      account: 'Boutique Thiès',
      at: '2026-12-02T13:35:00.000Z',
      about: 'LOW',
      since: '2026-12-02T13:00:00.000Z',
      by: '',
      acknowledgedAt: '2026-12-02T13:30:00.000Z',
    };
    expect(renderTitle(ack, 'fr')).toBe(
      "[EN COURS] Solde DEXCHANGE de Boutique Thiès : quelqu'un s'en occupe",
    );
    expect(renderAlert(ack, 'fr').sms).toBe(
      "DEXCHANGE Boutique Thiès : quelqu'un s'en occupe (solde bas).",
    );
    // The sentence still starts with its capital.
    expect(renderAlert(ack, 'fr').email).toMatch(/^Quelqu'un s'occupe du solde bas/);
    const digest = {
      severity: 'DIGEST',
      account: 'main',
      at: '2026-12-02T08:00:00.000Z',
      currency: 'XOF',
      low: 100_000,
      checks: 0,
      failedChecks: 0,
      belowLowMinutes: 0,
    } as const;
    // The SMS drops "ô" (GSM-7 lacks it): "controle".
    expect(renderAlert(digest, 'fr').sms).toContain('aucune lecture, 0 controle en échec.');
    expect(renderAlert({ ...digest, failedChecks: 1 }, 'fr').sms).toContain('1 controle en échec.');
    expect(renderAlert({ ...digest, failedChecks: 2 }, 'fr').sms).toContain(
      '2 controles en échec.',
    );
  });

  it('"lisible après 7 heures d\'échecs", not a time of day', () => {
    const resolved: AlertEvent = {
      severity: 'FAILING_RESOLVED',
      account: 'main',
      at: '2026-12-02T13:30:00.000Z',
      since: '2026-12-02T06:30:00.000Z',
      balance: 400_000,
      currency: 'XOF',
    };
    expect(plain(renderAlert(resolved, 'fr').sms)).toBe(
      "DEXCHANGE main : solde de nouveau lisible après 7 heures d'échecs : 400 000 F CFA.",
    );
  });
});

describe('10. the LOW and CRITICAL SMS: the minimum first, the advised if it fits, and the contact apart', () => {
  const low = heldLow({
    account: 'payouts-main',
    since: '2026-12-01T13:45:00.000Z',
    at: '2026-12-01T13:45:00.000Z',
  });

  it('"Minimum ... to close the alert", then "Advised ... for 24 h" / "pour 24 heures" while it fits, and the contact ends its sentence', () => {
    const en = renderAlert(low, 'en', help).sms;
    expect(en).toBe(
      'DEXCHANGE payouts-main: balance XOF 97,500, below XOF 100,000. Top up. Minimum XOF 8,000 to close the alert. Advised XOF 730,000 for 24 h.',
    );
    const fr = plain(renderAlert(low, 'fr', help).sms);
    expect(fr).toContain(
      "Rechargez. Minimum 8 000 F CFA pour clore l'alerte. Conseillé 730 000 F CFA pour 24 heures.",
    );
    // Without a pace, the minimum alone; the contact then fits.
    const noPace = renderAlert({ ...low, topUp: { toRecover: 8_000 } }, 'en', help).sms;
    expect(noPace).toContain(
      'Top up. Minimum XOF 8,000 to close the alert. Awa +221 77 123 45 67. Empty in about 3 h 15 min.',
    );
  });

  it('nothing runs into the contact, whatever it ends with', () => {
    for (const event of sampleEvents('main'))
      for (const locale of locales) {
        const sms = renderAlert(event, locale, help).sms;
        expect(sms, sms).not.toMatch(/67 [A-Z]/);
      }
    const dotted = { ...help, topUp: { contact: 'Awa, 77 123 45 67.' } };
    const noPace = { ...low, topUp: { toRecover: 8_000 } };
    expect(renderAlert(noPace, 'en', dotted).sms).toContain('Awa, 77 123 45 67. Empty');
  });
});

describe('11. titles: French tags with their accents, no space before a title without emoji', () => {
  it('the chat and Telegram titles carry the accents; the ASCII subject drops them', () => {
    const events = sampleEvents('main');
    const tags = new Set(events.map((e) => /^\[[^\]]*\]/.exec(renderTitle(e, 'fr', help))?.[0]));
    for (const tag of [
      '[RÉTABLI]',
      '[ÉCHEC]',
      '[RÉSUMÉ]',
      '[ACTUALISÉ]',
      '[PRÉVISION]',
      '[NON ACTUALISÉ]',
      '[RÉSOLU]',
      '[RAPPEL ÉCHEC]',
    ])
      expect(tags).toContain(tag);
    const recovered = events.find((e) => e.severity === 'RECOVERED');
    if (recovered === undefined) throw new Error('no RECOVERED among the sample events');
    expect(renderAlert(recovered, 'fr', help).subject).toMatch(/^\[RETABLI\] /);
    expect(renderTelegram({ event: recovered }, 'fr', help)).toMatch(/^<b>\[RÉTABLI\] /);
  });

  it.each(['ACKNOWLEDGED', 'DIGEST', 'HELD'])(
    '%s: the chat title starts with its tag',
    (severity) => {
      for (const event of sampleEvents().filter((e) => e.severity === severity))
        for (const locale of locales)
          expect(renderChat({ id: 'x', event }, locale, help).content.title).toMatch(/^\[/);
    },
  );
});

describe('12. English dates read as English: "on Dec 1 at 1:45 pm", never "at Dec 1"', () => {
  const unstable = { endedAt: '2026-12-01T23:50:00.000Z', coolOffMinutes: 30 };
  const events: AlertEvent[] = sampleEvents('Boutique Thiès').flatMap((e): AlertEvent[] =>
    e.severity === 'LOW' || e.severity === 'FAILING'
      ? [e, { ...e, unstable, at: '2026-12-02T00:10:00.000Z' }]
      : [e],
  );

  it.each(events.map((e) => [e.severity, e] as const))('%s', (_severity, event) => {
    const alert = renderAlert(event, 'en', help);
    for (const text of [alert.email, alert.sms, alert.subject].map(plain))
      expect(text).not.toMatch(/\bat [A-Z][a-z]{2} \d{1,2}\b/);
  });

  it('the checked line, an acknowledgment and an UPDATED say "on"', () => {
    const ack = events.find((e) => e.severity === 'ACKNOWLEDGED');
    if (ack === undefined) throw new Error('sample week');
    const email = plain(renderAlert(ack, 'en', help).email);
    expect(email).toMatch(/\(said on [A-Z][a-z]{2} \d{1,2} at \d{1,2}:\d\d [ap]m\)/);
    expect(email).toMatch(/The alert began on [A-Z][a-z]{2} \d{1,2} at /);
    expect(email).toMatch(/Checked on [A-Z][a-z]{2} \d{1,2} at \d{1,2}:\d\d [ap]m\. Times are/);
  });
});
