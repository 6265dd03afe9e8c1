import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertEvent, Locale } from '../../lambda/alerting/types';
import type { Route } from '../../lambda/contract/routing';
import { DETAIL_CODES } from '../../lambda/contract/failure-detail';
import { REMINDED_SEVERITIES, SEVERITIES } from '../../lambda/contract/severities';
import { escalatedDraft } from '../../lambda/messages/escalation-note';
import { failureHeadline, failureSentence } from '../../lambda/messages/failure';
import { catalogOf } from '../../lambda/messages/locales/all';
import type { Catalog } from '../../lambda/messages/catalog';
import { lateFailureText } from '../../lambda/channels/whatsapp-errors';
import { renderParkedNotice } from '../../lambda/messages/parked-notice';
import { renderReach } from '../../lambda/messages/reach';
import {
  draftOf,
  renderAlert,
  renderTitle,
  type RenderContext,
} from '../../lambda/messages/render';
import { ALARM_KINDS } from '../../infra/alarm-catalog';
import { alarmDescription } from '../../infra/alarm-texts';
import { WHATSAPP_TEMPLATE_KINDS } from '../../lambda/messages/whatsapp/kinds';
import { whatsappParameters, whatsappText } from '../../lambda/messages/whatsapp/templates';
import { sampleEvents } from '../support/sample-events';

/**
 * The words of docs/glossaire.md, held over every message the function and its alarms write, in
 * both languages: no refused word (the glossary's table is read here, so the doc and the test
 * cannot drift), one "what to do" block per message, a FAILING's cause said once, and ASCII
 * subjects that still read right without their accents.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const LOCALES: readonly Locale[] = ['fr', 'en'];

interface Refusal {
  readonly pattern: RegExp;
  readonly locale: Locale;
  readonly where: 'tout' | 'objet';
  readonly instead: string;
}

/** The rows of the glossary's "Mots refusés" table: `regex` | langue | où | à la place | … */
function refusals(): Refusal[] {
  const doc = readFileSync(join(ROOT, 'docs', 'glossaire.md'), 'utf8');
  const table = doc.split('## Mots refusés')[1]?.split('\n## ')[0] ?? '';
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [pattern, locale, where, instead] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      return {
        pattern: new RegExp((pattern ?? '').replace(/^`|`$/g, ''), 'iu'),
        locale: locale as Locale,
        where: where as Refusal['where'],
        instead: instead ?? '',
      };
    });
}

interface Message {
  readonly name: string;
  readonly locale: Locale;
  readonly subject?: string;
  /** The message's whole text (subject aside), whatever channel it is for. */
  readonly texts: readonly string[];
  /** The one text a "what to do" block is counted in (an e-mail body, an alarm description). */
  readonly body?: string;
}

const ACCOUNT = 'Boutique Thiès';
const AT = '2026-12-02T10:15:00.000Z';
const operators: Route = { minLevel: 'NONE', also: ['FAILING', 'STALE'] };
const context: RenderContext = {
  timeZone: 'Africa/Dakar',
  topUp: {
    instructions: 'Virement vers le compte DEXCHANGE.',
    url: 'https://business.dexchange.sn/recharge',
    contact: 'Awa Diop, +221 77 000 00 00',
  },
  acknowledge: () => 'https://ack.example/t/abc',
  operatorsHear: operators,
};

const kindOf = (e: AlertEvent) =>
  e.severity === 'REMINDER'
    ? `REMINDER:${e.remindsOf}`
    : e.severity === 'HELD'
      ? `HELD:${e.reason}:${e.events.map((x) => x.severity).join('+')}`
      : e.severity;

const failingOf = (code: (typeof DETAIL_CODES)[number]): AlertEvent => ({
  severity: 'FAILING',
  account: ACCOUNT,
  at: AT,
  since: '2026-12-02T10:05:00.000Z',
  failedChecks: 3,
  failure: {
    kind: 'unavailable',
    reason: 'english',
    status: 503,
    attempts: 3,
    detail: {
      code,
      status: 503,
      secretId: 'prod/dex',
      seconds: 5,
      errorName: 'ECONNRESET',
      provider: 'Service indisponible',
      providerCode: 'E503',
    },
  },
});

