import { isHeld, mapDeliveries, type ClaimStep } from '../claim-pass';
import { afterExpiredClaim } from '../lease';

/**
 * Turns each claim whose lease ran out without a result into a failed attempt (lease.ts): the
 * check that held it stopped. Before parkStale, so that a delivery that kills every check that
 * tries it is parked in time too; after `hold`, so a held delivery keeps its stamps.
 */
export const expireLapsedClaims: ClaimStep = (pass, { now, self }) => ({
  ...pass,
  outbox: mapDeliveries(pass.outbox, (entry, channel, delivery) =>
    isHeld(pass, entry, channel) ? delivery : afterExpiredClaim(delivery, now, self),
  ),
});
