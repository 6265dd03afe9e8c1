import { roundUpToAdd } from '../alerting/policy';
import type { AlertEvent, Amount, HeldEvent, Locale, Runway, TopUpAdvice } from '../alerting/types';
import { minutesBetween } from '../alerting/time';
import { fitsOneSms, formatAmount } from './text';
import { balancePhrase, clockTime, dateTime, formatDuration, timeNear } from './words';

/**
 * What one locale's texts are made of, before they are fitted to a channel: a subject in parts
 * (so that decoration can go first when it is too long), sentences, what to do, and an SMS in
 * parts (the core, then what fits). en.ts and fr.ts fill it; render.ts fits it.
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
  readonly sms: { readonly core: string; readonly extras: readonly string[] };
}

/** The words a draft needs, bound to the event, the locale and the time zone. */
export interface Words {
  readonly locale: Locale;
  amount(value: number): string;
  /** The balance as a sentence can state it (empty, overdrawn). */
  balance(value: number): string;
  /** "est de 45 000 F CFA" / "est vide (0 F CFA)" / "est à découvert de 5 000 F CFA" (is ...). */
  is(value: number): string;
  /** "un solde de 45 000 F CFA" / "un solde vide (0 F CFA)" / "un solde à découvert de ..." */
  aBalance(value: number): string;
  /** "Nov 28, 6:05 pm" */
  at(iso: string): string;
  /**
   * The time alone on the event's day, else the date and the time; in French a date on another
   * day comes with its article ("le 2 déc. à 1 h 40"), so that "vers", "et" read right.
   */
  near(iso: string): string;
  /** The time `minutes` after the event (as `near`). */
  inMinutes(minutes: number): string;
  duration(minutes: number): string;
  /** How long from `iso` to the event. */
  since(iso: string): string;
  readonly help: TopUpHelp;
}

export function wordsFor(event: AlertEvent, locale: Locale, context: RenderContext): Words {
  // "vers 2 déc. à 3 h 00" lacks its article: a date of another day is "le 2 déc. à 3 h 00".
  const near = (iso: string) => {
    const text = timeNear(iso, event.at, locale, context.timeZone);
    return locale === 'fr' && text !== clockTime(iso, locale, context.timeZone)
      ? `le ${text}`
      : text;
  };
  const currency =
    'currency' in event
      ? event.currency
      : event.severity === 'HELD'
        ? (event.latest?.currency ??
          event.events.map((x) => ('currency' in x ? x.currency : undefined)).find(Boolean) ??
          'XOF')
        : 'XOF';
  return {
    locale,
    amount: (value) => formatAmount(value, currency, locale),
    balance: (value) => balancePhrase(value, currency, locale),
    is: (value) =>
      locale === 'fr'
        ? value > 0
          ? `est de ${formatAmount(value, currency, locale)}`
          : `est ${balancePhrase(value, currency, locale)}`
        : `is ${balancePhrase(value, currency, locale)}`,
    aBalance: (value) =>
      locale === 'fr'
        ? value > 0
          ? `un solde de ${formatAmount(value, currency, locale)}`
          : `un solde ${balancePhrase(value, currency, locale)}`
        : `a balance of ${balancePhrase(value, currency, locale)}`,
    at: (iso) => dateTime(iso, locale, context.timeZone),
    near,
    inMinutes: (minutes) => near(new Date(Date.parse(event.at) + minutes * 60_000).toISOString()),
    duration: (minutes) => formatDuration(minutes, locale),
    since: (iso) => formatDuration(minutesBetween(iso, event.at), locale),
    help: context.topUp ?? {},
  };
}

/** "3 h 20 min (2 h 50 min to 4 h)"; "3 h 20 min (entre 2 h 50 min et 4 heures)". */
export function runwayRange(runway: Runway, w: Words): string {
  const [earliest, latest] = [w.duration(runway.earliest), w.duration(runway.latest)];
  return w.locale === 'fr'
    ? `${w.duration(runway.minutes)} (entre ${earliest} et ${latest})`
    : `${w.duration(runway.minutes)} (${earliest} to ${latest})`;
}

/** The top-up lines of an e-mail: how much, then how (from the deploy config). */
export function topUpLines(
  advice: TopUpAdvice | undefined,
  recovery: number | undefined,
  w: Words,
): string[] {
  const fr = w.locale === 'fr';
  const lines: string[] = [];
  // The episode ends when the balance reaches the recovery level (>=), and LOW is a balance
  // under the threshold: the amounts are worked out to land on the level, not above it.
  if (advice !== undefined && recovery !== undefined && advice.toRecover > 0) {
    lines.push(
      fr
        ? `Rechargez au moins ${w.amount(advice.toRecover)} pour atteindre ${w.amount(recovery)}, où cet épisode prend fin.`
        : `Add at least ${w.amount(advice.toRecover)} to reach ${w.amount(recovery)}, where this episode ends.`,
    );
  }
  if (advice?.toCover !== undefined && advice.hours !== undefined) {
    lines.push(
      fr
        ? `Au rythme actuel, rechargez au moins ${w.amount(advice.toCover)} pour ne pas passer sous le seuil bas pendant ${advice.hours} heure${advice.hours > 1 ? 's' : ''}.`
        : `At the current pace, add at least ${w.amount(advice.toCover)} to keep it from falling below the low threshold for ${advice.hours} hour${advice.hours === 1 ? '' : 's'}.`,
    );
  }
  if (w.help.instructions !== undefined) lines.push(w.help.instructions);
  if (w.help.url !== undefined)
    lines.push(fr ? `Recharger : ${w.help.url}` : `Top up: ${w.help.url}`);
  if (w.help.contact !== undefined)
    lines.push(fr ? `Contact : ${w.help.contact}` : `Contact: ${w.help.contact}`);
  return lines;
}

