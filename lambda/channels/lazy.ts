import type { Notifier } from '../delivery/channel-port';
import { loadOnce } from './load-once';
import type { ChannelRouteOf } from './routes';

/**
 * Channels built at their first delivery: `routes` answer the outbox's questions at once
 * (channels/routes.ts); `load` builds the real channels, once per container, and each delivery
 * goes to the real channel of its name. A quiet check never calls `load`, so it never makes the
 * SNS client or the channels only deliveries use. `load` may be asynchronous: the check's
 * handler imports the channels' code there, a file of its own in the split bundle
 * (infra/bundling.ts), which a quiet cold start never reads.
 */
export function lazyChannels(
  routes: readonly ChannelRouteOf[],
  load: () => readonly Notifier[] | Promise<readonly Notifier[]>,
): Notifier[] {
  // A load that failed is tried again at the next delivery, not kept for the container's life.
  const loaded = loadOnce(async () => new Map((await load()).map((c) => [c.name, c])));
  const channelNamed = async (name: string): Promise<Notifier> => {
    const channel = (await loaded()).get(name);
    if (channel === undefined) throw new Error(`the channel ${name} was not built`);
    return channel;
  };
  return routes.map((route) => ({
    ...route,
    async deliver(entry, signal) {
      await (await channelNamed(route.name)).deliver(entry, signal);
    },
  }));
}
