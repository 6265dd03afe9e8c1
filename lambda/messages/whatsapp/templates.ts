import type { AlertEvent, Locale } from '../../alerting/types';
import type { RenderContext } from '../draft';
import { whatsappEn } from '../locales/whatsapp-en';
import { whatsappFr } from '../locales/whatsapp-fr';
import { formatAmount } from '../text';
import { durationFacts } from '../facts';
import { dateTime } from '../words';
import type { WhatsAppCatalog } from './catalog';
import {
  ACKNOWLEDGE_BUTTON_KINDS,
  TEMPLATE_FACTS,
  templateKindOf,
  templateName,
  WHATSAPP_TEMPLATE_KINDS,
  type WhatsAppFact,
  type WhatsAppTemplateKind,
} from './kinds';

/**
 * WhatsApp's templates as Meta takes them, and the parameters a message fills them with. Pure:
 * the channel (channels/whatsapp.ts), `npm run whatsapp-templates`, the fake endpoint and the
 * sandbox all build from here, so what is submitted, what is sent and what is checked agree.
 */

/** Every locale's WhatsApp words: a locale in LOCALES without them does not compile. */
export const WHATSAPP_CATALOGS: Readonly<Record<Locale, WhatsAppCatalog>> = {
  en: whatsappEn,
  fr: whatsappFr,
};

/** Meta's limits: a body of at most 1,024 characters, a footer 60, a button's text 25. */
export const WHATSAPP_BODY_MAX = 1024;
export const WHATSAPP_FOOTER_MAX = 60;
export const WHATSAPP_BUTTON_TEXT_MAX = 25;
/**
 * A parameter may not hold a new line, a tab or more than four spaces in a row; we also cap
 * each one, so that a long name cannot push a body past its limit.
 */
export const WHATSAPP_PARAMETER_MAX = 120;

/** The placeholders of a body, in the order they appear: [1, 2, 3]. */
export function placeholdersOf(body: string): number[] {
  return [...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
}

/** What Meta allows in a text parameter: one line, no run of spaces, capped. */
export function cleanParameter(value: string): string {
  const line = value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return line.length <= WHATSAPP_PARAMETER_MAX
    ? line
    : `${line.slice(0, WHATSAPP_PARAMETER_MAX - 1).trimEnd()}…`;
}

/** One message's template and its parameters, in placeholder order. */
export interface WhatsAppTemplateMessage {
  readonly kind: WhatsAppTemplateKind;
  readonly name: string;
  readonly language: string;
  readonly parameters: readonly string[];
}

/** The facts of `event` its template states, each worded in the reader's language. */
export function whatsappParameters(
  event: AlertEvent,
  locale: Locale,
  context: RenderContext,
): WhatsAppTemplateMessage {
  const kind = templateKindOf(event);
  const say = WHATSAPP_CATALOGS[locale];
  const currency = 'currency' in event ? event.currency : 'XOF';
  const amount = (value: number) => formatAmount(value, currency, locale);
  const balance = (value: number) => (value < 0 ? say.overdrawn(amount(-value)) : amount(value));
  const time = (iso: string) => dateTime(iso, locale, context.timeZone);
  const duration = (minutes: number) => say.duration(durationFacts(minutes));
  const fact = (name: WhatsAppFact): string => {
    const e = event;
    switch (name) {
      case 'account':
        return e.account;
      case 'balance':
        if (e.severity === 'DIGEST')
          return e.balance === undefined ? say.noReading : balance(e.balance);
        if (e.severity === 'HELD')
          return e.latest === undefined ? say.noBalance : balance(e.latest.balance);
        return 'balance' in e ? balance(e.balance) : '-';
      case 'threshold':
        if (e.severity === 'FORECAST') return amount(e.reason === 'low' ? e.threshold : 0);
        return 'threshold' in e ? amount(e.threshold) : '-';
      case 'time':
        return time(e.severity === 'ACKNOWLEDGED' ? e.acknowledgedAt : e.at);
      case 'since':
        return 'since' in e ? time(e.since) : time(e.at);
      case 'minimum':
        return 'topUp' in e && e.topUp !== undefined ? amount(e.topUp.toRecover) : '-';
      case 'advised':
        // Without a pace to cover, the advice is the minimum itself.
        return 'topUp' in e && e.topUp !== undefined
          ? amount(Math.max(e.topUp.toCover ?? 0, e.topUp.toRecover))
          : '-';
      case 'duration':
        if (e.severity === 'FORECAST') return duration((e.toLow ?? e.toZero).minutes);
        return e.severity === 'UNUSUAL_OUTFLOW' ? duration(e.minutes) : '-';
      case 'outflow':
        return e.severity === 'UNUSUAL_OUTFLOW' ? amount(e.outflow) : '-';
      case 'failedChecks':
        return 'failedChecks' in e ? String(e.failedChecks) : '-';
      case 'checks':
        return e.severity === 'DIGEST' ? String(e.checks + (e.callbackChecks ?? 0)) : '-';
      case 'lastUpdate':
        return 'lastUpdate' in e ? time(e.lastUpdate) : '-';
      case 'by':
        return e.severity === 'ACKNOWLEDGED' && e.by.trim() !== '' ? e.by : say.someone;
      case 'heldAlerts':
        return e.severity === 'HELD' ? heldAlerts(e.events, say) : '-';
    }
  };
  return {
    kind,
    name: templateName(kind),
    language: say.language,
    parameters: TEMPLATE_FACTS[kind].map((name) => cleanParameter(fact(name))),
  };
}

/**
 * The alerts a HELD releases, counted and named once each kind, in the order held: "1 alert
 * (low balance)", « 2 alertes (solde bas, solde critique) ».
 */
export function heldAlerts(events: readonly AlertEvent[], say: WhatsAppCatalog): string {
  const names = [...new Set(events.map((e) => say.alertNames[templateKindOf(e)]))];
  return say.heldAlerts(events.length, names);
}

/** The body as the reader sees it: each placeholder replaced by its parameter. */
export function fillBody(body: string, parameters: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => parameters[Number(n) - 1] ?? whole);
}

