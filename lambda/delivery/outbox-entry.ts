import * as z from '../contract/zod';
import { parseAlertEvent } from '../alerting/event-schema';
import { escalationNoteSchema, type EscalationNote } from '../alerting/escalation-state';
import type { AlertEvent } from '../alerting/types';
import type { RenderedAlert } from '../messages/render';
import { SEVERITIES } from '../contract/severities';

/**
 * The outbox's stored shape: alert events waiting to be delivered, one delivery per channel,
 * kept in the state record next to the policy's state. It sits below both the check (which
 * claims and publishes) and the stores (which read and write it), so neither imports the other
 * for it.
 *
 * The protocol (check/run-check.ts drives it, claim-due.ts and apply-results.ts are its steps):
 * 1. A check saves the next state with its new events in the outbox, and in the same
 *    conditional write *claims* the deliveries that are due (claimedAt = now). Only one of two
 *    racing checks wins that write, so only one publishes a given delivery.
 * 2. It publishes what it claimed, each channel on its own.
 * 3. It saves the results: a delivered delivery leaves the outbox; one that failed for a
 *    transient reason waits, with backoff; one refused for good (or failing for
 *    MAX_PENDING_MINUTES) is parked as undeliverable, with its error, and never blocks the rest.
 * A claim older than the lease (or "younger" by more than the lease: a clock ahead) has expired:
 * the next check claims it again. So a delivery is made at least once; twice only when a check
 * stopped between publishing and saving the result (a crash, a timeout, a failed save), or a
 * channel took a message and lost its answer.
 */

const isoDate = z.iso.datetime({ offset: true });

// Built at their first parse (z.lazy), not when the module loads: a state with no outbox
// entry, parked alert, hold or hourly count (most of them) never builds them (BENCHMARKS.md).
export const releaseSchema = z.lazy(() =>
  z.object({
    channel: z.string().check(z.maxLength(64)),
    episode: z.string().check(z.maxLength(200)),
    at: isoDate,
  }),
);

const deliverySchema = z.lazy(() =>
  z.object({
    attempts: z.int().check(z.nonnegative()),
    /** Not attempted before this time (backoff). */
    notBefore: isoDate,
    /** Set while a check is publishing it (the lease). */
    claimedAt: z.optional(isoDate),
    /** Which check claimed it: that check recognises its own claim after an ambiguous write. */
    claimedBy: z.optional(z.string()),
    firstFailedAt: z.optional(isoDate),
    lastError: z.optional(z.string()),
    /**
     * Every attempt counted was answered with a refusal (a webhook's 401, 403 or 404): the
     * receiver cannot hold the message, so its 409 cannot mean "I have it" (earlier-attempts.ts).
     */
    refusedOnly: z.optional(z.literal(true)),
    /** Set while a silence or quiet hours hold it; on release it joins a HELD summary. */
    heldSince: z.optional(isoDate),
    heldBy: z.optional(z.enum(['silence', 'quiet', 'cap'])),
  }),
);
export type Delivery = z.infer<typeof deliverySchema>;

const attributesSchema = z.lazy(() =>
  z.object({
    severity: z.enum(SEVERITIES),
    account: z.string(),
    remindsOf: z.optional(z.enum(SEVERITIES)),
  }),
);

/**
 * A message rendered before the outbox stored events (state schema 1): published as it was
 * rendered, by the SNS channel only.
 */
export const legacyMessageSchema = z.lazy(() =>
  z.object({
    alert: z.object({
      subject: z.string(),
      email: z.string(),
      sms: z.string(),
      default: z.string(),
    }),
    attributes: attributesSchema,
  }),
);
type LegacyMessage = z.infer<typeof legacyMessageSchema>;

