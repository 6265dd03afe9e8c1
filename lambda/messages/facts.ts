import { minimumToClose } from '../alerting/top-up';
import type {
  AcknowledgedEvent,
  AlertEvent,
  Amount,
  BalanceReminderEvent,
  DigestEvent,
  FailureInfo,
  ForecastEvent,
  HeldEvent,
  Runway,
  ThresholdEvent,
  UnusualOutflowEvent,
} from '../alerting/types';
import type { Draft, Words } from './draft';
import { fitsOneSms } from './text';

/**
 * What each message states, worked out once for every language: which situation a balance is
 * in, which way it moved, what a held alert says now. The catalogs (locales/) only put words on
 * these facts; whatever is decided here is decided the same in every language.
 */

/** A time of day in the schedule's zone: hour 0-23, minute "05". */
export interface ClockFacts {
  readonly hour: number;
  readonly minute: string;
}

/** A day in the schedule's zone, as Intl names it in the reader's language: "28", "nov.". */
export interface DayFacts {
  readonly day: string;
  readonly month: string;
}

/** A duration, rounded to the minute and cut into days, hours and minutes. */
export interface DurationFacts {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
}

export function durationFacts(minutes: number): DurationFacts {
  const total = Math.max(0, Math.round(minutes));
  return {
    days: Math.floor(total / 1440),
    hours: Math.floor((total % 1440) / 60),
    minutes: total % 60,
  };
}

/**
 * A balance as a sentence can state it: in credit, empty or overdrawn, with the amount to say
 * (never a negative amount a reader could misread).
 */
export interface BalanceFacts {
  readonly state: 'credit' | 'empty' | 'overdrawn';
  /** The amount to say, formatted: the overdraft for an overdrawn balance. */
  readonly amount: string;
}

export function balanceFacts(balance: number, amount: (value: number) => string): BalanceFacts {
  if (balance < 0) return { state: 'overdrawn', amount: amount(-balance) };
  if (balance === 0) return { state: 'empty', amount: amount(0) };
  return { state: 'credit', amount: amount(balance) };
}

/**
 * A LOW or CRITICAL as it stands. A held alert is told with the balance read at its release
 * (asOfLatest), which may no longer be below its threshold: the episode, still open, is what
 * remains true.
 */
export interface LevelFacts {
  readonly event: ThresholdEvent;
  readonly critical: boolean;
  /** A CRITICAL without a critical threshold: its level is "empty". */
  readonly empty: boolean;
  /**
   * below its level; run out (an empty level, at or under 0); lifted (a CRITICAL no longer below
   * its level, still below LOW, or LOW unknown); recovering (at LOW or above, still below the
   * recovery level: nothing to top up, the alert closes by itself at the recovery level);
   * recovered (at the recovery level or above).
   */
  readonly standing: 'below' | 'run-out' | 'lifted' | 'recovering' | 'recovered';
  /** The LOW threshold, when known (events stored before it was carried lack a CRITICAL's). */
  readonly low: number | undefined;
  /** It went below LOW before this alert: the texts say since when. */
  readonly belowEarlier: boolean;
  /**
   * A CRITICAL still below its level (or run out): top up now. A CRITICAL back above it (held,
   * told at the release) stands at LOW and is told as LOW: by where the balance is, not by the
   * severity it was raised with.
   */
  readonly urgent: boolean;
}

export function levelFacts(e: ThresholdEvent): LevelFacts {
  const critical = e.severity === 'CRITICAL';
  const empty = critical && e.threshold === 0;
  const below = empty ? e.balance <= 0 : e.balance < e.threshold;
  const low = e.low ?? (critical ? undefined : e.threshold);
  const standing = !below
    ? e.balance >= e.recovery
      ? 'recovered'
      : low !== undefined && e.balance >= low
        ? 'recovering'
        : 'lifted'
    : empty
      ? 'run-out'
      : 'below';
  const urgent = critical && (standing === 'below' || standing === 'run-out');
  return { event: e, critical, empty, standing, low, belowEarlier: e.since !== e.at, urgent };
}

