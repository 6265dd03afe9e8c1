import { episodeIdOf, type AlertEvent, type Locale } from '../alerting/types';
import { buttonFor } from './button-token';
import { ACK_TTL_HOURS, signAck } from './token';

/**
 * The "I'm on it" links a check puts in its alerts. The key is read (and cached) before the
 * deliveries; without it (not configured, or unreadable) alerts go out without the link, never
 * not at all.
 */
export interface AckLinks {
  /** Sets the key for the deliveries to come (undefined: no links). */
  use(key: string | undefined): void;
  link(event: AlertEvent): string | undefined;
  /** The Telegram button's callback_data for that chat (button-token.ts). */
  button(event: AlertEvent, chat: string): string | undefined;
}

export function createAckLinks(
  url: string,
  locale: Locale,
  now: () => number = Date.now,
): AckLinks {
  let key: string | undefined;
  return {
    use: (value) => {
      key = value;
    },
    link(event) {
      const episode = episodeIdOf(event);
      if (key === undefined || episode === undefined) return undefined;
      const token = signAck(
        {
          account: event.account,
          episode,
          expires: Math.floor(now() / 1000) + ACK_TTL_HOURS * 3600,
          locale,
        },
        key,
      );
      return `${url}?t=${token}`;
    },
    button(event, chat) {
      const episode = episodeIdOf(event);
      if (key === undefined || episode === undefined) return undefined;
      return buttonFor({ account: event.account, episode, locale, chat }, key, now());
    },
  };
}
