import { isHeld, mapDeliveries, type ClaimStep } from '../claim-pass';
import { claimHolds } from '../lease';
import { MAX_PENDING_MINUTES } from '../limits';
import type { ParkedDelivery } from '../outbox-entry';
import { parked } from '../undeliverable';

/**
 * Parks as undeliverable what has failed for MAX_PENDING_MINUTES (past it, the news is stale),
 * unless another check's claim on it still holds (that check may yet deliver it). A held
 * delivery is never parked: waiting out a hold is not failing. Before claimWithinBudget, so a
 * stale delivery takes no place in the budget.
 */
export const parkStale: ClaimStep = (pass, { now, at, self }) => {
  const parkedNow: ParkedDelivery[] = [...pass.parkedNow];
  const outbox = mapDeliveries(pass.outbox, (entry, channel, delivery) => {
    if (isHeld(pass, entry, channel)) return delivery;
    const failingSince = delivery.firstFailedAt;
    const stale =
      failingSince !== undefined &&
      !claimHolds(delivery, now, self) &&
      now.getTime() - Date.parse(failingSince) >= MAX_PENDING_MINUTES * 60_000;
    if (!stale) return delivery;
    const error = `still failing after ${MAX_PENDING_MINUTES} minutes: ${delivery.lastError ?? 'no answer'}`;
    parkedNow.push(parked(entry, channel, delivery, at, error));
    return undefined;
  });
  return { ...pass, outbox, parkedNow };
};
