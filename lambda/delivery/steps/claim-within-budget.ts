import { isDue } from '../backoff';
import { deliveryKey, type Claim, type ClaimContext, type ClaimStep } from '../claim-pass';
import { claimHolds } from '../lease';
import { MAX_CLAIMS_PER_CHANNEL } from '../limits';
import type { OutboxEntry } from '../outbox-entry';

/** A delivery that may be claimed now, and where it stands in the queue. */
interface Due {
  readonly key: string;
  readonly channel: string;
  readonly firstAttempt: boolean;
  readonly notBefore: string;
  /** Its place in the outbox, then among the released entries. */
  readonly order: number;
}

function dueIn(
  entries: readonly OutboxEntry[],
  skip: { has(key: string): boolean },
  { now, self }: ClaimContext,
): Omit<Due, 'order'>[] {
  return entries.flatMap((entry) =>
    Object.entries(entry.deliveries).flatMap(([channel, delivery]) => {
      const key = deliveryKey(entry.id, channel);
      if (skip.has(key) || !isDue(delivery, now) || claimHolds(delivery, now, self)) return [];
      return [
        { key, channel, firstAttempt: delivery.attempts === 0, notBefore: delivery.notBefore },
      ];
    }),
  );
}

/**
 * The deliveries chosen, each with its rank in the order they are to be attempted (each channel
 * delivers its claims in turn): first attempts first (a new alert never waits behind retries of
 * older ones), then the retries due the longest (so a backlog larger than the budget takes
 * turns instead of the oldest retrying forever), then outbox order; at most
 * MAX_CLAIMS_PER_CHANNEL on each channel, so one channel's backlog never delays another's alert.
 */
function choose(due: readonly Due[]): Map<string, number> {
  const picks = new Map<string, number>();
  return new Map(
    [...due]
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
      .map(({ key }, rank) => [key, rank] as const),
  );
}

/**
 * Claims what is due (its backoff over) and not under another check's lease, within each
 * channel's budget: a claimed delivery is stamped with the time and this check's id (the lease;
 * see lease.ts), and listed in `claims` in the order it is to be attempted. A delivery held now
 * is never claimed.
 *
 * Last but one: every step before decides what is left to claim. The released entries come
 * after the outbox's in the queue's tie-break, as they were made last.
 */
export const claimWithinBudget: ClaimStep = (pass, context) => {
  const due = [
    ...dueIn(pass.outbox, pass.holds, context),
    ...dueIn(pass.releasedEntries, new Set(), context),
  ].map((d, order): Due => ({ ...d, order }));
  const chosen = choose(due);
  const claims: Claim[] = [];
  const stamp = {
    claimedAt: context.at,
    ...(context.self === undefined ? {} : { claimedBy: context.self }),
  };
  const claimChosen = (entry: OutboxEntry): OutboxEntry => {
    const picked = Object.keys(entry.deliveries).filter((c) =>
      chosen.has(deliveryKey(entry.id, c)),
    );
    if (picked.length === 0) return entry;
    const deliveries = { ...entry.deliveries };
    for (const channel of picked) {
      const delivery = deliveries[channel];
      if (delivery === undefined) continue;
      claims.push({ entryId: entry.id, channel, entry });
      deliveries[channel] = { ...delivery, ...stamp };
    }
    return { ...entry, deliveries };
  };
  const outbox = pass.outbox.map(claimChosen);
  const releasedEntries = pass.releasedEntries.map(claimChosen);
  const rank = (c: Claim) => chosen.get(deliveryKey(c.entryId, c.channel)) ?? 0;
  return {
    ...pass,
    outbox,
    releasedEntries,
    claims: [...pass.claims, ...claims.sort((a, b) => rank(a) - rank(b))],
  };
};