/**
 * A reminder of LOW or CRITICAL. The policy's levels are ">=": a balance at LOW is not LOW, a
 * balance at the recovery level ends the episode. Without a critical threshold, CRITICAL means
 * empty: "below 0" would not be true of 0.
 */
export interface BalanceReminderFacts {
  readonly event: BalanceReminderEvent;
  /**
   * recovering (at LOW or above, still below the recovery level); no-longer-empty and
   * above-critical (a CRITICAL back above its level, still below LOW); still-empty (an empty
   * level still run out); still-below (still below its threshold).
   */
  readonly standing:
    'recovering' | 'no-longer-empty' | 'above-critical' | 'still-empty' | 'still-below';
}

export function balanceReminderFacts(e: BalanceReminderEvent): BalanceReminderFacts {
  const recovering = e.balance >= e.low;
  const emptyLevel = e.remindsOf === 'CRITICAL' && e.threshold === 0;
  const aboveCritical =
    e.remindsOf === 'CRITICAL' &&
    !recovering &&
    (emptyLevel ? e.balance > 0 : e.balance >= e.threshold);
  const standing = recovering
    ? 'recovering'
    : aboveCritical
      ? emptyLevel
        ? 'no-longer-empty'
        : 'above-critical'
      : emptyLevel
        ? 'still-empty'
        : 'still-below';
  return { event: e, standing };
}

/**
 * A forecast: `toLow` when it is about LOW (else it is about running out). `madeAt`: set when it
 * is told later than it was made (a held FORECAST, told at the release): its balance and pace
 * are those of then, and the texts date them instead of calling them "now".
 */
export interface ForecastFacts {
  readonly event: ForecastEvent;
  readonly toLow: Runway | undefined;
  readonly madeAt?: string;
}

export function forecastFacts(e: ForecastEvent, toldAt: string = e.at): ForecastFacts {
  return {
    event: e,
    toLow: e.reason === 'low' && e.toLow !== undefined ? e.toLow : undefined,
    ...(toldAt === e.at ? {} : { madeAt: e.at }),
  };
}

/**
 * An unusual outflow: `times`, how many times the usual pace for the hour it went out at, rounded
 * down so that "more than N times" stays true, at most 99 (absent without a usual pace, or under
 * twice it).
 */
export interface OutflowFacts {
  readonly event: UnusualOutflowEvent;
  readonly times?: number;
}

export function outflowFacts(e: UnusualOutflowEvent): OutflowFacts {
  const times =
    e.usualOutPerHour === undefined || e.usualOutPerHour <= 0
      ? undefined
      : Math.floor(e.outPerHour / e.usualOutPerHour);
  // Past 99 the figure says nothing more, and keeps the SMS one segment.
  return times === undefined || times < 2 ? { event: e } : { event: e, times: Math.min(times, 99) };
}

/** A digest, with its change over 24 hours as a direction and an amount. */
export interface DigestFacts {
  readonly event: DigestEvent;
  readonly change?: { readonly direction: 'up' | 'down' | 'none'; readonly by: number };
}

export function digestFacts(e: DigestEvent): DigestFacts {
  if (e.change24h === undefined) return { event: e };
  const direction = e.change24h === 0 ? 'none' : e.change24h > 0 ? 'up' : 'down';
  return { event: e, change: { direction, by: Math.abs(e.change24h) } };
}

/**
 * An acknowledgment. `shorterNames`: the name cut by whole words (two at least), longest first,
 * for a subject too long with the whole name: never a word cut in the middle.
 */
export interface AcknowledgedFacts {
  readonly event: AcknowledgedEvent;
  readonly shorterNames: readonly string[];
}

export function acknowledgedFacts(e: AcknowledgedEvent): AcknowledgedFacts {
  const words = e.by.split(' ');
  const shorterNames = words.slice(2).map((_, i) => words.slice(0, words.length - 1 - i).join(' '));
  return { event: e, shorterNames };
}

