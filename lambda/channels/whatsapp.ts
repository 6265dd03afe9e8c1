import {
  SendWhatsAppMessageCommand,
  type SocialMessagingClient,
} from '@aws-sdk/client-socialmessaging';
import type { OutboxEntry } from '../delivery/outbox-entry';
import type { Locale } from '../alerting/types';
import { acknowledgeTargetOf, type RenderContext } from '../messages/render';
import { templateMessage, whatsappParameters } from '../messages/whatsapp/templates';
import {
  refuseLegacy,
  wantsRoute,
  type ChannelOptions,
  type Notifier,
} from '../delivery/channel-port';
import { whatsappDeliveryError } from './whatsapp-errors';

/**
 * WhatsApp, from the function, through AWS End User Messaging Social: SendWhatsAppMessage
 * from the configured phone number, to one recipient, with a template Meta approved (one per
 * kind of alert, messages/whatsapp/), its placeholders filled with the alert's facts. Never
 * free text: a check may send at any hour, outside the 24-hour window a customer's message
 * opens, where Meta takes templates only. Refusals are classified in whatsapp-errors.ts. The
 * SDK's own retry handles throttling within the attempt; the outbox retries the rest.
 */

/** The message object, as bytes, for one alert to one number. */
export function whatsappRequest(
  entry: Pick<OutboxEntry, 'event'>,
  to: string,
  locale: Locale,
  context: RenderContext,
  acknowledgeToken?: string,
): Record<string, unknown> {
  return templateMessage(to, whatsappParameters(entry.event, locale, context), acknowledgeToken);
}

export function createWhatsAppChannel(
  options: ChannelOptions & {
    readonly client: SocialMessagingClient;
    readonly phoneNumberId: string;
    /** The recipient, E.164. */
    readonly to: string;
    /** The Graph API version to send with (contract/meta-api-version.ts). */
    readonly metaApiVersion: string;
  },
): Notifier {
  return {
    name: options.name,
    wants: wantsRoute(options.route),
    async deliver(entry, signal) {
      refuseLegacy(entry, 'WhatsApp');
      const target = acknowledgeTargetOf(entry.event);
      const payload =
        target === undefined ? undefined : options.render.acknowledgePayload?.(target, options.to);
      const message = whatsappRequest(entry, options.to, options.locale, options.render, payload);
      try {
        await options.client.send(
          new SendWhatsAppMessageCommand({
            originationPhoneNumberId: options.phoneNumberId,
            metaApiVersion: options.metaApiVersion,
            message: new TextEncoder().encode(JSON.stringify(message)),
          }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        throw whatsappDeliveryError(error);
      }
    },
  };
}
