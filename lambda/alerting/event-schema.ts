import * as z from '../contract/zod';
import { failureDetailSchema } from '../contract/failure-detail';
import { FAILURE_KINDS } from '../contract/failures';
import { LEVELS, REMINDED_SEVERITIES } from '../contract/severities';

/**
 * The alert events, declared once: the policy builds them, the texts and the channels read
 * them, and the outbox stores them and validates them when read back, so that an entry damaged
 * in storage is dropped alone instead of taking the state with it, and a channel never renders
 * something the policy could not have produced. Every event type (alerting/types.ts exports
 * them) is inferred from these schemas.
 */

/** A schema's output, read-only all the way down: an event is never changed once made. */
type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/**
 * The schemas, built at the first event parsed, not when the module loads: a check whose state
 * and outbox hold no event (most of them) never builds them (schemas built at load are a cold
 * start's cost, BENCHMARKS.md).
 */
function buildEventSchemas() {
  const isoDate = z.iso.datetime({ offset: true });
  const level = z.enum(LEVELS);
  /** The name someone gave when they said "I'm on it" (empty: none given). */
  const ackName = z.string().check(z.maxLength(40));

  /** Every event: the account it is about, and when the check that raised it ran. */
  const base = { account: z.string(), at: isoDate };

  /** A balance the monitor can talk about. */
  const amountSchema = z.object({ balance: z.number(), currency: z.string() });
  const amount = amountSchema.shape;

  /** A duration from the event, in minutes: the estimate and its range. */
  const runwaySchema = z.object({ minutes: z.number(), earliest: z.number(), latest: z.number() });

  /** How much to add (alerting/top-up.ts): the minimum to close the alert, and the advised cover. */
  const topUpSchema = z.object({
    /** Exactly what brings the balance to `recovery` (closes the alert), in whole currency units. */
    toRecover: z.number(),
    /** Advised: what also lasts `hours` at the current pace above `recovery` (with a forecast). */
    toCover: z.optional(z.number()),
    hours: z.optional(z.number()),
  });

  /** Why a check could not read a valid balance, as the policy and the messages need it. */
  const failureInfoSchema = z.object({
    kind: z.enum(FAILURE_KINDS),
    /** HTTP status, when the provider answered. */
    status: z.optional(z.int()),
    /** Provider code such as EXPIRED_API_KEY, when the body carried one. */
    code: z.optional(z.string()),
    /** The check's error message in English, already free of the key: for the logs. */
    reason: z.string(),
    /** The same as data, said in the reader's language by the messages. */
    detail: z.optional(failureDetailSchema),
    /** Requests made before giving up. */
    attempts: z.optional(z.int()),
  });

  /**
   * An episode that opened again within the cool-off after it ended (alerting/storm.ts): the
   * readings are unstable. `endedAt`: when its end was told; its next end is told only once
   * things have stayed good for `coolOffMinutes`.
   */
  const unstableSchema = z.object({ endedAt: isoDate, coolOffMinutes: z.number() });

  /** The balance went below a threshold: LOW opens an episode, CRITICAL opens or escalates one. */
  const thresholdEventSchema = z.object({
    severity: level,
    ...base,
    ...amount,
    /** The threshold crossed (0 for a CRITICAL without a critical threshold: empty). */
    threshold: z.number(),
    /** When the balance went below LOW (the episode's start). */
    since: isoDate,
    /** Time until empty at the current pace, when a forecast exists and it is not empty yet. */
    runway: z.optional(runwaySchema),
    /** The balance at which the episode ends (LOW plus the margin). */
    recovery: z.number(),
    /** The LOW threshold (absent from events stored before it was carried). */
    low: z.optional(z.number()),
    topUp: topUpSchema,
    /** The episode's first alert (a CRITICAL may open one, or escalate it). */
    opens: z.optional(z.boolean()),
    /** The episode reopened soon after its RECOVERED: the readings are unstable. */
    unstable: z.optional(unstableSchema),
  });

  const balanceReminderEventSchema = z.object({
    severity: z.literal('REMINDER'),
    ...base,
    ...amount,
    remindsOf: level,
    /** The threshold of the level reminded of (LOW, or CRITICAL's, or 0). */
    threshold: z.number(),
    /** The LOW threshold (the episode's). */
    low: z.number(),
    recovery: z.number(),
    since: isoDate,
    runway: z.optional(runwaySchema),
    topUp: topUpSchema,
  });

  const failureReminderEventSchema = z.object({
    severity: z.literal('REMINDER'),
    ...base,
    remindsOf: z.literal('FAILING'),
    failure: failureInfoSchema,
    failedChecks: z.int(),
    since: isoDate,
  });

  /** A reminder is of a balance or of a failure, with the fields of its kind. */
  const reminderEventSchema = z.discriminatedUnion('remindsOf', [
    balanceReminderEventSchema,
    failureReminderEventSchema,
  ]);

  /** Still above LOW, but at the current pace it will be below within the horizon. */
  const forecastEventSchema = z.object({
    severity: z.literal('FORECAST'),
    ...base,
    ...amount,
    /** What is forecast: crossing LOW, or running out within `runwayAlertHours`. */
    reason: z.enum(['low', 'runway']),
    /** The LOW threshold. */
    threshold: z.number(),
    /** Time until LOW (absent when only the runway is short). */
    toLow: z.optional(runwaySchema),
    /** Time until empty. */
    toZero: runwaySchema,
    /** Balance change per hour (negative). */
    perHour: z.number(),
    topUp: z.optional(topUpSchema),
  });

  /**
   * The balance going out unusually (alerting/outflow.ts): faster than k times the usual pace for
   * the hour, or more than a set amount or share within a window; even above LOW.
   */
  const unusualOutflowEventSchema = z.object({
    severity: z.literal('UNUSUAL_OUTFLOW'),
    ...base,
    ...amount,
    /**
     * What crossed: the pace against the usual, the amount or share within the window, or one
     * debit a callback named that the balance read confirmed (single-debit.ts).
     */
    reason: z.enum(['pace', 'amount', 'share', 'debit']),
    /** What went out (positive), over `minutes`. */
    outflow: z.number(),
    minutes: z.number(),
    /** The pace now, going out per hour (positive). */
    outPerHour: z.number(),
    /** The usual pace for this hour, going out per hour, when the history knows one. */
    usualOutPerHour: z.optional(z.number()),
    /** amount and share: the limit crossed, as an amount; share: the share set, in percent. */
    limit: z.optional(z.number()),
    sharePercent: z.optional(z.number()),
    /** debit: the one debit's amount, as the callback said, and when it completed. */
    debit: z.optional(z.number()),
    debitAt: z.optional(isoDate),
  });

  const recoveredEventSchema = z.object({
    severity: z.literal('RECOVERED'),
    ...base,
    ...amount,
    /** The level the balance had to climb back over (LOW plus the recovery margin). */
    threshold: z.number(),
    since: isoDate,
    /** The worst level the episode reached: its RECOVERED goes to whoever heard of that level. */
    peak: level,
    /** Who said "I'm on it", when someone did. */
    acknowledgedBy: z.optional(ackName),
  });

  const failingEventSchema = z.object({
    severity: z.literal('FAILING'),
    ...base,
    failure: failureInfoSchema,
    failedChecks: z.int(),
    since: isoDate,
    /** The failure reopened soon after its FAILING_RESOLVED: the reads are unstable. */
    unstable: z.optional(unstableSchema),
  });

  const failingResolvedEventSchema = z.object({
    severity: z.literal('FAILING_RESOLVED'),
    ...base,
    ...amount,
    since: isoDate,
    /** Who said "I'm on it", when someone did. */
    acknowledgedBy: z.optional(ackName),
  });

  const staleEventSchema = z.object({
    severity: z.literal('STALE'),
    ...base,
    ...amount,
    lastUpdate: isoDate,
    /** The age past which `lastUpdate` is stale, in minutes. */
    staleAfterMinutes: z.number(),
  });

  const staleResolvedEventSchema = z.object({
    severity: z.literal('STALE_RESOLVED'),
    ...base,
    ...amount,
    lastUpdate: isoDate,
    /** When STALE went out. */
    since: isoDate,
    /** The last update that was stale, so the texts can say since when (absent from older events). */
    staleUpdate: z.optional(isoDate),
  });

  const testEventSchema = z.object({ severity: z.literal('TEST'), ...base });

  /** Someone said "I'm on it" for an episode: the others hear it once, its reminders stop. */
  const acknowledgedEventSchema = z.object({
    severity: z.literal('ACKNOWLEDGED'),
    ...base,
    /** What was acknowledged: a balance episode at its level, or a failure to read. */
    about: z.enum(REMINDED_SEVERITIES),
    /** The episode's start. */
    since: isoDate,
    /** The name they gave, or empty. */
    by: ackName,
    acknowledgedAt: isoDate,
  });

  /** The morning summary of the last 24 hours. */
  const digestEventSchema = z.object({
    severity: z.literal('DIGEST'),
    ...base,
    currency: z.string(),
    /** The last good reading, if any in the last 24 hours. */
    balance: z.optional(z.number()),
    lastReadAt: z.optional(isoDate),
    /** Balance now minus 24 hours ago (from the history), when both are known. */
    change24h: z.optional(z.number()),
    lowest: z.optional(z.number()),
    highest: z.optional(z.number()),
    /** Minutes of the last 24 hours with the balance below LOW (from the history's samples). */
    belowLowMinutes: z.number(),
    low: z.number(),
    runway: z.optional(runwaySchema),
    episode: z.optional(z.object({ level, since: isoDate, acknowledgedBy: z.optional(ackName) })),
    /** The open failure episode, once FAILING went out: the balance cannot be read. */
    failing: z.optional(
      z.object({
        since: isoDate,
        /** Checks failed in a row since then. */
        failedChecks: z.int().check(z.positive()),
        /** Who said "I'm on it", when someone did. */
        acknowledgedBy: z.optional(ackName),
      }),
    ),
    /** Checks of the last 24 hours, and how many of them failed. */
    failedChecks: z.int(),
    /** The schedule's checks; those a callback started are `callbackChecks`, when there were some. */
    checks: z.int(),
    callbackChecks: z.optional(z.int().check(z.positive())),
    /**
     * The account's recipients that receive nothing yet: unconfirmed for over a day, or removed
     * and subscribed again. A count only: the addresses themselves never leave the stack this way.
     */
    unconfirmedRecipients: z.optional(z.int().check(z.positive())),
  });

  /** Every event but HELD: what a HELD holds. */
  const heldableEventSchemas = [
    thresholdEventSchema,
    reminderEventSchema,
    forecastEventSchema,
    unusualOutflowEventSchema,
    recoveredEventSchema,
    failingEventSchema,
    failingResolvedEventSchema,
    staleEventSchema,
    staleResolvedEventSchema,
    testEventSchema,
    acknowledgedEventSchema,
    digestEventSchema,
  ] as const;
  const heldableEventSchema = z.discriminatedUnion('severity', heldableEventSchemas);

  /**
   * What a silence or quiet hours held, still true when they ended, in one message (a reminder
   * held is dropped: the alert it repeats is here, or was said before).
   */
  const heldEventSchema = z.object({
    severity: z.literal('HELD'),
    // Not spread from `base`: a spread here would make TypeScript read the getter too early.
    account: base.account,
    at: base.at,
    /** cap: the channel's hourly cap held them until the hour ended. */
    reason: z.enum(['silence', 'quiet', 'cap']),
    /** cap: the hourly cap in force when the hour ended, so the summary can say what it is. */
    capPerHour: z.optional(z.int().check(z.positive())),
    /**
     * Typed as any events, a HELD too, so that the outbox can wrap whatever it released; a HELD
     * never holds a HELD (the outbox releases what it held once), and a stored one that does is
     * refused.
     */
    get events(): z.ZodMiniArray<
      z.ZodMiniUnion<readonly [typeof heldableEventSchema, typeof heldEventSchema]>
    > {
      return z.array(z.union([heldableEventSchema, heldEventSchema])).check(
        z.minLength(1),
        z.maxLength(20),
        z.refine((events) => events.every((event) => event.severity !== 'HELD'), {
          error: 'a HELD does not hold a HELD',
        }),
      );
    },
    /** The balance as the releasing check read it: the held alerts' own figures are older. */
    latest: z.optional(z.object({ ...amount, at: isoDate })),
  });

  /** One notification to publish, with what its texts need. */
  const alertEventSchema = z.discriminatedUnion('severity', [
    ...heldableEventSchemas,
    heldEventSchema,
  ]);
  return {
    amountSchema,
    runwaySchema,
    topUpSchema,
    failureInfoSchema,
    unstableSchema,
    thresholdEventSchema,
    balanceReminderEventSchema,
    failureReminderEventSchema,
    reminderEventSchema,
    forecastEventSchema,
    unusualOutflowEventSchema,
    recoveredEventSchema,
    failingEventSchema,
    failingResolvedEventSchema,
    staleEventSchema,
    staleResolvedEventSchema,
    testEventSchema,
    acknowledgedEventSchema,
    digestEventSchema,
    heldableEventSchema,
    heldEventSchema,
    alertEventSchema,
  };
}

