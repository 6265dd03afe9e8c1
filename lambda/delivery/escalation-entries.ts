import type { TierMessage } from '../alerting/escalation';
import { tierChannelName } from '../contract/escalation';
import type { OutboxEntry } from './outbox-entry';

/**
 * What the escalation clock decided to tell, as outbox entries: one per message, with one
 * delivery, to its tier's channel ("tier:NAME"). They are claimed, held (silences, the tier's
 * quiet hours), retried and parked like every other delivery, in the same conditional write
 * as the clock that made them: two racing checks cannot both tell a tier.
 */
export function escalationEntries(messages: readonly TierMessage[], now: Date): OutboxEntry[] {
  const at = now.toISOString();
  return messages.map((message, index) => ({
    id: `${message.event.account}/${at}/tier-${message.tier}/${index}/${message.event.severity}`,
    event: message.event,
    createdAt: at,
    deliveries: { [tierChannelName({ name: message.tier })]: { attempts: 0, notBefore: at } },
    ...(message.note === undefined ? {} : { escalation: message.note }),
  }));
}
