import type { ParkedDelivery } from './outbox-entry';

/**
 * Which parked deliveries the stack's queue of parked alerts has not yet taken. The queue's
 * count of messages sent is the "alert given up" alarm's metric, so a park that never reaches
 * it never raises the alarm. A park enters the record marked `queued: false`, in the same write
 * as the park (undeliverable.ts); the function that parked it (the check, the WhatsApp events
 * function) sends it, and clears the mark in a later write once SQS accepted it; a send that
 * fails, or a function that dies before sending, leaves the mark, and the account's next check sends what is marked. A mark
 * is cleared only after SQS accepted, so nothing marked is lost: the queue has each park at
 * least once, as the alarm needs. Copies are possible: a failed clearing save, a container's
 * stale copy of the record, concurrent checks (or a check and the WhatsApp function) sending
 * the same mark, an SDK retry after a timeout whose first attempt SQS did take. Each park in a
 * message carries its key (`parkKey`), by which a reader drops repeats.
 *
 * A park is named by its entry, channel and time: one delivery is parked once.
 */

/**
 * A park's key: its entry id, channel and time, joined by `|` (which neither an account name,
 * in the entry id, nor a channel name may hold).
 */
export const parkKey = (p: ParkedDelivery) => `${p.id}|${p.channel}|${p.parkedAt}`;

/** The parks still to send to the queue, as the queue's message lists them (without the mark). */
export function unqueuedOf(list: readonly ParkedDelivery[]): ParkedDelivery[] {
  return list.filter((p) => p.queued === false).map(withoutMark);
}

/**
 * What a write that parked `parkedNow` sends to the queue: every one of those parks (even those
 * the record's last MAX_UNDELIVERABLE pushed out: a save may park more than it keeps) and the
 * record's other marks, each park once.
 */
export function toQueue(
  parkedNow: readonly ParkedDelivery[],
  list: readonly ParkedDelivery[],
): ParkedDelivery[] {
  const keys = new Set(parkedNow.map(parkKey));
  return [...parkedNow.map(withoutMark), ...unqueuedOf(list).filter((p) => !keys.has(parkKey(p)))];
}

/** The list with the marks of `sent` (accepted by SQS) cleared. */
export function markQueued(
  list: readonly ParkedDelivery[],
  sent: readonly ParkedDelivery[],
): ParkedDelivery[] {
  const keys = new Set(sent.map(parkKey));
  return list.map((p) => (p.queued === false && keys.has(parkKey(p)) ? withoutMark(p) : p));
}

function withoutMark(p: ParkedDelivery): ParkedDelivery {
  const { id, channel, severity, eventAt, parkedAt, attempts, error } = p;
  return { id, channel, severity, eventAt, parkedAt, attempts, error };
}
