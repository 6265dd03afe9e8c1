import type { Route } from '../contract/routing';
import type { AlertEvent, FailureInfo, Locale, Runway, TopUpAdvice } from '../alerting/types';
import { minutesBetween } from '../alerting/time';
import type { Catalog, TopUpCatalog } from './catalog';
import {
  acknowledgedFacts,
  balanceFacts,
  balanceReminderFacts,
  digestFacts,
  forecastFacts,
  heldFacts,
  outflowFacts,
  levelFacts,
} from './facts';
import { failureAction, failureCause, failureHeadline } from './failure';
import { catalogOf } from './locales/all';
import { closingFacts, howMuchFacts } from './how-much';
import { formatAmount } from './text';
import {
  atTimeNear,
  clockTime,
  dateTime,
  durationInProse,
  formatDuration,
  onDateTime,
  timeNear,
} from './words';

/**
 * What one locale's texts are made of, before they are fitted to a channel: a subject in parts
 * (so that decoration can go first when it is too long), sentences, what to do, and an SMS in
 * parts (the core, then what fits). Each locale's catalog fills it (locales/); render.ts fits it.
 */

/** How to top up, from the deploy config (all optional). */
export interface TopUpHelp {
  readonly instructions?: string;
  readonly url?: string;
  readonly contact?: string;
}

export interface RenderContext {
  /** The schedule's time zone: every time in the texts is read there. */
  readonly timeZone: string;
  readonly topUp?: TopUpHelp;
  /** The "I'm on it" link of an alert's episode (lambda/ack), when acknowledging is on. */
  readonly acknowledge?: (event: AlertEvent) => string | undefined;
  /**
   * The "I'm on it" button's callback_data for a Telegram chat (lambda/ack/button-token.ts),
   * when Telegram buttons are on.
   */
  readonly acknowledgeButton?: (event: AlertEvent, chat: string) => string | undefined;
  /**
   * The payload of WhatsApp's "I'm on it" quick reply for a number (the same token, bound to
   * the number: lambda/ack/button-token.ts), when WhatsApp buttons are on.
   */
  readonly acknowledgePayload?: (event: AlertEvent, number: string) => string | undefined;
  /**
   * What the operators hear on the alert topic besides the alarms (the deploy config's
   * operatorRouting), when they are people of their own: a FAILING or STALE they hear says so.
   * Given to the alert topic's channel only (the copy IT shares), never to chat or webhooks.
   */
  readonly operatorsHear?: Route;
}

export interface Draft {
  /** "[LOW]" */
  readonly tag: string;
  /** "DEXCHANGE balance of", dropped first when the subject is too long. */
  readonly decoration: string;
  /** After the account: ": XOF 45,000 at 6:05 pm". */
  readonly subjectTail: string;
  /**
   * Shorter tails, most complete first, for when the subject is too long even without the
   * decoration: a subject is shortened by what it says, never cut in the middle of a word.
   */
  readonly shorterTails?: readonly string[];
  /** The first sentence: what happened, with the amount and what it is compared to. */
  readonly headline: string;
  readonly details: readonly string[];
  /** What to do, and how. */
  readonly action: readonly string[];
  /** The SMS: the core always, then each extra in turn while it fits one segment. */
  readonly sms: { readonly core: string; readonly extras: readonly SmsExtra[] };
}

/**
 * One extra of an SMS: a sentence, or a chain of sentences where each goes only after the one
 * before it went (render.ts): the advised amount never without the minimum it follows, which a
 * reader would take for the amount that closes the alert.
 */
export type SmsExtra = string | readonly string[];

