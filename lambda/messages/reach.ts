import type { AddressOnTopic, ReachFindings } from '../contract/subscriptions';
import type { Locale } from '../contract/severities';
import { catalogOf } from './locales/all';
import { toAsciiSubject } from './text';

/** The operators' message about subscriptions: an ASCII subject and a plain-text body. */
export interface ReachMessage {
  readonly subject: string;
  readonly body: string;
}

/** How many findings the message reports. */
export const problemsIn = (f: ReachFindings) =>
  f.resubscribed.length + f.resubscribeFailed.length + f.pending.length + f.unauthenticated.length;

/** The message for what one run found, or undefined when there is nothing to say. */
export function renderReach(findings: ReachFindings, locale: Locale): ReachMessage | undefined {
  const problems = problemsIn(findings);
  if (problems === 0) return undefined;
  const t = catalogOf(locale).reach;
  const where = (a: AddressOnTopic) =>
    a.audience === 'escalation'
      ? t.whereEscalation(a.endpoint, a.tier ?? '', a.account ?? '')
      : a.operator === true
        ? t.whereOperatorCopy(a.endpoint, a.account)
        : t.where(a.endpoint, a.audience, a.account);
  const lines = [
    ...findings.resubscribeFailed.map((a) => t.resubscribeFailed(where(a), a.protocol)),
    ...findings.resubscribed.map((a) => t.resubscribed(where(a), a.protocol)),
    ...findings.pending.map((a) => t.pending(where(a), a.hours)),
    ...findings.unauthenticated.map((a) => t.unauthenticated(where(a))),
  ];
  return {
    subject: toAsciiSubject(t.subject(problems)),
    body: [t.intro, '', ...lines.flatMap((line) => [line, '']), t.footer].join('\n'),
  };
}
