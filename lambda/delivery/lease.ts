import { LEASE_MS } from './limits';
import type { Delivery } from './outbox-entry';

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
export function afterExpiredClaim(delivery: Delivery, now: Date, self?: string): Delivery {
  if (delivery.claimedAt === undefined || claimHolds(delivery, now, self)) return delivery;
  if (self !== undefined && delivery.claimedBy === self) return delivery;
  return {
    attempts: delivery.attempts + 1,
    notBefore: delivery.notBefore,
    firstFailedAt: delivery.firstFailedAt ?? delivery.claimedAt,
    lastError: 'a check stopped while delivering it (a crash, a timeout or a channel that hung)',
  };
}
