import type { DetailCode, FailureDetail } from '../contract/failure-detail';
import type { LateFailureMeaning } from './whatsapp/late-failure';
import type { Severity } from '../contract/severities';
import type {
  FailingEvent,
  FailingResolvedEvent,
  FailureReminderEvent,
  RecoveredEvent,
  StaleEvent,
  StaleResolvedEvent,
  TestEvent,
} from '../alerting/types';
import type { FailureKind } from '../errors';
import type { Draft, Words } from './draft';
import type { ClosingFacts, HowMuchFacts } from './how-much';
import type { ReachCatalog } from './reach-catalog';
import type { ButtonCatalog } from './button-catalog';
import type { EscalationCatalog } from './escalation-catalog';
import type { AckPageCatalog } from './ack-page-catalog';
import type {
  AcknowledgedFacts,
  BalanceFacts,
  BalanceReminderFacts,
  ClockFacts,
  DayFacts,
  DigestFacts,
  DurationFacts,
  FailureActionKey,
  ForecastFacts,
  OutflowFacts,
  HeldFacts,
  LevelFacts,
} from './facts';

/**
 * Everything the function says to a person, in one language: one catalog per locale
 * (locales/en.ts, locales/fr.ts), each `satisfies Catalog`, so that the compiler proves every
 * language has every message. A catalog only says things: it is a set of functions of facts
 * (facts.ts) that someone else has worked out, the same for every language. Adding a locale is
 * adding a file here, its alarm catalog in infra/alarm-locales/, and its name to LOCALES
 * (contract/severities.ts).
 */
export interface Catalog {
  /** How Intl formats this language's amounts: `XOF 45,000` or `45 000 F CFA`. */
  readonly intl: {
    readonly tag: string;
    readonly currencyDisplay: 'code' | 'symbol';
  };
  readonly words: WordsCatalog;
  readonly topUp: TopUpCatalog;
  readonly failure: FailureCatalog;
  /** The draft of each kind of alert (draft.ts fits it to a channel). */
  readonly alerts: AlertsCatalog;
  readonly render: RenderCatalog;
  /** The acknowledge pages (lambda/ack). */
  readonly ack: AckCatalog;
  /** What the operators are told of an alert given up on (messages/parked-notice.ts). */
  readonly parked: ParkedCatalog;
  /** The subscription-health job's message to the operators (lambda/watchdog). */
  readonly reach: ReachCatalog;
  /** What a tier told by escalation reads besides the alert. */
  readonly escalation: EscalationCatalog;
  /** Telegram's "I'm on it" button, answered to whoever pressed it. */
  readonly button: ButtonCatalog;
  /** The acknowledge page's figures, chart, undo and when the others hear (lambda/ack). */
  readonly ackPage: AckPageCatalog;
}

/** Times, dates, durations and balances: what every message is made of. */
interface WordsCatalog {
  /** "18 h 05" / "6:05 pm" */
  clockTime(t: ClockFacts): string;
  /** "28 nov." / "Nov 28" */
  day(d: DayFacts): string;
  /** "28 nov. à 18 h 05" / "Nov 28, 6:05 pm" */
  dateTime(day: string, time: string): string;
  /** A date and time where a time alone would do (another day than the event's). */
  nearDate(dateTime: string): string;
  /** A time of the message's day, with its preposition: "at 6:05 pm" / "à 18 h 05". */
  atTime(time: string): string;
  /** Another day's date and time, with its preposition: "on Nov 28 at 6:05 pm" / "le 28 nov. à 18 h 05". */
  onDate(day: string, time: string): string;
  /** "3 h 20 min", "2 jours et 4 heures": where characters count (SMS, subjects). */
  duration(d: DurationFacts): string;
  /**
   * A duration in a sentence read at leisure (an e-mail's lines): "3 hours 20 minutes" in
   * English; French prose keeps its `duration` ("3 h 20 min" cannot be read as a time there,
   * and whole hours are already written out).
   */
  durationInProse(d: DurationFacts): string;
  /** "XOF 45,000", "empty (XOF 0)", "overdrawn by XOF 5,000" */
  balance(b: BalanceFacts): string;
  /** "is XOF 45,000" / "est de 45 000 F CFA" */
  is(b: BalanceFacts): string;
  /** "a balance of XOF 45,000" / "un solde de 45 000 F CFA" */
  aBalance(b: BalanceFacts): string;
  /** "3 h 20 min (2 h 50 min to 4 h)" */
  runwayRange(likely: string, earliest: string, latest: string): string;
  /**
   * A runway in such a sentence, from its minutes: "3 hours 20 minutes (between 2 hours 45
   * minutes and 4 hours 15 minutes)" / "3 h 20 min (entre 2 h 50 min et 4 heures)".
   */
  runwayInProse(likely: number, earliest: number, latest: number): string;
}

