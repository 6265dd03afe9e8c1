import type { OutboxEntry } from './outbox-entry';

/**
 * Whether an earlier attempt of this entry's delivery to `channel` was made, and so may have
 * reached it: the outbox counts every attempt that failed, and every claim whose check stopped
 * (lease.ts), which may have delivered before it stopped. An attempt released for lack of time
 * was never made and counts nothing; attempts all answered with a refusal (401, 403, 404:
 * `refusedOnly`) reached a receiver that did not take the message. A channel that de-duplicates (a webhook's 409 for an
 * Idempotency-Key it has) is believed only then: on a first attempt, "I have it already" cannot
 * be this alert.
 */
export function attemptedBefore(entry: OutboxEntry, channel: string): boolean {
  const delivery = entry.deliveries[channel];
  return delivery !== undefined && delivery.attempts > 0 && delivery.refusedOnly !== true;
}
