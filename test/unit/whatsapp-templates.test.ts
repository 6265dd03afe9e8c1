import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lambda/alerting/types';
import { LOCALES } from '../../lambda/contract/severities';
import {
  ACKNOWLEDGE_BUTTON_KINDS,
  TEMPLATE_FACTS,
  TEMPLATE_VERSION,
  templateKindOf,
  templateName,
  WHATSAPP_TEMPLATE_KINDS,
} from '../../lambda/messages/whatsapp/kinds';
import {
  exampleParameters,
  fillBody,
  placeholdersOf,
  templateDefinition,
  WHATSAPP_BODY_MAX,
  WHATSAPP_BUTTON_TEXT_MAX,
  WHATSAPP_CATALOGS,
  WHATSAPP_FOOTER_MAX,
  whatsappParameters,
  whatsappText,
} from '../../lambda/messages/whatsapp/templates';
import { sampleEvents } from '../support/sample-events';

/**
 * The consistency the WhatsApp channel relies on: Meta refuses a message whose parameters do
 * not match its template's placeholders, and a body past its limit. Over every kind of alert
 * and both languages, with the longest account name.
 */

const RENDER = { timeZone: 'Africa/Dakar' };

/** Every kind, with what the scripted week does not make: an outflow and an overdraft. */
function everyEvent(): AlertEvent[] {
  const events = sampleEvents();
  const account = events[0]?.account ?? 'W';
  const low = events.find((e) => e.severity === 'LOW');
  if (low?.severity !== 'LOW') throw new Error('the sample week has no LOW');
  return [
    ...events,
    { ...low, severity: 'CRITICAL', balance: -5_000, threshold: 0 },
    {
      severity: 'UNUSUAL_OUTFLOW',
      account,
      at: low.at,
      balance: 150_000,
      currency: 'XOF',
      reason: 'pace',
      outflow: 300_000,
      minutes: 45,
      outPerHour: 400_000,
      usualOutPerHour: 50_000,
    },
  ];
}

type BalanceCase = 'overdrawn' | 'zero' | 'credit' | 'unread';

/** What each balance reads as, in the glossary's words (docs/glossaire.md). */
const EXPECTED: Record<'fr' | 'en', Record<BalanceCase, RegExp>> = {
  fr: {
    overdrawn: /débiteur de 5 000 F CFA/,
    zero: /(?<!\d ?)0 F CFA/,
    credit: /(?<!\d ?)45 000 F CFA/,
    unread: /Solde : aucune lecture réussie en 24 heures/,
  },
  en: {
    overdrawn: /overdrawn by XOF 5,000/,
    zero: /XOF 0(?!,?\d)/,
    credit: /XOF 45,000/,
    unread: /Balance: no successful reading in 24 hours/,
  },
};

/** The misreadings the first templates made, and their kin. */
const MISREAD: Record<'fr' | 'en', RegExp> = {
  fr: /\b(de|un|à) (débiteur|aucune|non lu)/iu,
  en: /\b(of|a|an) (overdrawn|no successful|not read)/iu,
};

/** Every kind whose template states a balance, overdrawn, at zero and in credit; a digest unread. */
function balanceVariants(): { label: BalanceCase; event: AlertEvent }[] {
  const cases: [BalanceCase, number][] = [
    ['overdrawn', -5_000],
    ['zero', 0],
    ['credit', 45_000],
  ];
  return everyEvent().flatMap((event) => {
    if (!TEMPLATE_FACTS[templateKindOf(event)].includes('balance')) return [];
    // A HELD states the latest balance read, not its own.
    const variants = cases.map(([label, balance]) => ({
      label,
      event: (event.severity === 'HELD'
        ? { ...event, latest: { balance, currency: 'XOF', at: event.at } }
        : { ...event, balance }) as AlertEvent,
    }));
    return event.severity === 'DIGEST'
      ? [...variants, { label: 'unread' as const, event: { ...event, balance: undefined } }]
      : variants;
  });
}

