import type { EscalationNote } from '../alerting/escalation-state';
import type { AlertEvent, Amount } from '../alerting/types';
import type { HoldReason } from './holds';
import type { Delivery, OutboxEntry, ParkedDelivery, Release, SentCount } from './outbox-entry';

/**
 * The outbox part way through claimDue. claimDue is a pipeline of small pure steps (steps/):
 * each takes a ClaimPass and returns the next one, so each can be read and tested alone.
 */

/** One delivery this check will make. */
export interface Claim {
  readonly entryId: string;
  readonly channel: string;
  readonly entry: OutboxEntry;
}

export interface ClaimOptions {
  /** Whether a delivery is held now (a silence, quiet hours). */
  readonly holds?: (entry: OutboxEntry, channel: string) => HoldReason | undefined;
  /**
   * Of the events a channel had held, those still true now (alerting/held.ts): they go out as
   * one HELD summary; the rest are dropped.
   */
  readonly stillTrue?: (events: readonly AlertEvent[]) => AlertEvent[];
  /**
   * Whether a channel routes each message to its own audience by its attributes (SNS: e-mail
   * and SMS subscribers filter by route): there, what is released goes out alert by alert, so
   * that nobody gets a summary of alerts they did not ask for.
   */
  readonly routed?: (channel: string) => boolean;
  /** The balance the releasing check read, for the held alerts whose figures are older. */
  readonly latest?: Amount & { readonly at: string };
  /** The policy's reminder interval: how long a release stands for an episode's reminder. */
  readonly repeatAfterMinutes?: number;
  /** First attempts per channel and hour; past it, held to the hour's end. @default none */
  readonly capPerHour?: number;
}

/** What every step is given alike: the time, the check, and claimDue's options. */
export interface ClaimContext {
  readonly now: Date;
  /** `now` as stored. */
  readonly at: string;
  /** This check's id, recorded with its claims. */
  readonly self?: string;
  readonly options: ClaimOptions;
}

/** The events a channel's ending holds release, and why they were held. */
export interface ReleasedGroup {
  readonly events: readonly AlertEvent[];
  readonly reason: HoldReason;
  /** The escalation notes of released escalations (a tier's), by their event. */
  readonly notes?: ReadonlyMap<AlertEvent, EscalationNote>;
}

export interface ClaimPass {
  /** The entries still in the outbox, in their order. */
  readonly outbox: readonly OutboxEntry[];
  /**
   * The hold on each delivery now (by deliveryKey), asked once of `options.holds` for the
   * outbox as claimDue was given it, so every step goes by the same answer. A delivery held now
   * stays held: no step releases, expires, parks or claims it (a held delivery never counts as
   * failing).
   */
  readonly holds: ReadonlyMap<string, HoldReason>;
  /**
   * Episodes each channel whose holds end now is about to hear of from the release: a reminder
   * of one of them in this same check would only repeat it. A channel is a key here as soon as
   * one of its holds ends, even one that tells of no episode.
   */
  readonly releasing: ReadonlyMap<string, ReadonlySet<string>>;
  /** What each channel's ending holds release, in outbox order; sent as releasedEntries. */
  readonly released: ReadonlyMap<string, ReleasedGroup>;
  /** The entries made of what was released: one per message, a first attempt like the rest. */
  readonly releasedEntries: readonly OutboxEntry[];
  /** The releases still standing for a reminder, oldest first, and those made now. */
  readonly releases: readonly Release[];
  /** Deliveries given up on by this check, in outbox order. */
  readonly parkedNow: readonly ParkedDelivery[];
  /** What this check will deliver, in the order it is to be attempted. */
  readonly claims: readonly Claim[];
  /** This hour's first attempts per channel, this check's claims included (the hourly cap). */
  readonly sent: readonly SentCount[];
}

/** A step of claimDue: pure, from one pass to the next. */
export type ClaimStep = (pass: ClaimPass, context: ClaimContext) => ClaimPass;

/** One delivery's key: an entry and a channel. */
export const deliveryKey = (entryId: string, channel: string): string =>
  `${entryId}\u0000${channel}`;

/**
 * Rewrites each delivery of each entry, in order: `change` returns the delivery to keep (the
 * same or a new one), or undefined to drop it. An entry left with no delivery is dropped.
 */
export function mapDeliveries(
  outbox: readonly OutboxEntry[],
  change: (entry: OutboxEntry, channel: string, delivery: Delivery) => Delivery | undefined,
): OutboxEntry[] {
  return outbox.flatMap((entry) => {
    const deliveries: Record<string, Delivery> = {};
    for (const [channel, delivery] of Object.entries(entry.deliveries)) {
      const kept = change(entry, channel, delivery);
      if (kept !== undefined) deliveries[channel] = kept;
    }
    return Object.keys(deliveries).length === 0 ? [] : [{ ...entry, deliveries }];
  });
}

/** The policy's reminder interval, in ms: how long a release stands for a reminder. */
export const reminderIntervalMs = (options: ClaimOptions): number =>
  (options.repeatAfterMinutes ?? 0) * 60_000;

/** Whether a hold keeps this delivery now (see ClaimPass.holds). */
export const isHeld = (pass: ClaimPass, entry: OutboxEntry, channel: string): boolean =>
  pass.holds.has(deliveryKey(entry.id, channel));
