import type { Quiet } from '../contract/channels';
import type { Notifier } from '../delivery/channel-port';

/**
 * A channel's or tier's configured quiet hours ("22:00-07:00") as the outbox reads them, in the
 * schedule's zone like every time in the texts: a spread, empty when it has none.
 */
export function quietOf(
  quiet: Quiet | undefined,
  timeZone: string,
): Pick<Notifier, 'quiet'> | Record<string, never> {
  return quiet === undefined
    ? {}
    : {
        quiet: {
          from: quiet.hours.slice(0, 5),
          to: quiet.hours.slice(6),
          allow: quiet.allow,
          timeZone,
        },
      };
}