/** Every kind of alert, with the variants whose words differ. */
function alertEvents(): AlertEvent[] {
  const sample = sampleEvents(ACCOUNT);
  const low = sample.find((e) => e.severity === 'LOW');
  const failing = sample.find((e) => e.severity === 'FAILING');
  const stale = sample.find((e) => e.severity === 'STALE');
  const digest = sample.find((e) => e.severity === 'DIGEST');
  if (!low || !failing || !stale || !digest || low.severity !== 'LOW')
    throw new Error('the sample week lacks a kind');
  const reminder = sample.find((e) => e.severity === 'REMINDER' && e.remindsOf === 'LOW');
  if (!reminder) throw new Error('the sample week lacks a reminder of LOW');
  const outflow: AlertEvent = {
    severity: 'UNUSUAL_OUTFLOW',
    account: ACCOUNT,
    at: AT,
    balance: 320_000,
    currency: 'XOF',
    reason: 'pace',
    outflow: 56_000,
    minutes: 10,
    outPerHour: 336_000,
    usualOutPerHour: 33_000,
  };
  const held = (
    reason: 'silence' | 'quiet' | 'cap',
    events: AlertEvent[],
    balance = 80_000,
  ): AlertEvent => ({
    severity: 'HELD',
    account: ACCOUNT,
    at: AT,
    reason,
    ...(reason === 'cap' ? { capPerHour: 5 } : {}),
    events,
    latest: { balance, currency: 'XOF', at: AT },
  });
  return [
    ...sample,
    { ...low, balance: -5_000, topUp: { toRecover: 110_000 } },
    { ...low, unstable: { endedAt: low.at, coolOffMinutes: 30 } },
    { ...failing, unstable: { endedAt: failing.at, coolOffMinutes: 30 } },
    ...DETAIL_CODES.map(failingOf),
    held('silence', [low, failing, stale]),
    held('quiet', [low]),
    // Back above the threshold but under the recovery level, then at it.
    held('quiet', [low], 102_000),
    held('quiet', [low], 400_000),
    { ...reminder, balance: 102_000 },
    held('cap', [failing, stale]),
    // UNUSUAL_OUTFLOW: against the usual pace for the hour, and the amount and share rules.
    outflow,
    { ...outflow, reason: 'amount', usualOutPerHour: undefined },
    { ...outflow, reason: 'share', outflow: 250_000, minutes: 45 },
    // One debit a callback named, confirmed by the reading; with and without a usual pace.
    { ...outflow, reason: 'debit', outflow: 305_000, minutes: 4, debit: 300_000, debitAt: AT },
    {
      ...outflow,
      reason: 'debit',
      outflow: 305_000,
      minutes: 4,
      debit: 300_000,
      debitAt: AT,
      usualOutPerHour: undefined,
    },
    held('quiet', [outflow]),
    {
      ...digest,
      episode: { level: 'CRITICAL', since: low.at },
      failing: { since: failing.at, failedChecks: 4, acknowledgedBy: 'Awa' },
      unconfirmedRecipients: 2,
    },
    // The checks DEXCHANGE's callbacks started, counted apart from the schedule's.
    { ...digest, callbackChecks: 14 },
  ] as AlertEvent[];
}

function alertMessages(locale: Locale): Message[] {
  return alertEvents().flatMap((event) => {
    const rendered = renderAlert(event, locale, context);
    const escalated = renderAlert(
      event,
      locale,
      context,
      escalatedDraft(
        draftOf(event, locale, context),
        event,
        { tier: 'direction', afterMinutes: 30, told: [{ at: event.at }, { tier: 'it', at: AT }] },
        locale,
        context,
      ),
    );
    return [rendered, escalated].map((r, i) => ({
      name: `${kindOf(event)}${i === 1 ? ' (escalated)' : ''}`,
      locale,
      subject: r.subject,
      texts: [r.email, r.sms, renderTitle(event, locale, context)],
      body: r.email,
    }));
  });
}