/**
 * The SMS extras about topping up, most useful first: the amount (saying what it is for when it
 * is a day's cover at the pace, not what ends the episode), then the contact, ended as a
 * sentence so that nothing after it runs into a phone number. After a core that already says
 * "Top up." (LOW, CRITICAL, FORECAST) the amount alone follows; after one that does not (a
 * reminder), the verb comes with it.
 */
export function topUpSms(
  advice: TopUpAdvice | undefined,
  w: Words,
  coreSaysTopUp = true,
): string[] {
  const fr = w.locale === 'fr';
  const extras: string[] = [];
  const hours = advice?.toCover === undefined ? undefined : advice.hours;
  const amount = hours === undefined ? advice?.toRecover : advice?.toCover;
  if (amount !== undefined && amount > 0) {
    // A day's cover says so: the amount that ends the episode is much smaller. In French a
    // whole number of hours is written out ("pour 24 h" would read as a time of day).
    const purpose =
      hours === undefined
        ? ''
        : fr
          ? ` pour ${hours} heure${hours > 1 ? 's' : ''}`
          : ` for ${hours} h`;
    extras.push(
      coreSaysTopUp
        ? fr
          ? `Au moins ${w.amount(amount)}${purpose}.`
          : `At least ${w.amount(amount)}${purpose}.`
        : fr
          ? `Rechargez au moins ${w.amount(amount)}${purpose}.`
          : `Top up at least ${w.amount(amount)}${purpose}.`,
    );
  }
  const contact = w.help.contact?.trim();
  if (contact !== undefined && contact !== '')
    extras.push(/[.!?]$/.test(contact) ? contact : `${contact}.`);
  return extras;
}

/**
 * A held LOW or CRITICAL as it stands at the release: the balance the releasing check read,
 * and what to add from it to end the episode. Its own figures (balance, pace, runway, a day's
 * cover) are those of when it was held, and no longer true.
 */
export function asOfLatest(
  event: AlertEvent,
  latest: (Amount & { readonly at: string }) | undefined,
): AlertEvent {
  if (latest === undefined || (event.severity !== 'LOW' && event.severity !== 'CRITICAL'))
    return event;
  return {
    severity: event.severity,
    account: event.account,
    at: event.at,
    since: event.since,
    threshold: event.threshold,
    recovery: event.recovery,
    balance: latest.balance,
    currency: latest.currency,
    topUp: { toRecover: roundUpToAdd(Math.max(0, event.recovery - latest.balance)) },
    ...(event.opens === undefined ? {} : { opens: event.opens }),
  };
}

/**
 * What a HELD message says, whatever its language: each held alert (a LOW or CRITICAL as of the
 * latest balance) with its draft, the kinds held (their tags), the level ones, the one that
 * says what to add, whether the balance was read by the releasing check (`fresh`: "now") or
 * before it (the last one read), the highest kind (`first`, for a short subject or SMS) and
 * whether to say "top up". `draftOf` is the locale's own draft of one alert.
 */
export function heldFacts(e: HeldEvent, draftOf: (event: AlertEvent) => Draft, w: Words) {
  const held = e.events.map((x) => {
    const event = asOfLatest(x, e.latest);
    return { event, draft: draftOf(event) };
  });
  const tags = [...new Set(held.map((h) => h.draft.tag.replace(/[[\]]/g, '')))];
  const levels = held.flatMap((h) =>
    h.event.severity === 'LOW' || h.event.severity === 'CRITICAL' ? [h.event] : [],
  );
  const toAdd = e.latest === undefined ? undefined : levels.find((x) => x.topUp.toRecover > 0);
  const levelTag = (severity: 'LOW' | 'CRITICAL') =>
    held.find((h) => h.event.severity === severity)?.draft.tag.replace(/[[\]]/g, '');
  const first =
    (levels.some((x) => x.severity === 'CRITICAL') ? levelTag('CRITICAL') : undefined) ??
    (levels.length > 0 ? levelTag('LOW') : undefined) ??
    tags[0] ??
    '';
  return {
    held,
    tags,
    levels,
    toAdd,
    fresh: e.latest?.at === e.at,
    first,
    topUp: levels.length > 0 && (e.latest === undefined || toAdd !== undefined),
    /** One line per held alert, for the e-mail's details. */
    lines: held.map((h) => `- ${h.draft.headline}`),
    action: [...new Set(held.flatMap((h) => h.draft.action))],
    /** The SMS's core, from the locale's sentence of a list of kinds: all of them, if it fits. */
    smsCore: (core: (kinds: string) => string) =>
      tags.length > 1 && !fitsOneSms(core(tags.join(', ')))
        ? core(`${first} +${tags.length - 1}`)
        : core(tags.join(', ')),
    smsExtras: [
      ...(toAdd === undefined ? [] : topUpSms(toAdd.topUp, w)),
      // A held LOW or CRITICAL is told by the core: its own SMS has its old figures.
      ...held.flatMap((h) => (levels.some((x) => x === h.event) ? [] : [h.draft.sms.core])),
    ],
  };
}
