import type { Notifier } from '../delivery/channel-port';
import type { ChannelRouteOf } from './routes';

/**
 * Channels built at their first delivery: `routes` answer the outbox's questions at once
 * (channels/routes.ts); `load` builds the real channels (once per container: it caches them
 * itself) and each delivery goes to the real channel of its name. A quiet check never calls
 * `load`, so it never makes the SNS client or the channels only deliveries use.
 */
export function lazyChannels(
  routes: readonly ChannelRouteOf[],
  load: () => readonly Notifier[],
): Notifier[] {
  let loaded: ReadonlyMap<string, Notifier> | undefined;
  const channelNamed = (name: string): Notifier => {
    loaded ??= new Map(load().map((c) => [c.name, c]));
    const channel = loaded.get(name);
    if (channel === undefined) throw new Error(`the channel ${name} was not built`);
    return channel;
  };
  return routes.map((route) => ({
    ...route,
    async deliver(entry, signal) {
      await channelNamed(route.name).deliver(entry, signal);
    },
  }));
}
