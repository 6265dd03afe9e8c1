import { MAX_UNDELIVERABLE } from './limits';
import { severityOf, type Delivery, type OutboxEntry, type ParkedDelivery } from './outbox-entry';

/**
 * A delivery given up on, as the record keeps it: enough to tell an operator what was not
 * delivered, where and why, without the event itself.
 */
export function parked(
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

/** The parked deliveries a record keeps: the newest MAX_UNDELIVERABLE, newest last. */
export function withUndeliverable(
  current: readonly ParkedDelivery[],
  added: readonly ParkedDelivery[],
): ParkedDelivery[] {
  return [...current, ...added].slice(-MAX_UNDELIVERABLE);
}