/** The words a draft needs, bound to the event, the locale's catalog and the time zone. */
export interface Words {
  amount(value: number): string;
  /** The balance as a sentence can state it (empty, overdrawn). */
  balance(value: number): string;
  /** "est de 45 000 F CFA" / "est vide (0 F CFA)" / "est à découvert de 5 000 F CFA" (is ...). */
  is(value: number): string;
  /** "un solde de 45 000 F CFA" / "un solde vide (0 F CFA)" / "un solde à découvert de ..." */
  aBalance(value: number): string;
  /** "Nov 28, 6:05 pm" */
  at(iso: string): string;
  /** With its preposition, for a time that may be of another day: "on Nov 28 at 6:05 pm". */
  on(iso: string): string;
  /** "at 6:05 pm" on the event's day, else "on Nov 28 at 6:05 pm" (as `on`). */
  atNear(iso: string): string;
  /**
   * The time alone on the event's day, else the date and the time; in French a date on another
   * day comes with its article ("le 2 déc. à 1 h 40"), so that "vers", "et" read right.
   */
  near(iso: string): string;
  /** The time `minutes` after the event (as `near`). */
  inMinutes(minutes: number): string;
  /**
   * The words of an alert raised at `iso` and told in this message (a held alert, told at its
   * release): its offsets (`inMinutes`) count from when it was raised; days are still named
   * against the message's time.
   */
  from(iso: string): Words;
  /** "3 h 20 min": the short form, for an SMS and a subject, where characters count. */
  duration(minutes: number): string;
  /** How long from `iso` to the event (short, as `duration`). */
  since(iso: string): string;
  /** "3 h 20 min (2 h 50 min to 4 h)" */
  runway(runway: Runway): string;
  /**
   * The same three for the lines of an e-mail (headline, details, action), read at leisure:
   * "3 hours 20 minutes" in English, never in an SMS or a subject.
   */
  readonly prose: ProseWords;
  /**
   * The top-up lines of an e-mail: how much (how-much.ts: the minimum only with `recovery`, an
   * open alert to close, and then what that level is), then how (from the deploy config).
   */
  topUpLines(advice: TopUpAdvice | undefined, recovery: number | undefined, low?: number): string[];
  /** "The alert closes when the balance reaches X: the low threshold of Y plus a margin ..." */
  closesAt(recovery: number, low: number | undefined): string;
  /**
   * In the recovery band, where nothing is asked: the advised amount alone, as advice, and how
   * to top up when there is one.
   */
  adviceLines(advice: TopUpAdvice | undefined): string[];
  /** The SMS extras about topping up (topUpSms); the minimum only with `recovery`. */
  topUpSms(
    advice: TopUpAdvice | undefined,
    recovery: number | undefined,
    coreSaysTopUp?: boolean,
  ): SmsExtra[];
  /** A failed read in a few words, for an SMS and a headline. */
  failureHeadline(failure: FailureInfo): string;
  /** What the operator should do about a failure. */
  failureAction(failure: FailureInfo): string;
  /** The cause in full, once, for the e-mail's headline (the attempts, the provider's words). */
  failureCause(failure: FailureInfo): string;
}

/** Durations written for a sentence read at leisure (the catalog's `durationInProse`). */
export interface ProseWords {
  /** "3 hours 20 minutes" / "3 h 20 min" */
  duration(minutes: number): string;
  /** How long from `iso` to the event. */
  since(iso: string): string;
  /** "3 hours 15 minutes (between 2 hours 30 minutes and 5 hours 30 minutes)" / "3 h 15 min (entre 2 h 35 min et ...)" */
  runway(runway: Runway): string;
}

export function wordsFor(
  event: AlertEvent,
  locale: Locale,
  context: RenderContext,
  raisedAt: string = event.at,
): Words {
  const catalog = catalogOf(locale);
  // "vers 2 déc. à 3 h 00" lacks its article: a date of another day is "le 2 déc. à 3 h 00".
  const near = (iso: string) => {
    const text = timeNear(iso, event.at, locale, context.timeZone);
    return text === clockTime(iso, locale, context.timeZone) ? text : catalog.words.nearDate(text);
  };
  const currency =
    'currency' in event
      ? event.currency
      : event.severity === 'HELD'
        ? (event.latest?.currency ??
          event.events.map((x) => ('currency' in x ? x.currency : undefined)).find(Boolean) ??
          'XOF')
        : 'XOF';
  const amount = (value: number) => formatAmount(value, currency, locale);
  const balanceOf = (value: number) => balanceFacts(value, amount);
  const duration = (minutes: number) => formatDuration(minutes, locale);
  const inProse = (minutes: number) => durationInProse(minutes, locale);
  return {
    amount,
    balance: (value) => catalog.words.balance(balanceOf(value)),
    is: (value) => catalog.words.is(balanceOf(value)),
    aBalance: (value) => catalog.words.aBalance(balanceOf(value)),
    at: (iso) => dateTime(iso, locale, context.timeZone),
    on: (iso) => onDateTime(iso, locale, context.timeZone),
    atNear: (iso) => atTimeNear(iso, event.at, locale, context.timeZone),
    near,
    inMinutes: (minutes) => near(new Date(Date.parse(raisedAt) + minutes * 60_000).toISOString()),
    from: (iso) => wordsFor(event, locale, context, iso),
    duration,
    since: (iso) => duration(minutesBetween(iso, event.at)),
    runway: (runway) =>
      catalog.words.runwayRange(
        duration(runway.minutes),
        duration(runway.earliest),
        duration(runway.latest),
      ),
    prose: {
      duration: inProse,
      since: (iso) => inProse(minutesBetween(iso, event.at)),
      runway: (runway) =>
        catalog.words.runwayInProse(runway.minutes, runway.earliest, runway.latest),
    },
    topUpLines: (advice, recovery, low) =>
      topUpLines(advice, recovery, low, context.topUp ?? {}, catalog.topUp, amount),
    closesAt: (recovery, low) => catalog.topUp.closesAt(closingFacts(recovery, low, amount)),
    adviceLines: (advice) => {
      const facts = howMuchFacts(advice, false, amount);
      return facts === undefined
        ? []
        : [catalog.topUp.amounts(facts), ...helpLines(context.topUp ?? {}, catalog.topUp)];
    },
    topUpSms: (advice, recovery, coreSaysTopUp = true) =>
      topUpSms(advice, recovery, context.topUp ?? {}, catalog.topUp, amount, coreSaysTopUp),
    failureHeadline: (failure) => failureHeadline(failure, locale),
    failureAction: (failure) => failureAction(failure, locale),
    failureCause: (failure) => failureCause(failure, locale),
  };
}

