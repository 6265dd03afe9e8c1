import * as z from 'zod';
import { parseAlertEvent } from '../alerting/event-schema';
import { episodeIdOf, type AlertEvent, type Amount } from '../alerting/types';
import type { RenderedAlert } from '../messages/render';
import { SEVERITIES } from '../contract/severities';

/**
 * The outbox: alert events waiting to be delivered, one delivery per channel, kept in the state
 * record. Pure: every function takes the time and returns new values.
 *
 * The protocol (run-check.ts drives it):
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

/** How long a claim holds: longer than a check runs (the function's 50 s), shorter than the schedule. */
export const LEASE_MS = 120_000;
/** A delivery failing this long is parked as undeliverable: past it, the news is stale. */
export const MAX_PENDING_MINUTES = 360;
/**
 * At most this many deliveries are attempted per channel by one check, so a backlog cannot eat
 * its time. Per channel, so one channel's backlog of retries never delays another's alert.
 */
export const MAX_CLAIMS_PER_CHANNEL = 20;
/** The parked deliveries the state keeps, newest last. */
export const MAX_UNDELIVERABLE = 10;

const isoDate = z.iso.datetime({ offset: true });

export const releaseSchema = z.object({
  channel: z.string().max(64),
  episode: z.string().max(200),
  at: isoDate,
});