type EventSchemas = ReturnType<typeof buildEventSchemas>;
let built: EventSchemas | undefined;
const eventSchemas = (): EventSchemas => (built ??= buildEventSchemas());

/** One notification to publish, with what its texts need. */
export const alertEventSchema = z.lazy(() => eventSchemas().alertEventSchema);

export type Amount = Immutable<z.output<EventSchemas['amountSchema']>>;
export type Runway = Immutable<z.output<EventSchemas['runwaySchema']>>;
export type TopUpAdvice = Immutable<z.output<EventSchemas['topUpSchema']>>;
export type FailureInfo = Immutable<z.output<EventSchemas['failureInfoSchema']>>;
export type ThresholdEvent = Immutable<z.output<EventSchemas['thresholdEventSchema']>>;
export type BalanceReminderEvent = Immutable<z.output<EventSchemas['balanceReminderEventSchema']>>;
export type FailureReminderEvent = Immutable<z.output<EventSchemas['failureReminderEventSchema']>>;
export type ForecastEvent = Immutable<z.output<EventSchemas['forecastEventSchema']>>;
export type UnusualOutflowEvent = Immutable<z.output<EventSchemas['unusualOutflowEventSchema']>>;
export type RecoveredEvent = Immutable<z.output<EventSchemas['recoveredEventSchema']>>;
export type FailingEvent = Immutable<z.output<EventSchemas['failingEventSchema']>>;
export type FailingResolvedEvent = Immutable<z.output<EventSchemas['failingResolvedEventSchema']>>;
export type StaleEvent = Immutable<z.output<EventSchemas['staleEventSchema']>>;
export type StaleResolvedEvent = Immutable<z.output<EventSchemas['staleResolvedEventSchema']>>;
export type TestEvent = Immutable<z.output<EventSchemas['testEventSchema']>>;
export type AcknowledgedEvent = Immutable<z.output<EventSchemas['acknowledgedEventSchema']>>;
export type DigestEvent = Immutable<z.output<EventSchemas['digestEventSchema']>>;
export type HeldEvent = Immutable<z.output<EventSchemas['heldEventSchema']>>;
export type AlertEvent = Immutable<z.output<EventSchemas['alertEventSchema']>>;