/**
 * How much to add (messages/how-much.ts), with the same labels on every channel, and how to top
 * up (the deploy config's help).
 */
export interface TopUpCatalog {
  /**
   * E-mail, chat and the acknowledge page, read at leisure: "Minimum X to close the alert;
   * advised Y to cover 24 hours at the current pace.", or either part alone (the SMS's `sms`
   * keeps "for 24 h").
   */
  amounts(f: HowMuchFacts): string;
  /** What the recovery level is, in one sentence: where the alert closes, and why there. */
  closesAt(f: ClosingFacts): string;
  url(url: string): string;
  contact(contact: string): string;
  /**
   * The SMS's amounts, one sentence each, as a chain: the minimum first, then the advised
   * (render.ts adds each only while the SMS fits, and the advised only after the minimum);
   * `withVerb` after a core that does not already say "top up".
   */
  sms(f: HowMuchFacts & { readonly withVerb: boolean }): readonly string[];
}

/**
 * A failed detail, with its status said as " (401)" or "". `inProse`: the sentence is the
 * e-mail's cause (failure.ts failureCause), read at leisure, where a language may write its
 * durations out ("30 seconds"); else the few words of an SMS ("30 s").
 */
type DetailFacts = Omit<FailureDetail, 'status'> & {
  readonly status: string;
  readonly inProse: boolean;
};

/** A failed read, built from its data, never from its English log message. */
interface FailureCatalog {
  /** The full sentence for each detail code, without the provider's words or the attempts. */
  readonly sentence: { readonly [C in DetailCode]: (d: DetailFacts) => string };
  /** A failure without a detail (an older stored one): its kind, with its status " (503)". */
  readonly byKind: { readonly [K in FailureKind]: (status: string) => string };
  /** The few words an SMS has room for, where the sentence is too long. */
  readonly short: {
    secretUnreadable(errorName: string | undefined): string;
    redirect(status: string): string;
    readonly secretMissing: string;
  };
  /** ", after 3 attempts" */
  attempts(attempts: number): string;
  /** The provider's own words, quoted; `code` is " (E1)" or "". */
  providerSaid(provider: string, code: string): string;
  /** What the operator should do. */
  readonly action: { readonly [K in FailureActionKey]: string };
}

interface AlertsCatalog {
  level(f: LevelFacts, w: Words): Draft;
  balanceReminder(f: BalanceReminderFacts, w: Words): Draft;
  failureReminder(e: FailureReminderEvent, w: Words): Draft;
  forecast(f: ForecastFacts, w: Words): Draft;
  outflow(f: OutflowFacts, w: Words): Draft;
  recovered(e: RecoveredEvent, w: Words): Draft;
  failing(e: FailingEvent, w: Words): Draft;
  failingResolved(e: FailingResolvedEvent, w: Words): Draft;
  stale(e: StaleEvent, w: Words): Draft;
  staleResolved(e: StaleResolvedEvent, w: Words): Draft;
  acknowledged(f: AcknowledgedFacts, w: Words): Draft;
  digest(f: DigestFacts, w: Words): Draft;
  held(f: HeldFacts, w: Words): Draft;
  test(e: TestEvent, w: Words): Draft;
}

