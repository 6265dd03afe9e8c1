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
import { callbackData } from '../contract/whatsapp-callback';
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
  /** biz_opaque_callback_data: what parks the delivery if Meta reports it failed later. */
  callback?: string,
): Record<string, unknown> {
  const message = templateMessage(
    to,
    whatsappParameters(entry.event, locale, context),
    acknowledgeToken,
  );
  return callback === undefined ? message : { ...message, biz_opaque_callback_data: callback };
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
      // Meta reports most failures after accepting the message (not on WhatsApp, 131026, ...):
      // the status echoes this back to the event function, which parks the delivery then.
      const callback = callbackData({
        a: entry.event.account,
        e: entry.id,
        c: options.name,
        s: entry.event.severity,
        t: entry.event.at,
      });
      const message = whatsappRequest(
        entry,
        options.to,
        options.locale,
        options.render,
        payload,
        callback,
      );
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
