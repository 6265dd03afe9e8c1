import { deliveryKey, mapDeliveries, type ClaimStep } from '../claim-pass';

/**
 * Stamps what a silence or quiet hours keep now (judgeHolds asked): it waits, with since when
 * and why, and no later step expires, parks or claims it. When the hold ends, releaseEndedHolds
 * of a later check sends it in a summary.
 *
 * After releaseEndedHolds and dropRepeatedReminders, whose deliveries have left already (a
 * reminder that repeats a release is dropped, held or not).
 */
export const hold: ClaimStep = (pass, { at }) => ({
  ...pass,
  outbox: mapDeliveries(pass.outbox, (entry, channel, delivery) => {
    const reason = pass.holds.get(deliveryKey(entry.id, channel));
    if (reason === undefined) return delivery;
    return { ...delivery, heldSince: delivery.heldSince ?? at, heldBy: reason };
  }),
});