/**
 * The locale's draft of one event, from the facts of its kind. `toldAt`: when a held alert is
 * told (its release), later than it was raised: what it said of "now" is then dated.
 */
export function eventDraft(
  e: AlertEvent,
  catalog: Catalog,
  w: Words,
  toldAt: string = e.at,
): Draft {
  const say = catalog.alerts;
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL':
      return say.level(levelFacts(e), w);
    case 'REMINDER':
      return e.remindsOf === 'FAILING'
        ? say.failureReminder(e, w)
        : say.balanceReminder(balanceReminderFacts(e), w);
    case 'FORECAST':
      return say.forecast(forecastFacts(e, toldAt), w);
    case 'UNUSUAL_OUTFLOW':
      return say.outflow(outflowFacts(e), w);
    case 'RECOVERED':
      return say.recovered(e, w);
    case 'FAILING':
      return say.failing(e, w);
    case 'FAILING_RESOLVED':
      return say.failingResolved(e, w);
    case 'STALE':
      return say.stale(e, w);
    case 'STALE_RESOLVED':
      return say.staleResolved(e, w);
    case 'ACKNOWLEDGED':
      return say.acknowledged(acknowledgedFacts(e), w);
    case 'DIGEST':
      return say.digest(digestFacts(e), w);
    case 'HELD':
      // The held LOW and CRITICAL with the latest balance: their own figures are older. Each
      // held alert counts its times from when it was raised, not from the release.
      return say.held(
        heldFacts(e, (x) => eventDraft(x, catalog, w.from(x.at), e.at), w),
        w,
      );
    case 'TEST':
      return say.test(e, w);
  }
}

/**
 * The top-up lines of an e-mail: how much, then how (from the deploy config). The minimum is
 * stated only with `recovery` (an open alert to close), and then the level it closes at, in one
 * clause: "where this alert ends" would otherwise go unexplained.
 */
function topUpLines(
  advice: TopUpAdvice | undefined,
  recovery: number | undefined,
  low: number | undefined,
  help: TopUpHelp,
  say: TopUpCatalog,
  amount: (value: number) => string,
): string[] {
  const facts = howMuchFacts(advice, recovery !== undefined, amount);
  return [
    ...(facts === undefined ? [] : [say.amounts(facts)]),
    ...(facts?.minimum === undefined || recovery === undefined
      ? []
      : [say.closesAt(closingFacts(recovery, low, amount))]),
    ...helpLines(help, say),
  ];
}

/** How to top up, from the deploy config. */
function helpLines(help: TopUpHelp, say: TopUpCatalog): string[] {
  const lines: string[] = [];
  if (help.instructions !== undefined) lines.push(help.instructions);
  if (help.url !== undefined) lines.push(say.url(help.url));
  if (help.contact !== undefined) lines.push(say.contact(help.contact));
  return lines;
}

/**
 * The SMS extras about topping up, most useful first: the amounts as one chain (the minimum,
 * with `recovery`: an open alert to close, then the advised; render.ts adds each only while the
 * SMS still fits one segment, and the advised only after the minimum), then the contact, ended
 * as a sentence so that nothing after it runs into a phone number. After a core that already
 * says "Top up." (LOW, CRITICAL, FORECAST) the amounts alone follow; after one that does not (a
 * reminder), the verb comes with them.
 */
function topUpSms(
  advice: TopUpAdvice | undefined,
  recovery: number | undefined,
  help: TopUpHelp,
  say: TopUpCatalog,
  amount: (value: number) => string,
  coreSaysTopUp: boolean,
): SmsExtra[] {
  const facts = howMuchFacts(advice, recovery !== undefined, amount);
  const extras: SmsExtra[] =
    facts === undefined ? [] : [say.sms({ ...facts, withVerb: !coreSaysTopUp })];
  const contact = help.contact?.trim();
  if (contact !== undefined && contact !== '')
    extras.push(/[.!?]$/.test(contact) ? contact : `${contact}.`);
  return extras;
}
