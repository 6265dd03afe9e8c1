import type { AlertEvent, Locale } from '../alerting/types';
import { SEVERITIES, type Severity } from '../contract/severities';
import { catalogOf } from './locales/all';
import { renderAlert, type RenderContext } from './render';
import { toAsciiSubject } from './text';
import { lateFailureMeaning, readLateFailure, type LateFailure } from './whatsapp/late-failure';
import { dateTime } from './words';

/**
 * What the operators are told of alerts given up on (parked as undeliverable): which, where,
 * after how many attempts and why, then each alert's own e-mail text when the record still had
 * it, so that IT can pass on what the people it was for never got.
 */

/** One delivery given up on (delivery/outbox-entry.ts's ParkedDelivery), with its event. */
export interface ParkedItem {
  readonly channel: string;
  readonly severity: string;
  readonly eventAt: string;
  readonly attempts: number;
  readonly error: string;
  readonly event?: AlertEvent;
}

export interface ParkedNotice {
  readonly subject: string;
  readonly body: string;
}

export function renderParkedNotice(
  account: string,
  items: readonly ParkedItem[],
  locale: Locale,
  context: RenderContext,
): ParkedNotice {
  const say = catalogOf(locale);
  // Failures Meta reported after accepting the message: the monitor gave up on nothing.
  const late = items.flatMap((item) => {
    const failure = readLateFailure(item.error);
    return failure === undefined ? [] : [{ item, failure }];
  });
  if (late.length === items.length) return lateNotice(account, late, locale, context);
  const lines = items.map((item) =>
    say.parked.line({
      severity: item.severity,
      channel: item.channel,
      raisedAt: dateTime(item.eventAt, locale, context.timeZone),
      attempts: item.attempts,
      error: item.error,
    }),
  );
  // One text per event: an alert given up on two channels is quoted once.
  const events = [
    ...new Map(items.flatMap((i) => (i.event ? [[i.eventAt + i.severity, i.event]] : []))).values(),
  ];
  const originals = events.map((event) => renderAlert(event, locale, context).email);
  const body = [
    [say.parked.intro(account, items.length), ...lines].join('\n'),
    say.parked.action,
    ...originals.map((text) => `${say.parked.original}\n\n${text}`),
  ].join('\n\n');
  const subject = toAsciiSubject(say.render.beforeAscii(say.parked.subject(account, items.length)));
  return { subject, body };
}

/**
 * The notice of WhatsApp alerts Meta accepted, then reported failed: each alert with Meta's
 * code and title (data, quoted) and what the code means, one "What to do" for all, and where
 * the alert's text is (the other channels got it; a late failure carries no event to quote).
 */
function lateNotice(
  account: string,
  late: readonly { readonly item: ParkedItem; readonly failure: LateFailure }[],
  locale: Locale,
  context: RenderContext,
): ParkedNotice {
  const say = catalogOf(locale).parked.late;
  const lines = late.map(({ item, failure }) =>
    say.line({
      alert: isSeverity(item.severity) ? say.alerts[item.severity] : item.severity,
      channel: item.channel,
      raisedAt: dateTime(item.eventAt, locale, context.timeZone),
      code: failure.code,
      title: failure.title,
      meaning: lateFailureMeaning(failure.code),
    }),
  );
  // One action per meaning, naming the recipients it concerns ("whatsapp:caisse" → caisse).
  const byMeaning = new Map<ReturnType<typeof lateFailureMeaning>, Set<string>>();
  for (const { item, failure } of late) {
    const meaning = lateFailureMeaning(failure.code);
    const names = byMeaning.get(meaning) ?? new Set<string>();
    names.add(item.channel.replace(/^whatsapp:/, ''));
    byMeaning.set(meaning, names);
  }
  const todos = say.todos([...byMeaning].map(([meaning, names]) => say.todo(meaning, [...names])));
  const body = [
    [say.intro(account, late.length), ...lines].join('\n'),
    todos.join('\n'),
    say.where,
  ].join('\n\n');
  const subject = toAsciiSubject(
    catalogOf(locale).render.beforeAscii(say.subject(account, late.length)),
  );
  return { subject, body };
}

const isSeverity = (value: string): value is Severity =>
  (SEVERITIES as readonly string[]).includes(value);