/** What the WhatsApp message reads, for the sandbox and the tests. */
export function whatsappText(message: WhatsAppTemplateMessage, locale: Locale): string {
  const say = WHATSAPP_CATALOGS[locale];
  const button = ACKNOWLEDGE_BUTTON_KINDS.has(message.kind) ? `\n[ ${say.acknowledgeButton} ]` : '';
  return `${fillBody(say.bodies[message.kind], message.parameters)}\n${say.footer}${button}`;
}

/**
 * The template's definition as CreateWhatsAppMessageTemplate submits it (Meta's template
 * object): utility category, the body with an example for each placeholder (Meta asks for
 * one), the footer, and the quick-reply button where the kind has one. `catalogs`: other
 * words, for the test that holds TEMPLATE_VERSION to them.
 */
export function templateDefinition(
  kind: WhatsAppTemplateKind,
  locale: Locale,
  example: readonly string[],
  catalogs: Readonly<Record<Locale, WhatsAppCatalog>> = WHATSAPP_CATALOGS,
): Record<string, unknown> {
  const say = catalogs[locale];
  return {
    name: templateName(kind),
    language: say.language,
    category: 'UTILITY',
    components: [
      {
        type: 'BODY',
        text: say.bodies[kind],
        ...(example.length === 0 ? {} : { example: { body_text: [example] } }),
      },
      { type: 'FOOTER', text: say.footer },
      ...(ACKNOWLEDGE_BUTTON_KINDS.has(kind)
        ? [{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: say.acknowledgeButton }] }]
        : []),
    ],
  };
}

/**
 * The message object SendWhatsAppMessage passes to Meta: a template, never free text (a
 * check may send outside the 24-hour window a customer's message opens). `payload`: the
 * acknowledge token the quick-reply button gives back, where the template has the button.
 */
export function templateMessage(
  to: string,
  message: WhatsAppTemplateMessage,
  payload?: string,
): Record<string, unknown> {
  const button =
    payload !== undefined && ACKNOWLEDGE_BUTTON_KINDS.has(message.kind)
      ? [
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '0',
            parameters: [{ type: 'payload', payload }],
          },
        ]
      : [];
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: {
      name: message.name,
      language: { code: message.language },
      components: [
        { type: 'body', parameters: message.parameters.map((text) => ({ type: 'text', text })) },
        ...button,
      ],
    },
  };
}

export { WHATSAPP_TEMPLATE_KINDS };

/** An example for each fact, which Meta asks for with a template under review. */
export function exampleParameters(kind: WhatsAppTemplateKind, locale: Locale): string[] {
  const amount = (value: number) => formatAmount(value, 'XOF', locale);
  const at = '2026-11-28T18:05:00Z';
  const examples: Record<WhatsAppFact, string> = {
    account: 'Boutique Dakar',
    balance: amount(45_000),
    threshold: amount(100_000),
    time: dateTime(at, locale, 'Africa/Dakar'),
    since: dateTime('2026-11-28T16:40:00Z', locale, 'Africa/Dakar'),
    minimum: amount(60_000),
    advised: amount(150_000),
    duration: WHATSAPP_CATALOGS[locale].duration(durationFacts(200)),
    outflow: amount(300_000),
    failedChecks: '3',
    checks: '288',
    lastUpdate: dateTime('2026-11-25T09:00:00Z', locale, 'Africa/Dakar'),
    by: 'Awa',
    heldAlerts: WHATSAPP_CATALOGS[locale].heldAlerts(2, [
      WHATSAPP_CATALOGS[locale].alertNames.low,
      WHATSAPP_CATALOGS[locale].alertNames.critical,
    ]),
  };
  return TEMPLATE_FACTS[kind].map((name) => cleanParameter(examples[name]));
}
