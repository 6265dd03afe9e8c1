/**
 * What a tier's message says besides the alert (alerting/escalation.ts): that it was escalated
 * to this tier, after how long without an answer, and who was told before. One per locale, in
 * each catalog's `escalation`.
 */
export interface EscalationCatalog {
  /** Who the usual recipients are, in the list of who was told: "the usual recipients". */
  readonly usual: string;
  /** The name of a tier, quoted: a name such as "it" must not read as a pronoun. */
  tierName(tier: string): string;
  /** One of those told, and when (`at`: "at 10:35 am", "on Dec 1 at 11:50 pm"). */
  toldAt(who: string, at: string): string;
  /** The list of those told, in the order they were told: "a, b, then c". */
  list(items: readonly string[]): string;
  /**
   * The e-mail's first line. `waited` is a duration in prose ("30 minutes"; French "30 min"),
   * `told` the list.
   */
  headline(tier: string, waited: string, told: string): string;
  /** Put before the SMS: short, the alert follows (`waited` short: "30 min"). */
  sms(waited: string): string;
}
