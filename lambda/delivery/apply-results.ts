import { retryDelayMinutes } from './backoff';
import {
  withoutDeliveries,
  type Delivery,
  type OutboxEntry,
  type OutboxState,
  type ParkedDelivery,
} from './outbox-entry';
import { parked, withUndeliverable } from './undeliverable';

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
      /** The receiver answered with a refusal: this attempt cannot have delivered. */
      readonly refusal?: boolean;
    };

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
          ...(delivery.refusedOnly === undefined ? {} : { refusedOnly: delivery.refusedOnly }),
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
        // Refused so far at every attempt: the receiver holds nothing (a 409 is not "I have it").
        ...(result.refusal === true && (delivery.attempts === 0 || delivery.refusedOnly === true)
          ? { refusedOnly: true as const }
          : {}),
      };
    }
    const kept = withoutDeliveries({ ...entry, deliveries }, done);
    if (kept !== undefined) outbox.push(kept);
  }
  return { outbox, undeliverable: withUndeliverable(state.undeliverable, parkedNow), parkedNow };
}