function otherMessages(locale: Locale): Message[] {
  const say = catalogOf(locale);
  const low = sampleEvents(ACCOUNT).find((e) => e.severity === 'LOW');
  const parked = renderParkedNotice(
    ACCOUNT,
    [
      { channel: 'email', severity: 'LOW', eventAt: AT, attempts: 5, error: 'refused', event: low },
      { channel: 'chat', severity: 'LOW', eventAt: AT, attempts: 1, error: 'gone', event: low },
    ],
    locale,
    context,
  );
  // WhatsApp alerts Meta reported failed after accepting them: every meaning, one notice.
  const late = renderParkedNotice(
    ACCOUNT,
    [131026, 131042, 131049, 130472, 132001, 131000, 999999].map((code, i) => ({
      channel: `whatsapp:n${i}`,
      severity: 'CRITICAL',
      eventAt: AT,
      attempts: 1,
      error: lateFailureText(code, 'Title'),
    })),
    locale,
    context,
  );
  const address = { protocol: 'email' as const, endpoint: 'awa@example.sn' };
  const reach = renderReach(
    {
      resubscribed: [
        { ...address, audience: 'alerts', account: ACCOUNT },
        { protocol: 'sms', endpoint: '+221770000000', audience: 'alerts' },
      ],
      resubscribeFailed: [{ ...address, audience: 'operators' }],
      pending: [
        { ...address, audience: 'escalation', account: ACCOUNT, tier: 'direction', hours: 30 },
      ],
      unauthenticated: [{ ...address, audience: 'alerts', account: ACCOUNT, operator: true }],
    },
    locale,
  );
  const ack = say.ack;
  const abouts = ['LOW', 'CRITICAL', 'FAILING'] as const;
  const ackTexts = [
    ...abouts.map((about) => ack.subject(ACCOUNT, ack.what[about], ack.since('2 déc. à 10 h 05'))),
    ...abouts.map((about) => ack.confirmText(ack.stillComes[about])),
    ack.confirmTitle,
    ack.nameLabel,
    ack.button,
    ack.doneTitle,
    ack.refusalTitle,
    ...Object.values(ack.refusal),
    ...ackPageTexts(say.ackPage),
  ];
  const facts = {
    functionName: 'watchdog',
    logGroupName: '/aws/lambda/watchdog',
    scheduleName: 'every-10-minutes',
    queries: 'DexchangeBalanceMonitor',
    limitUsd: 10,
    thresholdUsd: 8,
    topicName: 'alerts',
  };
  const [notice] = parked.body.split(`\n\n${say.parked.original}`);
  return [
    {
      name: 'parked notice',
      locale,
      subject: parked.subject,
      texts: [parked.body],
      body: notice ?? '',
    },
    {
      name: 'late whatsapp notice',
      locale,
      subject: late.subject,
      texts: [late.body],
      body: late.body,
    },
    ...(reach === undefined
      ? []
      : [{ name: 'reach', locale, subject: reach.subject, texts: [reach.body], body: reach.body }]),
    { name: 'ack page', locale, texts: ackTexts },
    ...ALARM_KINDS.map((kind) => {
      const description = alarmDescription(kind, locale, facts);
      return { name: `alarm ${kind}`, locale, texts: [description], body: description };
    }),
  ];
}

/** Every string of the acknowledge page's own section, each function called with sample facts. */
function ackPageTexts(page: Catalog['ackPage']): string[] {
  const amount = '45 000 F CFA';
  const time = '14 h 50';
  return [
    page.balanceTitle,
    page.balanceNow(amount, '7 déc. à 14 h 45'),
    page.noReading,
    page.levelsTitle,
    page.lowLevel(amount),
    page.criticalLevel(amount),
    page.criticalEmpty,
    page.recoveryLevel(amount),
    page.toAddTitle,
    page.recovering(amount),
    page.topUpTitle,
    page.topUpLink,
    page.contact('Awa Diop'),
    page.chartTitle,
    page.chartDesc({ from: time, to: time, lowest: amount, highest: amount, forecast: true }),
    ...Object.values(page.chart).map((v) => (typeof v === 'string' ? v : v(6))),
    page.thanks(''),
    page.thanks('Awa'),
    page.othersTold({ at: time, otherDay: { at: false, silencedUntil: false } }),
    page.othersTold({
      at: time,
      silencedUntil: '8 déc. à 8 h 00',
      otherDay: { at: true, silencedUntil: true },
    }),
    page.othersTold({
      at: time,
      capEnds: '15 h 00',
      otherDay: { at: false, silencedUntil: false },
    }),
    page.takenBy('Awa', time),
    page.takenBySomeone(time),
    page.undoButton,
    page.undoUntil(time),
    page.undoneTitle,
    page.undone(true),
    page.undone(false),
    page.undoTooLateTitle,
    page.undoTooLate(time, 10),
    page.undoNothingTitle,
    page.undoNothing,
  ];
}

/**
 * Every WhatsApp template as sent, for every alert above (an overdrawn LOW among them) and a
 * digest with no reading: the template's words and the facts put in them read together.
 */
