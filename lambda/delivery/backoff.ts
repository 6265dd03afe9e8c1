import { LEASE_MS } from './limits';
import type { Delivery } from './outbox-entry';

/** Minutes to wait after the n-th failure: 1, 2, 4 ... up to an hour. */
export function retryDelayMinutes(failures: number): number {
  return Math.min(60, 2 ** Math.max(0, failures - 1));
}

/**
 * Whether a delivery's backoff is over. A `notBefore` further ahead than any backoff sets (a
 * clock that ran ahead wrote it) does not hold it either.
 */
export function isDue(delivery: Delivery, now: Date): boolean {
  const wait = Date.parse(delivery.notBefore) - now.getTime();
  return wait <= 0 || wait > retryDelayMinutes(Number.POSITIVE_INFINITY) * 60_000 + LEASE_MS;
}