describe('WhatsApp templates', () => {
  it.each(LOCALES)(
    '%s: each body names its facts once each, in order, never first, last or side by side',
    (locale) => {
      const say = WHATSAPP_CATALOGS[locale];
      for (const kind of WHATSAPP_TEMPLATE_KINDS) {
        const body = say.bodies[kind];
        const count = TEMPLATE_FACTS[kind].length;
        expect(placeholdersOf(body), `${locale} ${kind}`).toEqual(
          Array.from({ length: count }, (_, i) => i + 1),
        );
        expect(body, `${locale} ${kind}`).not.toMatch(/^\s*\{\{|\}\}\s*$/);
        // Nor two side by side: Meta refuses a template whose placeholders touch.
        expect(body, `${locale} ${kind}`).not.toMatch(/\}\}[^\p{L}]*\{\{/u);
        expect(body.length, `${locale} ${kind}`).toBeLessThanOrEqual(WHATSAPP_BODY_MAX);
      }
      expect(say.footer.length).toBeLessThanOrEqual(WHATSAPP_FOOTER_MAX);
      expect(say.acknowledgeButton.length).toBeLessThanOrEqual(WHATSAPP_BUTTON_TEXT_MAX);
    },
  );

  it('covers every kind of alert from the events the policy makes', () => {
    const kinds = new Set(everyEvent().map((e) => whatsappParameters(e, 'en', RENDER).kind));
    expect([...kinds].sort()).toEqual([...WHATSAPP_TEMPLATE_KINDS].sort());
  });

  it.each(LOCALES)(
    '%s: every event sends as many parameters as its template has placeholders, each one a fact on one line, and the body fits',
    (locale) => {
      const say = WHATSAPP_CATALOGS[locale];
      for (const event of everyEvent()) {
        const message = whatsappParameters(event, locale, RENDER);
        const body = say.bodies[message.kind];
        const label = `${locale} ${event.severity} → ${message.name}`;
        expect(message.language, label).toBe(say.language);
        expect(message.parameters.length, label).toBe(new Set(placeholdersOf(body)).size);
        for (const parameter of message.parameters) {
          expect(parameter.trim(), label).not.toBe('');
          // Meta refuses a new line, a tab or more than four spaces in a row.
          expect(parameter, label).not.toMatch(/[\n\t]| {5,}/);
          // A fact the kind does not have would fall back to "-": every kind's facts exist.
          expect(parameter, label).not.toBe('-');
          // Facts only: never a link (nor a key, which no fact is made from).
          expect(parameter, label).not.toMatch(/https?:/);
        }
        const filled = fillBody(body, message.parameters);
        expect(filled, label).not.toMatch(/\{\{\d+\}\}/);
        expect(filled.length, label).toBeLessThanOrEqual(WHATSAPP_BODY_MAX);
      }
    },
  );

  it('says an overdraft as finance says it, in each language', () => {
    const critical = everyEvent().find((e) => e.severity === 'CRITICAL' && e.balance < 0);
    if (critical === undefined) throw new Error('no overdrawn CRITICAL');
    expect(whatsappParameters(critical, 'fr', RENDER).parameters[1]).toMatch(/^débiteur de 5/);
    expect(whatsappParameters(critical, 'en', RENDER).parameters[1]).toMatch(/^overdrawn by XOF/);
  });

  it.each(LOCALES)(
    '%s: the balance reads right whether it is overdrawn, zero, in credit or unread',
    (locale) => {
      const say = WHATSAPP_CATALOGS[locale];
      // Both loops below have something to read: every case, and templates that state a balance.
      expect(new Set(balanceVariants().map((v) => v.label))).toEqual(
        new Set(['overdrawn', 'zero', 'credit', 'unread']),
      );
      expect(WHATSAPP_TEMPLATE_KINDS.some((k) => TEMPLATE_FACTS[k].includes('balance'))).toBe(true);
      // A body's words just before the balance: "un solde de {{2}}" read "un solde de débiteur
      // de 5 000 F CFA" and "a balance of overdrawn by XOF 5,000", whatever the test figures.
      for (const kind of WHATSAPP_TEMPLATE_KINDS) {
        const at = TEMPLATE_FACTS[kind].indexOf('balance');
        if (at === -1) continue;
        const before = say.bodies[kind].split(`{{${at + 1}}}`)[0] ?? '';
        expect(before, `${locale} ${kind}`).not.toMatch(/\b(de|d'|of|a|an|un|une|à)\s*$/iu);
      }
      for (const { label, event } of balanceVariants()) {
        const message = whatsappParameters(event, locale, RENDER);
        // One kind of space, whatever the amount's formatting puts between its digits.
        const text = whatsappText(message, locale).replace(/[^\S\n]/gu, ' ');
        const where = `${locale} ${message.kind} ${label}: ${text}`;
        expect(text, where).not.toMatch(MISREAD[locale]);
        expect(text, where).toMatch(EXPECTED[locale][label]);
      }
    },
  );

  it('names each template with the version of its words, so changed words are a new template', () => {
    for (const kind of WHATSAPP_TEMPLATE_KINDS)
      expect(templateName(kind)).toBe(`dexchange_${kind}_v${TEMPLATE_VERSION}`);
    // The words reviewed under v1 ("un solde de {{2}}") are not the words sent today.
    expect(TEMPLATE_VERSION).toBeGreaterThan(1);
  });

  it.each(LOCALES)(
    '%s: each definition is a utility template with an example per placeholder',
    (locale) => {
      for (const kind of WHATSAPP_TEMPLATE_KINDS) {
        const example = exampleParameters(kind, locale);
        const definition = templateDefinition(kind, locale, example) as {
          name: string;
          category: string;
          components: { type: string; example?: { body_text: string[][] }; buttons?: unknown[] }[];
        };
        expect(definition.name).toMatch(/^[a-z0-9_]{1,512}$/);
        expect(definition.category).toBe('UTILITY');
        const body = definition.components.find((c) => c.type === 'BODY');
        expect(body?.example?.body_text[0]).toHaveLength(TEMPLATE_FACTS[kind].length);
        const buttons = definition.components.find((c) => c.type === 'BUTTONS');
        expect(buttons !== undefined, kind).toBe(ACKNOWLEDGE_BUTTON_KINDS.has(kind));
      }
    },
  );

  describe('HELD: what was held, counted and named, and the balance', () => {
    const low = everyEvent().find((e) => e.severity === 'LOW');
    const critical = everyEvent().find((e) => e.severity === 'CRITICAL');
    if (low === undefined || critical === undefined) throw new Error('no LOW or CRITICAL');
    const held = (events: AlertEvent[]): AlertEvent => ({
      severity: 'HELD',
      account: 'Boutique Dakar',
      at: '2026-11-28T07:00:00Z',
      reason: 'quiet',
      events,
      latest: { balance: 45_000, currency: 'XOF', at: '2026-11-28T07:00:00Z' },
    });
    const text = (event: AlertEvent, locale: 'fr' | 'en') =>
      whatsappText(whatsappParameters(event, locale, RENDER), locale).split('\n')[0];

    it('one LOW held during the quiet hours: one alert, singular, named, with the balance', () => {
      expect(text(held([low]), 'fr')).toBe(
        "L'outil de suivi a retenu 1 alerte (solde bas) sur le compte DEXCHANGE Boutique Dakar, toujours d'actualité le 28 nov. à 7 h 00. Solde : 45\u202f000\u00a0F\u202fCFA.",
      );
      expect(text(held([low]), 'en')).toBe(
        'The monitor held back 1 alert (low balance) on the DEXCHANGE account Boutique Dakar; still true on Nov 28, 7:00 am. Balance: XOF\u00a045,000.',
      );
    });

    it('two alerts: plural, each kind named', () => {
      expect(text(held([low, critical]), 'fr')).toContain(
        'a retenu 2 alertes (solde bas, solde critique) sur le compte',
      );
      expect(text(held([low, critical]), 'en')).toContain(
        'held back 2 alerts (low balance, critical balance) on the',
      );
    });
  });

  describe('durations in words', () => {
    const forecast = (minutes: number): AlertEvent => ({
      severity: 'FORECAST',
      account: 'Boutique Dakar',
      at: '2026-11-28T07:00:00Z',
      balance: 150_000,
      currency: 'XOF',
      threshold: 100_000,
      reason: 'low',
      toLow: { minutes, earliest: minutes - 30, latest: minutes + 30 },
      toZero: { minutes: minutes * 2, earliest: minutes * 2 - 30, latest: minutes * 2 + 30 },
      perHour: -12_500,
    });
    const outflow = (minutes: number): AlertEvent => ({
      severity: 'UNUSUAL_OUTFLOW',
      account: 'Boutique Dakar',
      at: '2026-11-28T07:00:00Z',
      balance: 150_000,
      currency: 'XOF',
      reason: 'pace',
      outflow: 300_000,
      minutes,
      outPerHour: 400_000,
      usualOutPerHour: 50_000,
    });
    const duration = (event: AlertEvent, locale: 'fr' | 'en') => {
      const message = whatsappParameters(event, locale, RENDER);
      return message.parameters[TEMPLATE_FACTS[message.kind].indexOf('duration')];
    };

    it.each([
      [240, 'within about 4 hours', "d'ici environ 4 heures"],
      [200, 'within about 3 hours 20 minutes', "d'ici environ 3 h 20 min"],
      [4320, 'within about 3 days', "d'ici environ 3 jours"],
    ])('a FORECAST %i minutes ahead: "%s" / « %s »', (minutes, en, fr) => {
      expect(whatsappText(whatsappParameters(forecast(minutes), 'en', RENDER), 'en')).toContain(en);
      expect(whatsappText(whatsappParameters(forecast(minutes), 'fr', RENDER), 'fr')).toContain(fr);
    });

    it('an outflow over a day and six hours, never "1 d 6 h"', () => {
      const en = whatsappText(whatsappParameters(outflow(1800), 'en', RENDER), 'en');
      expect(en).toContain('went out in 1 day 6 hours;');
      expect(en).not.toMatch(/\b\d+ [dh]\b/);
      expect(whatsappText(whatsappParameters(outflow(1800), 'fr', RENDER), 'fr')).toContain(
        'sortis en 1 jour et 6 heures.',
      );
      expect(duration(outflow(45), 'en')).toBe('45 minutes');
      expect(duration(outflow(61), 'en')).toBe('1 hour 1 minute');
    });
  });
});
