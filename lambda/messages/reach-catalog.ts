/**
 * What the subscription-health job tells the operators, in one language (part of Catalog):
 * which addresses can no longer be reached, and for each, the fix.
 */
export interface ReachCatalog {
  /** The subject's words after the count: plain ASCII is made of it. */
  subject(problems: number): string;
  /** The opening line. */
  readonly intro: string;
  /** "finance@example.com (balance alerts of Thies)": the address and whose topic it is on. */
  where(endpoint: string, audience: 'operators' | 'alerts', account: string | undefined): string;
  /** An operator's address on an alert topic: IT's copy of FAILING and STALE of that topic. */
  whereOperatorCopy(endpoint: string, account: string | undefined): string;
  /** An address of an account's escalation tier. */
  whereEscalation(endpoint: string, tier: string, account: string): string;
  /** Unsubscribed, and subscribed again by the job. */
  resubscribed(where: string, protocol: 'email' | 'sms'): string;
  /** Unsubscribed, and subscribing again failed. */
  resubscribeFailed(where: string, protocol: 'email' | 'sms'): string;
  /** An e-mail address still unconfirmed after `hours`. */
  pending(where: string, hours: number): string;
  /** An e-mail address confirmed by a click: one click on the footer link removes it. */
  unauthenticated(where: string): string;
  /** The closing line: what the job does by itself, and how often. */
  readonly footer: string;
}