/**
 * Events stored by the version before levels and top-up advice lack a few fields; an entry still
 * waiting in an outbox at the upgrade must still go out. Filled from what the event says:
 * recovery and LOW from its threshold (and that version's 5% margin), no top-up amount (none
 * was computed), the RECOVERED
 * routed as CRITICAL (so everyone who may have been told hears it ended), the forecast's only
 * crossing as its time to zero too, STALE with that version's only age limit.
 */
function upgradeStoredEvent(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const e = value as Record<string, unknown>;
  const threshold = e.threshold;
  const noTopUp = { toRecover: 0 };
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL':
      // Only LOW's recovery is known (5% above it); with no amount to add it is not stated.
      return {
        recovery:
          e.severity === 'LOW' && typeof threshold === 'number'
            ? Math.round(threshold * 1.05)
            : threshold,
        topUp: noTopUp,
        ...e,
      };
    case 'REMINDER': {
      if (e.remindsOf === 'FAILING' || 'low' in e) return e;
      const balance = typeof e.balance === 'number' ? e.balance : Number.NaN;
      const limit = typeof threshold === 'number' ? threshold : Number.NaN;
      // That version's only margin was 5% of LOW. A LOW reminder then knows both levels. A
      // CRITICAL one knows only CRITICAL: below it, that is all it says; in the band above it
      // nothing true could be said of LOW, and a reminder is a repeat: it is left out.
      if (e.remindsOf === 'LOW')
        return { low: limit, recovery: Math.round(limit * 1.05), topUp: noTopUp, ...e };
      return balance < limit ? { low: limit, recovery: limit, topUp: noTopUp, ...e } : undefined;
    }
    case 'FORECAST':
      return { reason: 'low', toZero: e.toLow, ...e };
    case 'RECOVERED':
      return { peak: 'CRITICAL', ...e };
    case 'STALE':
      // The only value that version could have: the stack did not set STALE_AFTER_MINUTES.
      return { staleAfterMinutes: 1440, ...e };
    default:
      return e;
  }
}

/** An event read back from storage, upgraded from an older version first; undefined if invalid. */
export function parseAlertEvent(value: unknown): AlertEvent | undefined {
  const parsed = alertEventSchema.safeParse(upgradeStoredEvent(value));
  return parsed.success ? parsed.data : undefined;
}
