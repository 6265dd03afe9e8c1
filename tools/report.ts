import type { Forecast } from '../lambda/alerting/forecast';
import { formatDuration } from '../lambda/messages/words';
import type { HistoryPoint } from '../lambda/alerting/forecast';
import type { RenderedAlert } from '../lambda/messages/render';
import { formatAmount, gsm7Length, SMS_MAX_SEPTETS } from '../lambda/messages/text';
import type { AlertAttributes, Locale } from '../lambda/alerting/types';

/** What `npm start` prints: alert texts, one-line check summaries, a sparkline. */

export const say = (line = '') => process.stdout.write(`${line}\n`);

/** Amounts for a terminal: Intl's non-breaking spaces become plain ones. */
export function plainAmount(value: number, currency: string, locale: Locale): string {
  return formatAmount(value, currency, locale).replace(/[\u00a0\u202f]/g, ' ');
}

/** What the other channels would send, for `npm start` to show beside the e-mail and SMS. */
export interface ChannelViews {
  readonly chat: { readonly title: string; readonly description: string };
  /** As the Telegram chat shows it. */
  readonly telegram: string;
  readonly webhook: string;
  /** As the WhatsApp message reads: its template filled with the alert's facts. */
  readonly whatsapp?: { readonly template: string; readonly text: string };
}

export function printAlert(
  alert: RenderedAlert,
  attributes: AlertAttributes,
  published: boolean,
  brief: boolean,
  channels?: ChannelViews,
): void {
  const label =
    attributes.remindsOf === undefined
      ? attributes.severity
      : `${attributes.severity} (${attributes.remindsOf})`;
  const where = published ? '(published)' : '(would be published; pass --topic-arn to publish)';
  if (brief) {
    say(`    -> ${label}: ${alert.subject}`);
    return;
  }
  say();
  say(`--- ${label} alert ${where} ---`);
  say(`Subject: ${alert.subject}`);
  say('E-mail:');
  for (const line of alert.email.split('\n')) say(`  ${line}`);
  say(`SMS (${gsm7Length(alert.sms) ?? '?'}/${SMS_MAX_SEPTETS} GSM-7 characters):`);
  say(`  ${alert.sms}`);
  if (channels === undefined) return;
  say('Slack / Teams (through AWS chat integration):');
  say(`  ${channels.chat.title}`);
  for (const line of channels.chat.description.split('\n')) say(`  ${line}`);
  say('Telegram:');
  for (const line of channels.telegram.split('\n')) say(`  ${line}`);
  if (channels.whatsapp !== undefined) {
    say(`WhatsApp (template ${channels.whatsapp.template}):`);
    for (const line of channels.whatsapp.text.split('\n')) say(`  ${line}`);
  }
  say(
    'Webhook body (signed as Standard Webhooks sign: webhook-id, webhook-timestamp, webhook-signature):',
  );
  say(`  ${channels.webhook}`);
}

/** "runway 5 h 12 min, LOW in 1 h 3 min" or "no forecast". */
export function describeRunway(forecast: Forecast | undefined, locale: Locale): string {
  if (forecast === undefined) return 'no forecast (not enough history, or not draining)';
  const toZero = `empty in ${formatDuration(forecast.toZero.minutes, locale)}`;
  const toLow =
    forecast.toLow === undefined
      ? ''
      : `, below LOW in ${formatDuration(forecast.toLow.minutes, locale)}`;
  return `${toZero}${toLow} (${Math.round(forecast.perHour).toLocaleString('en-US')} an hour)`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart of recent balances, at most `width` columns (each the bucket's minimum). */
export function sparkline(points: readonly HistoryPoint[], width = 48): string {
  if (points.length === 0) return '';
  const buckets = Math.min(width, points.length);
  const values = Array.from({ length: buckets }, (_, b) => {
    const from = Math.floor((b * points.length) / buckets);
    const to = Math.max(from + 1, Math.floor(((b + 1) * points.length) / buckets));
    return Math.min(...points.slice(from, to).map((p) => p.balance));
  });
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values
    .map((v) => BARS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (BARS.length - 1))])
    .join('');
}