const deliverySchema = z.object({
  attempts: z.number().int().nonnegative(),
  /** Not attempted before this time (backoff). */
  notBefore: isoDate,
  /** Set while a check is publishing it (the lease). */
  claimedAt: isoDate.optional(),
  /** Which check claimed it: that check recognises its own claim after an ambiguous write. */
  claimedBy: z.string().optional(),
  firstFailedAt: isoDate.optional(),
  lastError: z.string().optional(),
  /** Set while a silence or quiet hours hold it; on release it joins a HELD summary. */
  heldSince: isoDate.optional(),
  heldBy: z.enum(['silence', 'quiet']).optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

const attributesSchema = z.object({
  severity: z.enum(SEVERITIES),
  account: z.string(),
  remindsOf: z.enum(SEVERITIES).optional(),
});

/**
 * A message rendered before the outbox stored events (state schema 1): published as it was
 * rendered, by the SNS channel only.
 */
export const legacyMessageSchema = z.object({
  alert: z.object({ subject: z.string(), email: z.string(), sms: z.string(), default: z.string() }),
  attributes: attributesSchema,
});
export type LegacyMessage = z.infer<typeof legacyMessageSchema>;

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
}

export interface ParkedDelivery {
  readonly id: string;
  readonly channel: string;
  readonly severity: AlertEvent['severity'];
  readonly eventAt: string;
  readonly parkedAt: string;
  readonly attempts: number;
  readonly error: string;
}

const entryShape = z.object({
  id: z.string().min(1),
  event: z.unknown(),
  createdAt: isoDate,
  legacy: legacyMessageSchema.optional(),
  deliveries: z.record(z.string(), deliverySchema),
});

export const parkedSchema = z.object({
  id: z.string(),
  channel: z.string(),
  severity: z.enum(SEVERITIES),
  eventAt: isoDate,
  parkedAt: isoDate,
  attempts: z.number().int().nonnegative(),
  error: z.string(),
});

/** An outbox entry read back from storage, or undefined when it does not hold together. */
export function parseOutboxEntry(value: unknown): OutboxEntry | undefined {
  const parsed = entryShape.safeParse(value);
  if (!parsed.success) return undefined;
  const event = parseAlertEvent(parsed.data.event);
  if (event === undefined) return undefined;
  const { legacy, ...rest } = parsed.data;
  return { ...rest, event, ...(legacy === undefined ? {} : { legacy }) };
}

/** The outbox's part of a stored record. */
export interface OutboxState {
  readonly outbox: readonly OutboxEntry[];
  readonly undeliverable: readonly ParkedDelivery[];
  /** The holds that ended lately, per channel and episode (see Release). */
  readonly releases?: readonly Release[];
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

/** The releases a record keeps, newest last: one per channel and open episode is enough. */
export const MAX_RELEASES = 50;

/** A channel as the outbox sees it: a name, and which events it wants. */
export interface ChannelRoute {
  readonly name: string;
  wants(event: AlertEvent): boolean;
}

/** Adds one entry per event, with a delivery for each channel that wants it. */
export function enqueue(
  outbox: readonly OutboxEntry[],
  events: readonly AlertEvent[],
  channels: readonly ChannelRoute[],
  now: Date,
): OutboxEntry[] {
  const at = now.toISOString();
  const added = events.flatMap((event, index): OutboxEntry[] => {
    const deliveries = Object.fromEntries(
      channels
        .filter((channel) => channel.wants(event))
        .map((channel) => [channel.name, { attempts: 0, notBefore: at }]),
    );
    if (Object.keys(deliveries).length === 0) return [];
    return [
      { id: `${event.account}/${at}/${index}/${event.severity}`, event, createdAt: at, deliveries },
    ];
  });
  return [...outbox, ...added];
}

/** One delivery this check will make. */
export interface Claim {
  readonly entryId: string;
  readonly channel: string;
  readonly entry: OutboxEntry;
}

/**
 * Whether a delivery's backoff is over. A `notBefore` further ahead than any backoff sets (a
 * clock that ran ahead wrote it) does not hold it either.
 */
export function isDue(delivery: Delivery, now: Date): boolean {
  const wait = Date.parse(delivery.notBefore) - now.getTime();
  return wait <= 0 || wait > retryDelayMinutes(Number.POSITIVE_INFINITY) * 60_000 + LEASE_MS;
}

/**
 * Whether another check's claim still holds at `now` (both ways: a clock ahead cannot pin it).
 * A claim of `self` (this check, whose write may have committed without its answer) does not.
 */
export function claimHolds(delivery: Delivery, now: Date, self?: string): boolean {
  if (delivery.claimedAt === undefined) return false;
  if (self !== undefined && delivery.claimedBy === self) return false;
  return Math.abs(now.getTime() - Date.parse(delivery.claimedAt)) < LEASE_MS;
}

/**
 * A claim whose lease ran out without a result: the check that held it stopped (a crash, a
 * timeout, a hung channel) after attempting the delivery, or before. It counts as a failed
 * attempt, so that a delivery that kills every check that tries it is parked in time too.
 */
function afterExpiredClaim(delivery: Delivery, now: Date, self?: string): Delivery {
  if (delivery.claimedAt === undefined || claimHolds(delivery, now, self)) return delivery;
  if (self !== undefined && delivery.claimedBy === self) return delivery;
  return {
    attempts: delivery.attempts + 1,
    notBefore: delivery.notBefore,
    firstFailedAt: delivery.firstFailedAt ?? delivery.claimedAt,
    lastError: 'a check stopped while delivering it (a crash, a timeout or a channel that hung)',
  };
}

/** The severity an entry is about (a migrated one: the severity it was rendered with). */
export function severityOf(entry: OutboxEntry): AlertEvent['severity'] {
  return entry.legacy?.attributes.severity ?? entry.event.severity;
}

function parked(
  entry: OutboxEntry,
  channel: string,
  delivery: Delivery,
  at: string,
  error: string,
): ParkedDelivery {
  return {
    id: entry.id,
    channel,
    severity: severityOf(entry),
    eventAt: entry.event.at,
    parkedAt: at,
    attempts: delivery.attempts,
    error,
  };
}

function withUndeliverable(
  current: readonly ParkedDelivery[],
  added: readonly ParkedDelivery[],
): ParkedDelivery[] {
  return [...current, ...added].slice(-MAX_UNDELIVERABLE);
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

/** Why a delivery waits now: a silence of the account, or the channel's quiet hours. */
export type HoldReason = 'silence' | 'quiet';

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
}

/** Alerts whose figures date from when they were made: released, they carry the latest too. */
const dated = (event: AlertEvent) => event.severity === 'LOW' || event.severity === 'CRITICAL';

/**
 * What a channel is sent at the end of a hold, from what is still true: a digest alone (it is
 * its own message); on a routed channel each alert alone; elsewhere one HELD summary, or the
 * one alert as itself. A LOW or CRITICAL goes in a HELD with the latest balance: its own
 * figures are those of when it was held.
 */
export function releaseMessages(
  kept: readonly AlertEvent[],
  reason: HoldReason,
  at: string,
  routed: boolean,
  latest: (Amount & { readonly at: string }) | undefined,
): AlertEvent[] {
  const wrap = (events: readonly AlertEvent[]): AlertEvent => ({
    severity: 'HELD',
    account: events[0]?.account ?? '',
    at,
    reason,
    events,
    ...(latest === undefined ? {} : { latest }),
  });
  const digests = kept.filter((e) => e.severity === 'DIGEST');
  const rest = kept.filter((e) => e.severity !== 'DIGEST');
  if (routed) return [...rest.map((e) => (dated(e) ? wrap([e]) : e)), ...digests];
  const [only] = rest;
  if (only === undefined) return digests;
  if (rest.length === 1 && !dated(only)) return [only, ...digests];
  return [wrap(rest), ...digests];
}

/** Level alerts of an episode a channel holds, made before one of it the channel will hear. */
const SUPERSEDED = new Set(['LOW', 'CRITICAL', 'REMINDER']);

/**
 * Drops what a channel holds of an episode once a newer alert of that episode goes to it (a
 * CRITICAL let through the quiet hours): the newer one says more, and the held one, released
 * later, would tell the story backwards. So whatever is still held of an episode means the
 * channel heard nothing of it since.
 */
function dropSuperseded(outbox: readonly OutboxEntry[]): OutboxEntry[] {
  const hearing = new Map<string, string>();
  for (const entry of outbox)
    for (const [channel, delivery] of Object.entries(entry.deliveries)) {
      const episode = episodeIdOf(entry.event);
      if (delivery.heldSince !== undefined || episode === undefined) continue;
      const key = `${channel}\u0000${episode}`;
      if ((hearing.get(key) ?? '') < entry.createdAt) hearing.set(key, entry.createdAt);
    }
  return outbox.flatMap((entry) => {
    const episode = episodeIdOf(entry.event);
    if (episode === undefined || !SUPERSEDED.has(entry.event.severity)) return [entry];
    const superseded = new Set(
      Object.entries(entry.deliveries)
        .filter(
          ([channel, delivery]) =>
            delivery.heldSince !== undefined &&
            (hearing.get(`${channel}\u0000${episode}`) ?? '') > entry.createdAt,
        )
        .map(([channel]) => channel),
    );
    const kept = withoutDeliveries(entry, superseded);
    return kept === undefined ? [] : [kept];
  });
}

/**
 * Parks what has failed for too long, then claims what is due and not held by another check's
 * lease, up to MAX_CLAIMS_PER_CHANNEL on each channel: first attempts first (a new alert never
 * waits behind retries of older ones), then the retries due the longest (so a backlog larger
 * than the budget takes turns instead of the oldest retrying forever). A delivery held by a silence or quiet hours
 * waits (and never counts as failing); when the hold ends, each channel's held deliveries
 * become one HELD entry of what is still true. The returned state is what the check saves
 * before it publishes.
 */
export function claimDue(
  state: OutboxState,
  now: Date,
  /** This check's id, recorded with its claims. */
  self?: string,
  options: ClaimOptions = {},
): OutboxState & {
  readonly claims: readonly Claim[];
  readonly parkedNow: readonly ParkedDelivery[];
} {
  const at = now.toISOString();
  const parkedNow: ParkedDelivery[] = [];
  const claims: Claim[] = [];
  const outbox: OutboxEntry[] = [];
  const released = new Map<string, { events: AlertEvent[]; reason: HoldReason }>();
  const claim = (entry: OutboxEntry, channel: string, delivery: Delivery): Delivery => {
    claims.push({ entryId: entry.id, channel, entry });
    return { ...delivery, claimedAt: at, ...(self === undefined ? {} : { claimedBy: self }) };
  };
  // Due deliveries are chosen after the walk, so first attempts can go before retries.
  const due: {
    entryId: string;
    channel: string;
    firstAttempt: boolean;
    notBefore: string;
    order: number;
  }[] = [];
  const repeatMs = (options.repeatAfterMinutes ?? 0) * 60_000;
  const recentReleases = (state.releases ?? []).filter(
    (r) => now.getTime() - Date.parse(r.at) < repeatMs,
  );
  // A reminder due soon after a release repeats it; one due later is the next reminder (half an
  // interval: the release stood for a reminder that was held, so the channel never waits two).
  const releasedLately = (channel: string, episode: string, createdAt: string) =>
    recentReleases.some(
      (r) =>
        r.channel === channel &&
        r.episode === episode &&
        Date.parse(createdAt) >= Date.parse(r.at) &&
        Date.parse(createdAt) - Date.parse(r.at) < repeatMs / 2,
    );
  const newReleases: Release[] = [];
  // Episodes each channel is about to hear of from a release: a reminder of them in this
  // same check would only repeat it.
  const releasing = new Map<string, Set<string>>();
  if (options.stillTrue !== undefined)
    for (const entry of state.outbox)
      for (const [channel, stored] of Object.entries(entry.deliveries))
        if (
          stored.heldSince !== undefined &&
          entry.legacy === undefined &&
          options.holds?.(entry, channel) === undefined
        ) {
          const episodes = releasing.get(channel) ?? new Set<string>();
          // A held reminder is never released (what it reminds of is, or was heard already):
          // it tells nothing of the episode, and the reminder due now still goes out.
          const id = entry.event.severity === 'REMINDER' ? undefined : episodeIdOf(entry.event);
          if (id !== undefined) episodes.add(id);
          releasing.set(channel, episodes);
        }
  for (const entry of state.outbox) {
    const expired = new Set<string>();
    const deliveries: Record<string, Delivery> = {};
    for (const [channel, stored] of Object.entries(entry.deliveries)) {
      // An alert made by this very check, on a channel whose hold ends now, joins the release:
      // the FAILING_RESOLVED of a maintenance that ended with its silence goes with the FAILING
      // it resolves (and both are dropped, as nobody heard of the FAILING).
      // (Not a reminder: one of a released episode is dropped below, and one of another episode
      // goes out as it is.)
      if (
        entry.createdAt === at &&
        entry.event.severity !== 'REMINDER' &&
        stored.heldSince === undefined &&
        releasing.has(channel) &&
        entry.legacy === undefined &&
        options.holds?.(entry, channel) === undefined
      ) {
        const group = released.get(channel) ?? { events: [], reason: 'silence' as HoldReason };
        group.events.push(entry.event);
        released.set(channel, group);
        expired.add(channel);
        continue;
      }
      const episode = episodeIdOf(entry.event);
      if (
        entry.event.severity === 'REMINDER' &&
        stored.heldSince === undefined &&
        stored.attempts === 0 &&
        episode !== undefined &&
        (releasing.get(channel)?.has(episode) === true ||
          releasedLately(channel, episode, entry.createdAt))
      ) {
        expired.add(channel);
        continue;
      }
      const hold = entry.legacy === undefined ? options.holds?.(entry, channel) : undefined;
      if (hold !== undefined) {
        deliveries[channel] = { ...stored, heldSince: stored.heldSince ?? at, heldBy: hold };
        continue;
      }
      if (stored.heldSince !== undefined && options.stillTrue !== undefined) {
        // Released: it joins its channel's summary instead of going out alone.
        const group = released.get(channel) ?? { events: [], reason: stored.heldBy ?? 'silence' };
        group.events.push(entry.event);
        released.set(channel, group);
        expired.add(channel);
        continue;
      }
      const delivery = afterExpiredClaim(stored, now, self);
      const failingSince = delivery.firstFailedAt;
      if (
        failingSince !== undefined &&
        !claimHolds(delivery, now, self) &&
        now.getTime() - Date.parse(failingSince) >= MAX_PENDING_MINUTES * 60_000
      ) {
        expired.add(channel);
        parkedNow.push(
          parked(
            entry,
            channel,
            delivery,
            at,
            `still failing after ${MAX_PENDING_MINUTES} minutes: ${delivery.lastError ?? 'no answer'}`,
          ),
        );
        continue;
      }
      if (isDue(delivery, now) && !claimHolds(delivery, now, self))
        due.push({
          entryId: entry.id,
          channel,
          firstAttempt: delivery.attempts === 0,
          notBefore: delivery.notBefore,
          order: due.length,
        });
      deliveries[channel] = delivery;
    }
    const kept = withoutDeliveries({ ...entry, deliveries }, expired);
    if (kept !== undefined) outbox.push(kept);
  }
  // What the holds that end now release: one entry per message, a first attempt like the rest.
  const releasedEntries: OutboxEntry[] = [];
  for (const [channel, group] of released) {
    const kept = options.stillTrue?.(group.events) ?? [];
    for (const episode of new Set(kept.map(episodeIdOf)))
      if (episode !== undefined) newReleases.push({ channel, episode, at });
    const events = releaseMessages(
      kept,
      group.reason,
      at,
      options.routed?.(channel) === true,
      options.latest,
    );
    events.forEach((event, index) => {
      const id = `${event.account}/${at}/held/${channel}${index === 0 ? '' : `/${index}`}`;
      releasedEntries.push({
        id,
        event,
        createdAt: at,
        deliveries: { [channel]: { attempts: 0, notBefore: at } },
      });
      due.push({ entryId: id, channel, firstAttempt: true, notBefore: at, order: due.length });
    });
  }
  const picks = new Map<string, number>();
  // Chosen in the order they are to be attempted (each channel delivers its claims in turn).
  const chosen = new Map(
    due
      .sort(
        (a, b) =>
          Number(b.firstAttempt) - Number(a.firstAttempt) ||
          a.notBefore.localeCompare(b.notBefore) ||
          a.order - b.order,
      )
      .filter(({ channel }) => {
        const count = picks.get(channel) ?? 0;
        picks.set(channel, count + 1);
        return count < MAX_CLAIMS_PER_CHANNEL;
      })
      .map(({ entryId, channel }, rank) => [`${entryId}\u0000${channel}`, rank] as const),
  );
  const claimChosen = (entry: OutboxEntry): OutboxEntry => {
    const picked = Object.keys(entry.deliveries).filter((c) => chosen.has(`${entry.id}\u0000${c}`));
    if (picked.length === 0) return entry;
    const deliveries = { ...entry.deliveries };
    for (const channel of picked) {
      const delivery = deliveries[channel];
      if (delivery !== undefined) deliveries[channel] = claim(entry, channel, delivery);
    }
    return { ...entry, deliveries };
  };
  const remaining = [
    ...dropSuperseded(outbox.map(claimChosen)),
    ...releasedEntries.map(claimChosen),
  ];
  // Claims of deliveries dropped as superseded are no claims.
  const live = new Set(
    remaining.flatMap((e) => Object.keys(e.deliveries).map((c) => `${e.id}\u0000${c}`)),
  );
  const releases = [...recentReleases, ...newReleases].slice(-MAX_RELEASES);
  return {
    outbox: remaining,
    undeliverable: withUndeliverable(state.undeliverable, parkedNow),
    ...(releases.length === 0 ? {} : { releases }),
    claims: claims
      .filter((c) => live.has(`${c.entryId}\u0000${c.channel}`))
      .sort(
        (a, b) =>
          (chosen.get(`${a.entryId}\u0000${a.channel}`) ?? 0) -
          (chosen.get(`${b.entryId}\u0000${b.channel}`) ?? 0),
      ),
    parkedNow,
  };
}

/** What became of one claimed delivery. */
export type DeliveryResult =
  | { readonly entryId: string; readonly channel: string; readonly outcome: 'delivered' }
  /** Not attempted after all (its channel failed on an earlier message, or time ran out). */
  | { readonly entryId: string; readonly channel: string; readonly outcome: 'released' }
  | {
      readonly entryId: string;
      readonly channel: string;
      readonly outcome: 'failed' | 'refused';
      /** Capped and redacted already. */
      readonly error: string;
    };

/** Minutes to wait after the n-th failure: 1, 2, 4 ... up to an hour. */
export function retryDelayMinutes(failures: number): number {
  return Math.min(60, 2 ** Math.max(0, failures - 1));
}

/**
 * Applies the results of the deliveries a check made: delivered ones leave, failed ones wait
 * with backoff, refused ones are parked. Results are keyed by entry and channel, so they apply
 * to a record another check has saved since (a re-read after a lost race) just as well.
 */
export function applyResults(
  state: OutboxState,
  results: readonly DeliveryResult[],
  now: Date,
): OutboxState & { readonly parkedNow: readonly ParkedDelivery[] } {
  const at = now.toISOString();
  const byKey = new Map(results.map((r) => [`${r.entryId}\u0000${r.channel}`, r]));
  const parkedNow: ParkedDelivery[] = [];
  const outbox: OutboxEntry[] = [];
  for (const entry of state.outbox) {
    const done = new Set<string>();
    const deliveries: Record<string, Delivery> = {};
    for (const [channel, delivery] of Object.entries(entry.deliveries)) {
      const result = byKey.get(`${entry.id}\u0000${channel}`);
      if (result === undefined) {
        deliveries[channel] = delivery;
        continue;
      }
      if (result.outcome === 'delivered') {
        done.add(channel);
        continue;
      }
      if (result.outcome === 'released') {
        deliveries[channel] = {
          attempts: delivery.attempts,
          notBefore: delivery.notBefore,
          ...(delivery.firstFailedAt === undefined
            ? {}
            : { firstFailedAt: delivery.firstFailedAt }),
          ...(delivery.lastError === undefined ? {} : { lastError: delivery.lastError }),
        };
        continue;
      }
      const attempts = delivery.attempts + 1;
      if (result.outcome === 'refused') {
        done.add(channel);
        parkedNow.push(parked(entry, channel, { ...delivery, attempts }, at, result.error));
        continue;
      }
      deliveries[channel] = {
        attempts,
        notBefore: new Date(now.getTime() + retryDelayMinutes(attempts) * 60_000).toISOString(),
        firstFailedAt: delivery.firstFailedAt ?? at,
        lastError: result.error,
      };
    }
    const kept = withoutDeliveries({ ...entry, deliveries }, done);
    if (kept !== undefined) outbox.push(kept);
  }
  return { outbox, undeliverable: withUndeliverable(state.undeliverable, parkedNow), parkedNow };
}