export interface OutboxEntry {
  /** Unique per event: the webhook's idempotency key, the channel's de-duplication id. */
  readonly id: string;
  readonly event: AlertEvent;
  readonly createdAt: string;
  readonly legacy?: {
    readonly alert: RenderedAlert;
    readonly attributes: LegacyMessage['attributes'];
  };
  /** Pending deliveries by channel name; a delivered one is removed, an empty entry too. */
  readonly deliveries: Readonly<Record<string, Delivery>>;
  /** An escalation to a tier: who was told before (alerting/escalation.ts). */
  readonly escalation?: EscalationNote;
}

export interface ParkedDelivery {
  readonly id: string;
  readonly channel: string;
  readonly severity: AlertEvent['severity'];
  readonly eventAt: string;
  readonly parkedAt: string;
  readonly attempts: number;
  readonly error: string;
  /**
   * Not yet accepted by the stack's queue of parked alerts (its alarm's count): set with the
   * park, cleared once SQS took it; the next check sends what is still marked
   * (delivery/queue-marks.ts). Absent: queued (a record saved before the mark existed too).
   */
  readonly queued?: false;
}

const entryShape = z.lazy(() =>
  z.object({
    id: z.string().check(z.minLength(1)),
    event: z.unknown(),
    createdAt: isoDate,
    legacy: z.optional(legacyMessageSchema),
    deliveries: z.record(z.string(), deliverySchema),
    escalation: z.optional(escalationNoteSchema),
  }),
);

export const parkedSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    channel: z.string(),
    severity: z.enum(SEVERITIES),
    eventAt: isoDate,
    parkedAt: isoDate,
    attempts: z.int().check(z.nonnegative()),
    error: z.string(),
    queued: z.optional(z.literal(false)),
  }),
);

/** An outbox entry read back from storage, or undefined when it does not hold together. */
export function parseOutboxEntry(value: unknown): OutboxEntry | undefined {
  const parsed = entryShape.safeParse(value);
  if (!parsed.success) return undefined;
  const event = parseAlertEvent(parsed.data.event);
  if (event === undefined) return undefined;
  const { legacy, ...rest } = parsed.data;
  return { ...rest, event, ...(legacy === undefined ? {} : { legacy }) };
}

/** First attempts claimed on a channel in an hour (the hourly cap, steps/cap-per-hour.ts). */
export const sentCountSchema = z.lazy(() =>
  z.object({
    channel: z.string().check(z.maxLength(64)),
    /** The hour's start (UTC). */
    hour: isoDate,
    count: z.int().check(z.nonnegative()),
  }),
);
export type SentCount = z.infer<typeof sentCountSchema>;

/** The outbox's part of a stored record. */
export interface OutboxState {
  readonly outbox: readonly OutboxEntry[];
  readonly undeliverable: readonly ParkedDelivery[];
  /** The holds that ended lately, per channel and episode (see Release). */
  readonly releases?: readonly Release[];
  /** This hour's first attempts per channel, for the hourly cap. */
  readonly sent?: readonly SentCount[];
}

/**
 * A hold (a silence, quiet hours) that ended on a channel with news of an episode: what it
 * released stands for that episode's reminder there, so the channel hears no REMINDER of it
 * made within half a reminder interval after. (The policy's reminder clock is the episode's,
 * for every channel; only this channel heard from it just now.)
 */
export interface Release {
  readonly channel: string;
  readonly episode: string;
  readonly at: string;
}

/** The severity an entry is about (a migrated one: the severity it was rendered with). */
export function severityOf(entry: OutboxEntry): AlertEvent['severity'] {
  return entry.legacy?.attributes.severity ?? entry.event.severity;
}

/** Drops deliveries from an entry; drops the entry once it has none left. */
export function withoutDeliveries(
  entry: OutboxEntry,
  channels: ReadonlySet<string>,
): OutboxEntry | undefined {
  const deliveries = Object.fromEntries(
    Object.entries(entry.deliveries).filter(([channel]) => !channels.has(channel)),
  );
  return Object.keys(deliveries).length === 0 ? undefined : { ...entry, deliveries };
}