function whatsappMessages(locale: Locale): Message[] {
  const digest = alertEvents().find((e) => e.severity === 'DIGEST');
  const unread = digest === undefined ? [] : [{ ...digest, balance: undefined } as AlertEvent];
  // A HELD of one alert (one LOW during the quiet hours, the common case) and of two.
  const low = alertEvents().find((e) => e.severity === 'LOW');
  const critical = alertEvents().find((e) => e.severity === 'CRITICAL');
  const held = (events: AlertEvent[]): AlertEvent => ({
    severity: 'HELD',
    account: events[0]?.account ?? '',
    at: events[0]?.at ?? '',
    reason: 'quiet',
    events,
    latest: { balance: -5_000, currency: 'XOF', at: events[0]?.at ?? '' },
  });
  const heldOnes =
    low === undefined || critical === undefined ? [] : [held([low]), held([low, critical])];
  return [...alertEvents(), ...unread, ...heldOnes].map((event) => {
    const message = whatsappParameters(event, locale, context);
    const count = event.severity === 'HELD' ? ` (${event.events.length})` : '';
    return {
      name: `whatsapp ${message.kind}${count}`,
      locale,
      texts: [whatsappText(message, locale)],
    };
  });
}

const messages = LOCALES.flatMap((locale) => [
  ...alertMessages(locale),
  ...otherMessages(locale),
  ...whatsappMessages(locale),
]);

describe('the glossary (docs/glossaire.md)', () => {
  const refused = refusals();

  it('has its table of refused words, in both languages, for texts and for ASCII subjects', () => {
    expect(refused.length).toBeGreaterThan(10);
    expect(new Set(refused.map((r) => r.locale))).toEqual(new Set(['fr', 'en']));
    expect(new Set(refused.map((r) => r.where))).toEqual(new Set(['tout', 'objet']));
    expect(refused.every((r) => r.instead !== '')).toBe(true);
  });

  it('renders every kind of message in both languages', () => {
    for (const locale of LOCALES) {
      const names = messages.filter((m) => m.locale === locale).map((m) => m.name);
      const kinds = new Set(names.map((n) => n.split(':')[0]?.replace(' (escalated)', '')));
      for (const severity of SEVERITIES) expect(kinds, severity).toContain(severity);
      for (const about of REMINDED_SEVERITIES) expect(names).toContain(`REMINDER:${about}`);
      for (const reason of ['silence', 'quiet', 'cap'])
        expect(names.some((n) => n.startsWith(`HELD:${reason}`))).toBe(true);
      expect(names).toContain('reach');
      expect(names).toContain('ack page');
      expect(names).toContain('parked notice');
      expect(names).toContain('late whatsapp notice');
      for (const kind of WHATSAPP_TEMPLATE_KINDS)
        expect(names.some((n) => n.startsWith(`whatsapp ${kind}`))).toBe(true);
      expect(names).toContain('whatsapp held (1)');
      expect(names).toContain('whatsapp held (2)');
    }
  });

  it('refuses every word its table refuses, in every message', () => {
    const found = messages.flatMap((m) =>
      refused
        .filter((r) => r.locale === m.locale)
        .flatMap((r) => {
          const texts = r.where === 'objet' ? [m.subject ?? ''] : [...m.texts, m.subject ?? ''];
          return texts.flatMap((text) => {
            const match = r.pattern.exec(text);
            return match === null
              ? []
              : [
                  `${m.locale} ${m.name}: "${match[0]}" (write: ${r.instead}) in "${text.slice(Math.max(0, match.index - 40), match.index + 40)}"`,
                ];
          });
        }),
    );
    expect([...new Set(found)]).toEqual([]);
  });

  it('gives one "what to do" block per message', () => {
    const marker: Record<Locale, RegExp> = { fr: /À faire/g, en: /What to do|Fix:/g };
    const twice = messages.flatMap((m) => {
      const count = (m.body ?? '').match(marker[m.locale])?.length ?? 0;
      return count > 1 ? [`${m.locale} ${m.name}: ${count} blocks`] : [];
    });
    expect(twice).toEqual([]);
  });

  it("states a FAILING's cause once", () => {
    const twice = LOCALES.flatMap((locale) =>
      DETAIL_CODES.flatMap((code) => {
        const event = failingOf(code);
        if (event.severity !== 'FAILING') return [];
        const short = failureHeadline(event.failure, locale).toLowerCase();
        const full = failureSentence(event.failure, locale).toLowerCase().split(/[.,]/)[0] ?? '';
        const lines = renderAlert(event, locale, context)
          .email.split('\n')
          .filter((line) => {
            const lower = line.toLowerCase();
            return lower.includes(short) || lower.includes(full);
          });
        return lines.length === 1 ? [] : [`${locale} ${code}: ${lines.length} lines`];
      }),
    );
    expect(twice).toEqual([]);
  });

  it('keeps ASCII subjects ASCII', () => {
    const wrong = messages.filter(
      (m) => m.subject !== undefined && !/^[\x20-\x7e]*$/.test(m.subject),
    );
    expect(wrong.map((m) => `${m.name}: ${m.subject ?? ''}`)).toEqual([]);
  });
});
