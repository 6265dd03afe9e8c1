/**
 * What the subscription-health job tells the operators, in one language (part of Catalog):
 * which addresses can no longer be reached, then what to do, under one "what to do" heading
 * (docs/glossaire.md: one per message), one item per kind of fix, naming its addresses.
 */
export interface ReachCatalog {
  /** The subject's words after the count: plain ASCII is made of it. */
  subject(problems: number): string;
  /** The opening line. */
  readonly intro: string;
  /** "finance@example.com (balance alerts of Thies)": the address and whose topic it is on. */
  where(endpoint: string, audience: 'operators' | 'alerts', account: string | undefined): string;
  /** An operator's address on an alert topic: IT's copy of that topic's alerts (operatorRouting). */
  whereOperatorCopy(endpoint: string, account: string | undefined): string;
  /** An address of an account's escalation tier. */
  whereEscalation(endpoint: string, tier: string, account: string): string;
  /** Unsubscribed, and subscribed again by the job (what happened; the fix is `todo`'s). */
  resubscribed(where: string, protocol: 'email' | 'sms'): string;
  /** Unsubscribed, and subscribing again failed. */
  resubscribeFailed(where: string, protocol: 'email' | 'sms'): string;
  /** An e-mail address still unconfirmed after `hours`. */
  pending(where: string, hours: number): string;
  /** An e-mail address confirmed by a click: one click on the footer link removes it. */
  unauthenticated(where: string): string;
  /** What to do: one block per message, one item per kind of fix, with its addresses. */
  readonly todo: {
    /** "À faire : " before a single fix. */
    readonly prefix: string;
    /** "À faire :" above several. */
    readonly heading: string;
    /** E-mail addresses subscribed again: forward the confirmation, confirm it by command. */
    resubscribed(endpoints: string): string;
    pending(endpoints: string): string;
    unauthenticated(endpoints: string): string;
    /** "a, b and c" */
    list(endpoints: readonly string[]): string;
  };
  /** The closing line: what the job does by itself, and how often. */
  readonly footer: string;
}