/** Which advice a failure calls for. */
export type FailureActionKey =
  | 'put-key-in-secret'
  | 'let-read-secret'
  | 'fix-api-address'
  | 'check-currency'
  | 'renew-key'
  | 'ask-permission'
  | FailureInfo['kind'];

export function failureActionKey(failure: FailureInfo): FailureActionKey {
  const code = failure.detail?.code;
  if (
    code?.startsWith('secret-') === true &&
    code !== 'secret-unreadable' &&
    code !== 'secret-access-denied' &&
    code !== 'secret-decryption'
  )
    return 'put-key-in-secret';
  if (code === 'secret-access-denied' || code === 'secret-decryption') return 'let-read-secret';
  if (code === 'api-redirect' || code === 'api-not-found') return 'fix-api-address';
  if (code === 'api-wrong-currency') return 'check-currency';
  // A rejected key is told apart when DEXCHANGE says why: expired, or not allowed.
  if (code === 'api-key-expired') return 'renew-key';
  if (code === 'api-permission') return 'ask-permission';
  return failure.kind;
}

/**
 * Whether a LOW or CRITICAL asks for a top-up: it has a minimum to close the alert and the
 * balance is below LOW. In the recovery band (at LOW or above, below the recovery level) the
 * alert closes by itself: nothing is asked.
 */
export function asksTopUp(e: ThresholdEvent): boolean {
  return e.topUp.toRecover > 0 && levelFacts(e).standing !== 'recovering';
}

/**
 * A held LOW or CRITICAL as it stands at the release: the balance the releasing check read,
 * and the minimum from it to close the alert. Its own figures (balance, pace, runway, the
 * advised cover) are those of when it was held, and no longer true. A held FORECAST loses its
 * advised cover for the same reason.
 */
export function asOfLatest(
  event: AlertEvent,
  latest: (Amount & { readonly at: string }) | undefined,
): AlertEvent {
  if (latest === undefined) return event;
  // A FORECAST keeps its own (dated) figures, but not its advised cover: worked out from its
  // balance then, it would not be what to add to the balance now.
  if (event.severity === 'FORECAST') return { ...event, topUp: undefined };
  if (event.severity !== 'LOW' && event.severity !== 'CRITICAL') return event;
  return {
    severity: event.severity,
    account: event.account,
    at: event.at,
    since: event.since,
    threshold: event.threshold,
    recovery: event.recovery,
    ...(event.low === undefined ? {} : { low: event.low }),
    balance: latest.balance,
    currency: latest.currency,
    topUp: { toRecover: minimumToClose(latest.balance, event.recovery, latest.currency) },
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
  const toAdd = e.latest === undefined ? undefined : levels.find(asksTopUp);
  const levelTag = (severity: 'LOW' | 'CRITICAL') =>
    held.find((h) => h.event.severity === severity)?.draft.tag.replace(/[[\]]/g, '');
  const first =
    (levels.some((x) => x.severity === 'CRITICAL') ? levelTag('CRITICAL') : undefined) ??
    (levels.length > 0 ? levelTag('LOW') : undefined) ??
    tags[0] ??
    '';
  return {
    event: e,
    held,
    tags,
    levels,
    toAdd,
    fresh: e.latest?.at === e.at,
    /** A held LOW or CRITICAL's line states the latest balance already: said once. */
    balanceSaid: e.latest !== undefined && levels.length > 0,
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
      ...(toAdd === undefined ? [] : w.topUpSms(toAdd.topUp, toAdd.recovery)),
      // A held LOW or CRITICAL is told by the core: its own SMS has its old figures.
      ...held.flatMap((h) => (levels.some((x) => x === h.event) ? [] : [h.draft.sms.core])),
    ],
  };
}

export type HeldFacts = ReturnType<typeof heldFacts>;
