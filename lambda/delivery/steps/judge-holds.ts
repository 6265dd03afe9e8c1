import { deliveryKey, type ClaimStep } from '../claim-pass';
import type { HoldReason } from '../holds';

/**
 * Asks `options.holds` once for each delivery whether a silence or quiet hours keep it now, and
 * records the answers for every later step: releaseEndedHolds releases only what no hold keeps,
 * `hold` stamps what one keeps, and the steps that attempt leave it alone. A migrated entry is
 * never held: it was rendered before holds existed, and only its own SNS text can go out.
 *
 * First, on the outbox as claimDue was given it, so every step goes by the same answer.
 */
export const judgeHolds: ClaimStep = (pass, { options }) => {
  const holds = new Map<string, HoldReason>(pass.holds);
  for (const entry of pass.outbox) {
    if (entry.legacy !== undefined) continue;
    for (const channel of Object.keys(entry.deliveries)) {
      const reason = options.holds?.(entry, channel);
      if (reason !== undefined) holds.set(deliveryKey(entry.id, channel), reason);
    }
  }
  return { ...pass, holds };
};
