/**
 * What a tier's message says besides the alert (alerting/escalation.ts): that it was escalated
 * to this tier, after how long without an answer, and who was told before. One per locale, in
 * each catalog's `escalation`.
 */
export interface EscalationCatalog {
  /** Who the usual recipients are, in the list of who was told: "the usual recipients". */
  readonly usual: string;
  /** One of those told, and when: "it-oncall at 10:35". */
  toldAt(who: string, time: string): string;
  /** The list of those told: "a, b and c". */
  list(items: readonly string[]): string;
  /** The e-mail's first line. `waited` is a duration ("30 min"), `told` the list. */
  headline(tier: string, waited: string, told: string): string;
  /** Put before the SMS: short, the alert follows. */
  sms(waited: string): string;
}
