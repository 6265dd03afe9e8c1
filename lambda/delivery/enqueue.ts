import type { AlertEvent } from '../alerting/types';
import type { ChannelRoute } from './channel-port';
import type { OutboxEntry } from './outbox-entry';

/** Adds one entry per event, with a delivery for each channel that wants it. */
export function enqueue(
  outbox: readonly OutboxEntry[],
  events: readonly AlertEvent[],
  channels: readonly ChannelRoute[],
  now: Date,
): OutboxEntry[] {
  const at = now.toISOString();
  const added = events.flatMap((event, index): OutboxEntry[] => {
    const deliveries = Object.fromEntries(
      channels
        .filter((channel) => channel.wants(event))
        .map((channel) => [channel.name, { attempts: 0, notBefore: at }]),
    );
    if (Object.keys(deliveries).length === 0) return [];
    return [
      { id: `${event.account}/${at}/${index}/${event.severity}`, event, createdAt: at, deliveries },
    ];
  });
  return [...outbox, ...added];
}
