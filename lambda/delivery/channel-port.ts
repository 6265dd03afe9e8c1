import { attributesOf, type AlertEvent, type Locale } from '../alerting/types';
import { routeAccepts, type Route } from '../contract/routing';
import type { RenderContext } from '../messages/render';
import type { QuietHours } from './holds';
import type { OutboxEntry } from './outbox-entry';

/** A channel as the outbox sees it: a name, and which events it wants. */
export interface ChannelRoute {
  readonly name: string;
  wants(event: AlertEvent): boolean;
}

/**
 * The port every channel implements (docs/architecture.md, "Ports"): a name, which events it wants, and
 * how to deliver one. A channel renders the event in its own format at delivery time, so the
 * outbox stores events, not texts, and the check delivers to any channel alike: another channel
 * of a known kind is config only, a new kind is its file plus its spec and config (docs/channels.md,
 * "Adding a channel").
 */
export interface Notifier extends ChannelRoute {
  /**
   * Delivers one outbox entry. Throws a DeliveryError: `permanent` when retrying cannot help
   * (the message or the destination is refused), otherwise the delivery waits and is retried.
   * Messages in errors are the channel's own words, never a secret. `signal` aborts a
   * delivery the check no longer has time to wait for.
   */
  deliver(entry: OutboxEntry, signal?: AbortSignal): Promise<void>;
  /** Hours in which this channel takes only what they let through (the rest waits). */
  readonly quiet?: QuietHours;
  /**
   * True when the channel reaches several audiences, each taking some messages by their
   * attributes (SNS subscriptions with filter policies): it is never sent a summary that
   * mixes alerts of different audiences.
   */
  readonly routed?: boolean;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when retrying cannot help: the delivery is parked as undeliverable. */
    readonly permanent: boolean,
    options?: {
      cause?: unknown;
      /** The receiver answered every attempt with a refusal: it cannot hold the message. */
      refusal?: boolean;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.refusal = options?.refusal === true;
  }

  readonly refusal: boolean;
}

/** What every channel the function delivers itself is built with (channels/registry.ts). */
export interface ChannelOptions {
  readonly name: string;
  /** The alerts it takes (contract/routing.ts). */
  readonly route: Route;
  readonly locale: Locale;
  readonly render: RenderContext;
}

/** A channel's `wants`: the events its route takes. */
export const wantsRoute =
  (route: Route) =>
  (event: AlertEvent): boolean =>
    routeAccepts(route, attributesOf(event));

/**
 * An entry saved before the outbox stored events holds only SNS-shaped text: no other channel
 * can render it, so it is refused for good (parked) there.
 */
export function refuseLegacy(entry: OutboxEntry, channel: string): void {
  if (entry.legacy !== undefined)
    throw new DeliveryError(`a message from before the ${channel} channel existed`, true);
}
