import type { DurationFacts } from '../facts';
import type { WhatsAppTemplateKind } from './kinds';

/**
 * The words of WhatsApp's templates in one language, kept as data: `npm run whatsapp-templates`
 * submits exactly these bodies to Meta, and the channel fills their placeholders with the facts
 * kinds.ts names. A body's placeholders appear in order, each once, never first or last (Meta
 * refuses a body that starts or ends with one); test/unit/whatsapp-templates.test.ts holds them
 * to the facts the channel sends.
 */
export interface WhatsAppCatalog {
  /** Meta's language code for the templates. */
  readonly language: string;
  readonly bodies: Readonly<Record<WhatsAppTemplateKind, string>>;
  /** Under every body: who writes (at most 60 characters). */
  readonly footer: string;
  /** The quick-reply button of LOW, CRITICAL and FAILING (at most 25 characters). */
  readonly acknowledgeButton: string;
  /** A negative balance, said as finance says it. */
  readonly overdrawn: (amount: string) => string;
  /** Who acknowledged, when they gave no name. */
  readonly someone: string;
  /** A digest with no good reading in 24 hours. */
  readonly noReading: string;
  /** A HELD with no balance read: what stands after "Balance:". */
  readonly noBalance: string;
  /** A duration in running prose: "4 hours", "1 day 6 hours" / « 4 heures ». */
  readonly duration: (d: DurationFacts) => string;
  /** What each kind of alert is called in a HELD's list: "low balance" / « solde bas ». */
  readonly alertNames: Readonly<Record<WhatsAppTemplateKind, string>>;
  /**
   * The alerts a HELD releases, counted and named, agreeing with the count: "1 alert (low
   * balance)" / « 2 alertes (solde bas, solde critique) ».
   */
  readonly heldAlerts: (count: number, names: readonly string[]) => string;
}
