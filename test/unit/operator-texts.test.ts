import { describe, expect, it } from 'vitest';
import type { AlertEvent, Locale } from '../../lambda/alerting/types';
import type { Route } from '../../lambda/contract/routing';
import { catalogOf } from '../../lambda/messages/locales/all';
import { renderParkedNotice } from '../../lambda/messages/parked-notice';
import { renderAlert, type RenderContext } from '../../lambda/messages/render';
import { fitsOneSms } from '../../lambda/messages/text';
import { sampleEvents } from '../support/sample-events';

/**
 * What the texts say of the operators (issue 20, item 1): a FAILING (and its reminder) or a
 * STALE the operators hear too says so, to finance, by e-mail and in the SMS when it fits; no
 * other alert does, nor one the operators' route does not take. And the notice the operators
 * get of an alert given up on.
 */

const events = sampleEvents();
const locales: Locale[] = ['en', 'fr'];
const byDefault: Route = { minLevel: 'NONE', also: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'] };
const context = (operatorsHear?: Route): RenderContext => ({
  timeZone: 'Africa/Dakar',
  ...(operatorsHear === undefined ? {} : { operatorsHear }),
});
const kindOf = (e: AlertEvent) =>
  e.severity === 'REMINDER' ? `REMINDER:${e.remindsOf}` : e.severity;
const toldIn = (e: AlertEvent, locale: Locale, route?: Route) => {
  const told = catalogOf(locale).render.operatorsTold;
  const text = renderAlert(e, locale, context(route));
  return { email: text.email.includes(told.email), sms: text.sms.includes(told.sms), text };
};

describe('"IT has this alert too"', () => {
  it.each(locales)('%s: said in FAILING, its reminder and STALE, and in nothing else', (locale) => {
    const saying = events.filter((e) => toldIn(e, locale, byDefault).email).map(kindOf);
    expect(saying).toEqual(['FAILING', 'REMINDER:FAILING', 'STALE']);
    // Every kind of alert is in the sample, so the others were tried.
    expect(new Set(events.map(kindOf)).size).toBeGreaterThan(10);
  });

  it.each(locales)('%s: not said when the operators are not people of their own', (locale) => {
    expect(events.filter((e) => toldIn(e, locale).email)).toEqual([]);
  });

  it.each(locales)("%s: not said of what the operators' route does not take", (locale) => {
    const staleOnly: Route = { minLevel: 'NONE', also: ['STALE'] };
    expect(events.filter((e) => toldIn(e, locale, staleOnly).email).map(kindOf)).toEqual(['STALE']);
  });

  it.each(locales)(
    '%s: the SMS still fits one segment, and says it when there is room (longest account name)',
    (locale) => {
      for (const e of events.filter((x) => toldIn(x, locale, byDefault).email)) {
        const { sms, text } = toldIn(e, locale, byDefault);
        expect(fitsOneSms(text.sms), text.sms).toBe(true);
        // The extra goes last: what the SMS said before is still there.
        expect(text.sms.startsWith(renderAlert(e, locale, context()).sms)).toBe(true);
        if (sms) expect(text.sms.endsWith(catalogOf(locale).render.operatorsTold.sms)).toBe(true);
      }
      // With a short account name, each of them says it by SMS too.
      const short = sampleEvents('main').filter((x) => toldIn(x, locale, byDefault).email);
      expect(short.map((x) => toldIn(x, locale, byDefault).sms)).toEqual([true, true, true]);
    },
  );

  // The chat or webhook copy may go while the topic's copy is held (cap, quiet hours): the line
  // says what is sent, never that IT has received it.
  it('says what is sent, not what IT received', () => {
    const failing = events.find((e) => e.severity === 'FAILING');
    if (failing === undefined) throw new Error('no FAILING in the sample');
    const text = renderAlert(failing, 'en', context(byDefault));
    expect(text.email).toContain('IT (the operators) is sent this alert too.');
    expect(text.email).not.toMatch(/ha(s|ve) this alert/);
    const short = sampleEvents('main').find((e) => e.severity === 'FAILING');
    if (short === undefined) throw new Error('no FAILING in the sample');
    expect(renderAlert(short, 'fr', context(byDefault)).sms).toContain(
      "Copie envoyée à l'informatique.",
    );
  });

  it('reads as finance writes it, in French', () => {
    const failing = events.find((e) => e.severity === 'FAILING');
    if (failing === undefined) throw new Error('no FAILING in the sample');
    expect(renderAlert(failing, 'fr', context(byDefault)).email).toContain(
      'Cette alerte est aussi envoyée au service informatique.',
    );
  });
});

describe('the notice of alerts given up on', () => {
  const low = events.find((e) => e.severity === 'LOW');
  const failing = events.find((e) => e.severity === 'FAILING');
  if (low === undefined || failing === undefined) throw new Error('no LOW or FAILING');
  const parked = (event: AlertEvent | undefined, channel = 'sns') => ({
    channel,
    severity: event?.severity ?? 'LOW',
    eventAt: event?.at ?? '2026-12-01T10:00:00.000Z',
    attempts: 3,
    error: 'SNS refused the publish (NotFoundException)',
    ...(event === undefined ? {} : { event }),
  });

  it.each(locales)(
    '%s: says which, where, after how many attempts and why, then each alert once, as written',
    (locale) => {
      const notice = renderParkedNotice(
        'main',
        [parked(low), parked(low, 'chat:ops'), parked(failing)],
        locale,
        context(),
      );
      expect(notice.body).toContain('chat:ops');
      expect(notice.body.match(/NotFoundException/g)).toHaveLength(3);
      expect(notice.body).toContain(catalogOf(locale).parked.action);
      const original = catalogOf(locale).parked.original;
      // The LOW, given up on two channels, is quoted once; the FAILING once.
      expect(notice.body.split(original)).toHaveLength(3);
      expect(notice.body).toContain(renderAlert(low, locale, context()).email);
      expect(notice.body).toContain(renderAlert(failing, locale, context()).email);
    },
  );

  it('names the count and the account in an ASCII subject under 100 characters', () => {
    expect(renderParkedNotice('main', [parked(low)], 'en', context()).subject).toBe(
      '[UNDELIVERED] an alert of main could not be delivered',
    );
    const many = renderParkedNotice(
      'W'.repeat(32),
      [parked(low), parked(undefined)],
      'fr',
      context(),
    );
    expect(many.subject).toBe(
      `[NON LIVREE] 2 alertes du compte ${'W'.repeat(32)} n'ont pas pu etre livrees`,
    );
    expect(many.subject.length).toBeLessThan(100);
    // An entry the record no longer had: listed, not quoted.
    expect(many.body.split(catalogOf('fr').parked.original)).toHaveLength(2);
  });
});
