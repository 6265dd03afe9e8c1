import { attributesOf, type AlertEvent, type Locale } from '../alerting/types';
import { routeAccepts } from '../contract/routing';
import { eventDraft, wordsFor, type Draft, type RenderContext } from './draft';
import { catalogOf } from './locales/all';
import { fitsOneSms, SUBJECT_MAX_LENGTH, toAsciiSubject, toGsm7 } from './text';
import { onDateTime, zoneName } from './words';

export type { RenderContext, TopUpHelp } from './draft';

/** The texts of one notification, as SNS takes them with MessageStructure "json". */
export interface RenderedAlert {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
  readonly default: string;
}

/** Texts where the schedule's zone is not known: UTC. */
export const DEFAULT_CONTEXT: RenderContext = { timeZone: 'UTC' };

/** The alerts that carry an "I'm on it" link: the ones that ask someone to act. */
const ACKNOWLEDGEABLE = new Set(['LOW', 'CRITICAL', 'FAILING', 'REMINDER']);

/** What only IT can fix or must know: the read failing, the balance no longer moving, money going out unusually fast. */
const OPERATOR_KINDS = new Set(['FAILING', 'STALE', 'UNUSUAL_OUTFLOW']);

/**
 * Whether the operators hear this event too: a FAILING (or its reminder), STALE or
 * UNUSUAL_OUTFLOW they take.
 */
function operatorsHear(event: AlertEvent, context: RenderContext): boolean {
  if (context.operatorsHear === undefined) return false;
  const about = event.severity === 'REMINDER' ? event.remindsOf : event.severity;
  return OPERATOR_KINDS.has(about) && routeAccepts(context.operatorsHear, attributesOf(event));
}

/**
 * The alert an "I'm on it" link or button acknowledges: the event itself when it asks someone
 * to act; for a summary of held alerts, the first that does.
 */
export function acknowledgeTargetOf(event: AlertEvent): AlertEvent | undefined {
  if (event.severity === 'HELD') return event.events.find((x) => ACKNOWLEDGEABLE.has(x.severity));
  return ACKNOWLEDGEABLE.has(event.severity) ? event : undefined;
}

export function draftOf(event: AlertEvent, locale: Locale, context: RenderContext): Draft {
  const catalog = catalogOf(locale);
  const drafted = eventDraft(event, catalog, wordsFor(event, locale, context));
  const told = catalog.render.operatorsTold;
  // Finance, told the key expired, learns IT is sent it too (and need not fix it alone): what
  // is sent, not what was received, since the copy may still be held or refused on its way.
  const draft: Draft = operatorsHear(event, context)
    ? {
        ...drafted,
        action: [...drafted.action, told.email],
        sms: { ...drafted.sms, extras: [...drafted.sms.extras, told.sms] },
      }
    : drafted;
  const target = acknowledgeTargetOf(event);
  const link = target === undefined ? undefined : context.acknowledge?.(target);
  if (link === undefined) return draft;
  return { ...draft, action: [...draft.action, catalog.render.acknowledgeLine(link)] };
}

/** The subject with its accents, on one line: what chat and Telegram show as the title. */
export function titleOf(draft: Draft, account: string): string {
  return `${draft.tag} ${draft.decoration} ${account}${draft.subjectTail}`
    .replace(/[\r\n\t]+/g, ' ')
    .trim();
}

/**
 * The subject keeps the severity, the account, the amount and the time; the decoration
 * ("DEXCHANGE balance of") goes first when it is too long, then the draft's shorter tails are
 * tried in turn, then none. ASCII, one line, under 100; never cut in the middle of a word.
 */
function subjectOf(draft: Draft, account: string, locale: Locale): string {
  // Whatever would mislead once the accents go is rewritten first (the catalog's beforeAscii).
  const say = catalogOf(locale).render;
  const ascii = (text: string) => toAsciiSubject(say.beforeAscii(text));
  const fits = (subject: string) => subject.length < SUBJECT_MAX_LENGTH && !subject.endsWith('...');
  const full = ascii(`${draft.tag} ${draft.decoration} ${account}${draft.subjectTail}`);
  if (fits(full)) return full;
  // Last, the tag and the account alone: a name whose ASCII spelling is long ("Straße" is
  // "Strasse") may leave no room for any tail, and a tail cut short ("depuis le 2 dec., 3...")
  // misleads where none does not.
  const tails = [draft.subjectTail, ...(draft.shorterTails ?? []), ''];
  const candidates = tails.map((tail) => ascii(`${draft.tag} ${account}${tail}`));
  return candidates.find(fits) ?? candidates.at(-1) ?? full;
}

/**
 * The title chat and Telegram show: the subject with its accents ("à 0 h 26", not "a 0 h 26"),
 * since neither needs ASCII.
 */
export function renderTitle(
  event: AlertEvent,
  locale: Locale,
  context: RenderContext = DEFAULT_CONTEXT,
): string {
  return titleOf(draftOf(event, locale, context), event.account);
}

/**
 * The SMS core, then each extra in turn while it still fits one GSM-7 segment; in a chain, each
 * sentence only after the one before it (the advised amount never without the minimum).
 */
function smsOf(draft: Draft): string {
  let text = toGsm7(draft.sms.core);
  for (const extra of draft.sms.extras) {
    for (const sentence of typeof extra === 'string' ? [extra] : extra) {
      const longer = toGsm7(`${text} ${sentence}`);
      if (!fitsOneSms(longer)) break;
      text = longer;
    }
  }
  if (fitsOneSms(text)) return text;
  // The templates are tested to fit with the longest account name; this only guards.
  let cut = text;
  while (!fitsOneSms(`${cut}...`)) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** `draft`: the event's draft when the caller has it already (a channel that also needs it). */
export function renderAlert(
  event: AlertEvent,
  locale: Locale,
  context: RenderContext = DEFAULT_CONTEXT,
  draft: Draft = draftOf(event, locale, context),
): RenderedAlert {
  // The zone, named once: every time in the message is read there.
  const checked = catalogOf(locale).render.checked(
    onDateTime(event.at, locale, context.timeZone),
    zoneName(event.at, context.timeZone),
  );
  // One blank line between the blocks; none for a block with nothing in it (a digest's action).
  const email = [[draft.headline, ...draft.details], draft.action, [checked]]
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n');
  return {
    subject: subjectOf(draft, event.account, locale),
    email,
    sms: smsOf(draft),
    default: email,
  };
}
