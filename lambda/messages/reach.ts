import type { AddressOnTopic, ReachFindings } from '../contract/subscriptions';
import type { Locale } from '../contract/severities';
import { catalogOf } from './locales/all';
import { toAsciiSubject } from './text';
import { oneTodoBlock } from './todo';

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
  // One "what to do" for the whole message (docs/glossaire.md), each fix naming its addresses.
  const endpoints = (addresses: readonly AddressOnTopic[]) =>
    t.todo.list(addresses.map((a) => a.endpoint));
  const emails = findings.resubscribed.filter((a) => a.protocol === 'email');
  const fixes = [
    ...(emails.length === 0 ? [] : [t.todo.resubscribed(endpoints(emails))]),
    ...(findings.pending.length === 0 ? [] : [t.todo.pending(endpoints(findings.pending))]),
    ...(findings.unauthenticated.length === 0
      ? []
      : [t.todo.unauthenticated(endpoints(findings.unauthenticated))]),
  ];
  const todo = oneTodoBlock(
    fixes.map((fix) => `${t.todo.prefix}${fix}`),
    t.todo.prefix,
    t.todo.heading,
  );
  return {
    subject: toAsciiSubject(t.subject(problems)),
    body: [
      t.intro,
      '',
      ...lines.flatMap((line) => [line, '']),
      ...(todo.length === 0 ? [] : [...todo, '']),
      t.footer,
    ].join('\n'),
  };
}
