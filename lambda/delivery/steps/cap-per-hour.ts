import {
  deliveryKey,
  mapDeliveries,
  type ClaimContext,
  type ClaimPass,
  type ClaimStep,
} from '../claim-pass';
import type { HoldReason } from '../holds';
import type { Delivery, OutboxEntry, SentCount } from '../outbox-entry';

/**
 * The hourly cap: at most `capPerHour` first attempts per channel in a clock hour (UTC) for
 * this account, whatever the policy decides; past it, a new alert is held, like one in quiet
 * hours, until the hour ends. Then the next check's releaseEndedHolds takes what the cap held,
 * and enqueueReleased sends what of it is still true as one HELD summary (alert by alert on a
 * routed channel such as SNS, whose e-mail and SMS subscribers filter), which the cap never
 * holds. A phone gets at most `capPerHour` messages in an hour, and then one summary, however
 * the balance or the provider storms.
 *
 * Not capped: retries (counted once, at their first attempt), a TEST (how a channel is
 * checked), what a hold released (the summary the cap promises, or what a silence or quiet
 * hours kept: it already waited), a HELD, and migrated entries (never held).
 */

/** The clock hour `at` falls in, as stored (the acknowledge page asks it too). */
export const hourOf = (at: string): string => `${at.slice(0, 13)}:00:00.000Z`;

/**
 * The cap's holds still standing: what it held in this very hour waits for the hour's end. A
 * silence or quiet hours that also hold it now come first (judgeHolds). After judgeHolds,
 * before releaseEndedHolds, which releases what no hold keeps any more.
 */
export const judgeCapHolds: ClaimStep = (pass, { at }) => {
  const hour = hourOf(at);
  const holds = new Map<string, HoldReason>(pass.holds);
  for (const entry of pass.outbox)
    for (const [channel, delivery] of Object.entries(entry.deliveries)) {
      const key = deliveryKey(entry.id, channel);
      if (
        delivery.heldBy === 'cap' &&
        delivery.heldSince !== undefined &&
        hourOf(delivery.heldSince) === hour &&
        !holds.has(key)
      )
        holds.set(key, 'cap');
    }
  return { ...pass, holds };
};

/** Whether a claimed delivery counts against its channel's cap (see the file's header). */
function counts(entry: OutboxEntry, delivery: Delivery | undefined): boolean {
  if (delivery === undefined || delivery.attempts > 0 || entry.legacy !== undefined) return false;
  if (entry.event.severity === 'TEST' || entry.event.severity === 'HELD') return false;
  return true;
}

/** This hour's counts per channel, from the record's (older hours dropped). */
function countsThisHour(sent: readonly SentCount[], hour: string): Map<string, number> {
  return new Map(sent.filter((s) => s.hour === hour).map((s) => [s.channel, s.count]));
}

/**
 * Applies the cap to this check's claims, in the order they are to be attempted: a first
 * attempt past its channel's cap is not claimed but held by 'cap' since now; the others count.
 * After claimWithinBudget, so it sees the claims; before dropSuperseded, which then treats the
 * capped alerts as held.
 */
export const capPerHour: ClaimStep = (pass: ClaimPass, { at, options }: ClaimContext) => {
  const cap = options.capPerHour;
  const hour = hourOf(at);
  const count = countsThisHour(pass.sent, hour);
  const released = new Set(pass.releasedEntries.map((e) => e.id));
  const capped = new Set<string>();
  const claims = pass.claims.filter((claim) => {
    if (cap === undefined || released.has(claim.entryId)) return true;
    if (!counts(claim.entry, claim.entry.deliveries[claim.channel])) return true;
    const sent = count.get(claim.channel) ?? 0;
    if (sent >= cap) {
      capped.add(deliveryKey(claim.entryId, claim.channel));
      return false;
    }
    count.set(claim.channel, sent + 1);
    return true;
  });
  const outbox = mapDeliveries(pass.outbox, (entry, channel, delivery) => {
    if (!capped.has(deliveryKey(entry.id, channel))) return delivery;
    const held: Delivery = { ...delivery, heldSince: at, heldBy: 'cap' };
    delete held.claimedAt;
    delete held.claimedBy;
    return held;
  });
  const sent = [...count].map(([channel, n]) => ({ channel, hour, count: n }));
  return { ...pass, outbox: capped.size === 0 ? pass.outbox : outbox, claims, sent };
};
