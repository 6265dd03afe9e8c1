import type { AlertEvent } from '../../alerting/types';

/**
 * WhatsApp's templates, one per kind of alert (a reminder of a balance and a reminder of a
 * failure say different facts, so they are two kinds). A message that starts a conversation
 * must be a template Meta approved: the channel sends nothing else, so it never sends free text
 * outside a 24-hour window. Each template's placeholders {{1}}, {{2}}... take, in order, the
 * facts named here; the words around them live in the locales (locales/whatsapp-*.ts).
 */
export const WHATSAPP_TEMPLATE_KINDS = [
  'low',
  'critical',
  'reminder',
  'recovered',
  'forecast',
  'unusual_outflow',
  'failing',
  'failing_reminder',
  'failing_resolved',
  'stale',
  'stale_resolved',
  'acknowledged',
  'digest',
  'held',
  'test',
] as const;
export type WhatsAppTemplateKind = (typeof WHATSAPP_TEMPLATE_KINDS)[number];

/** The facts a template may state: figures, times and names, never a key or a link. */
export type WhatsAppFact =
  | 'account'
  | 'balance'
  | 'threshold'
  | 'time'
  | 'since'
  | 'minimum'
  | 'advised'
  | 'duration'
  | 'outflow'
  | 'failedChecks'
  | 'checks'
  | 'lastUpdate'
  | 'by'
  | 'heldAlerts';

/** Each kind's facts, in the order of its placeholders: {{1}} is the first. */
export const TEMPLATE_FACTS: Readonly<Record<WhatsAppTemplateKind, readonly WhatsAppFact[]>> = {
  low: ['account', 'balance', 'threshold', 'time', 'minimum', 'advised'],
  critical: ['account', 'balance', 'threshold', 'time', 'minimum', 'advised'],
  reminder: ['account', 'balance', 'threshold', 'since', 'minimum', 'advised'],
  recovered: ['account', 'balance', 'time'],
  forecast: ['account', 'balance', 'threshold', 'duration'],
  unusual_outflow: ['account', 'outflow', 'duration', 'balance'],
  failing: ['account', 'since', 'failedChecks'],
  failing_reminder: ['account', 'since', 'failedChecks'],
  failing_resolved: ['account', 'balance', 'time'],
  stale: ['account', 'balance', 'lastUpdate'],
  stale_resolved: ['account', 'balance', 'time'],
  acknowledged: ['account', 'by', 'time'],
  digest: ['account', 'balance', 'checks', 'failedChecks'],
  held: ['heldAlerts', 'account', 'time', 'balance'],
  test: ['account', 'time'],
};

/** The kinds whose template carries the "I'm on it" quick-reply button. */
export const ACKNOWLEDGE_BUTTON_KINDS: ReadonlySet<WhatsAppTemplateKind> = new Set([
  'low',
  'critical',
  'failing',
]);

/** Which template tells this event. */
export function templateKindOf(event: AlertEvent): WhatsAppTemplateKind {
  switch (event.severity) {
    case 'LOW':
      return 'low';
    case 'CRITICAL':
      return 'critical';
    case 'REMINDER':
      return event.remindsOf === 'FAILING' ? 'failing_reminder' : 'reminder';
    case 'RECOVERED':
      return 'recovered';
    case 'FORECAST':
      return 'forecast';
    case 'UNUSUAL_OUTFLOW':
      return 'unusual_outflow';
    case 'FAILING':
      return 'failing';
    case 'FAILING_RESOLVED':
      return 'failing_resolved';
    case 'STALE':
      return 'stale';
    case 'STALE_RESOLVED':
      return 'stale_resolved';
    case 'ACKNOWLEDGED':
      return 'acknowledged';
    case 'DIGEST':
      return 'digest';
    case 'HELD':
      return 'held';
    case 'TEST':
      return 'test';
  }
}

/**
 * The version of the templates' words. Meta reviews a template's text once, under its name:
 * words changed here are a new template, so they take a new name, which `npm run
 * whatsapp-templates` submits beside the old ones (docs/channels.md says what an operator
 * does then). Bump it with any change to a body, the footer or the button.
 * v2: the balance after "Solde :" / "is" (never "solde de débiteur de"), « recharger », « contrôle »;
 * HELD names the alerts held and states the balance; English durations written out ("4 hours").
 * test/unit/whatsapp-template-version.test.ts holds the words' hash per version.
 */
export const TEMPLATE_VERSION = 2;

/** The template's name in the WhatsApp Business Account: lower case, digits and "_". */
export const templateName = (kind: WhatsAppTemplateKind): string =>
  `dexchange_${kind}_v${TEMPLATE_VERSION}`;