/** What render.ts adds around a draft. */
interface RenderCatalog {
  /** The "I'm on it" line, with its link. */
  acknowledgeLine(link: string): string;
  /** The label of Telegram's "I'm on it" button (short: a phone's width). */
  acknowledgeButton: string;
  /**
   * The e-mail's last line: when it was checked (`on`: "on Nov 28 at 6:05 pm" / "le 28 nov. à
   * 18 h 05"), and the zone every time is read in.
   */
  checked(on: string, zone: string): string;
  /** The subject before it loses its accents: whatever would then mislead, rewritten. */
  beforeAscii(subject: string): string;
  /** In a FAILING or STALE the operators hear too: that IT is sent it (e-mail line, SMS extra). */
  readonly operatorsTold: { readonly email: string; readonly sms: string };
}

/** One alert given up on, as the operators are told of it. */
export interface ParkedFacts {
  readonly severity: string;
  readonly channel: string;
  /** When the alert was raised, in words. */
  readonly raisedAt: string;
  readonly attempts: number;
  readonly error: string;
}

export interface ParkedCatalog {
  /** "[UNDELIVERED] 2 alerts of main could not be delivered" */
  subject(account: string, count: number): string;
  intro(account: string, count: number): string;
  line(f: ParkedFacts): string;
  readonly action: string;
  /** Before the alert's own text, when the record still had it. */
  readonly original: string;
  /** Failures WhatsApp (Meta) reported after accepting the message. */
  readonly late: LateFailureCatalog;
}

/** One WhatsApp alert Meta accepted, then reported failed (messages/whatsapp/late-failure.ts). */
export interface LateFailureFacts {
  /** The alert in words ("Critical balance alert"), or its severity as stored if unknown. */
  readonly alert: string;
  /** "whatsapp:caisse" */
  readonly channel: string;
  /** When the alert was raised, in words. */
  readonly raisedAt: string;
  /** Meta's code, as data; undefined when Meta gave none. */
  readonly code: number | undefined;
  /** Meta's title, as Meta wrote it (in English): quoted, never translated. */
  readonly title: string;
  readonly meaning: LateFailureMeaning;
}

export interface LateFailureCatalog {
  /** Each kind of alert, as a line starts with it: "Critical balance alert". */
  readonly alerts: Readonly<Record<Severity, string>>;
  subject(account: string, count: number): string;
  intro(account: string, count: number): string;
  /** The alert, its channel, Meta's code and title, and what the code means. */
  line(f: LateFailureFacts): string;
  /** What to do for a meaning, "What to do: ..."; `recipients`: the WhatsApp names concerned. */
  todo(meaning: LateFailureMeaning, recipients: readonly string[]): string;
  /** The "What to do" lines of several meanings under one heading (docs/glossaire.md). */
  todos(lines: readonly string[]): readonly string[];
  /** Where the alert's text is: the other channels got it; the record keeps the entry. */
  readonly where: string;
}

/** What an acknowledgment is about. */
export type AckAbout = 'LOW' | 'CRITICAL' | 'FAILING';

export interface AckCatalog {
  /** "low balance", "le solde ne se lit plus" */
  readonly what: { readonly [A in AckAbout]: string };
  /** "since Nov 28, 6:05 pm" */
  since(dateTime: string): string;
  /** What still alerts once someone is on it: the same as the ACKNOWLEDGED notice says. */
  readonly stillComes: { readonly [A in AckAbout]: string };
  /** "Account "Boutique Dakar": low balance, since Nov 28, 6:05 pm." */
  subject(account: string, what: string, since: string): string;
  readonly confirmTitle: string;
  confirmText(stillComes: string): string;
  readonly nameLabel: string;
  readonly button: string;
  readonly doneTitle: string;
  readonly refusalTitle: string;
  readonly refusal: {
    readonly [R in 'malformed' | 'tampered' | 'expired' | 'ended' | 'method']: string;
  };
}
