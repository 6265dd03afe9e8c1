import type { ChannelSpec } from '../contract/channels';
import { channelKey } from '../contract/channels';
import { tierChannelName, type Tier } from '../contract/escalation';
import { wantsRoute, type Notifier } from '../delivery/channel-port';
import { quietOf } from './quiet';

/**
 * What the outbox needs of each channel (its name, which events it wants, its quiet hours,
 * whether it is routed), without building the channel: every check plans with these, and only
 * a check with something to deliver builds the channels themselves (channels/lazy.ts,
 * channels/deliverers.ts). Each line says what the channel's own file says;
 * test/unit/channel-routes.test.ts holds them equal, kind by kind.
 */
export type ChannelRouteOf = Omit<Notifier, 'deliver'>;

/** The alert topic's channel (channels/sns.ts): every event, its subscriptions filter. */
const SNS_ROUTE: ChannelRouteOf = { name: 'sns', wants: () => true, routed: true };

export function channelRoutes(options: {
  readonly specs: readonly ChannelSpec[];
  readonly tiers: readonly Tier[];
  /** The zone quiet hours are read in (the schedule's). */
  readonly timeZone: string;
}): ChannelRouteOf[] {
  const { timeZone } = options;
  return [
    SNS_ROUTE,
    // channels/registry.ts: each channel's route; SMS apart is routed (attributes pick who).
    ...options.specs.map((spec): ChannelRouteOf => ({
      name: channelKey(spec),
      wants: wantsRoute(spec.route),
      ...(spec.kind === 'sms' ? { routed: true } : {}),
      ...quietOf(spec.quiet, timeZone),
    })),
    // channels/tier.ts: only what escalation addresses to it, and the TEST.
    ...options.tiers.map((tier): ChannelRouteOf => ({
      name: tierChannelName(tier),
      wants: (event) => event.severity === 'TEST',
      routed: true,
      ...quietOf(tier.quiet, timeZone),
    })),
  ];
}
