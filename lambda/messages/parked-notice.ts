import type { AlertEvent, Locale } from '../alerting/types';
import { catalogOf } from './locales/all';
import { renderAlert, type RenderContext } from './render';
import { toAsciiSubject } from './text';
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
