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

/**
 * The parked deliveries a record keeps: the newest MAX_UNDELIVERABLE, newest last. Each park
 * `added` enters the record marked not yet queued (queue-marks.ts), in the same write as the
 * park itself: every function that parks sends it to the stack's parked-alerts queue, and
 * clears the mark once SQS took it. (On a machine, without a queue, the mark stays: nothing
 * reads it but the send there is no queue for.)
 */
export function withUndeliverable(
  current: readonly ParkedDelivery[],
  added: readonly ParkedDelivery[],
): ParkedDelivery[] {
  const marked = added.map((p): ParkedDelivery => ({ ...p, queued: false }));
  return [...current, ...marked].slice(-MAX_UNDELIVERABLE);
}
