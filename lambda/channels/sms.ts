import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { attributesOf } from '../alerting/types';
import { SMS_AUDIENCE } from '../contract/channels';
import { renderAlert } from '../messages/render';
import { wantsRoute, type ChannelOptions, type Notifier } from '../delivery/channel-port';
import { buildPublishInput, snsDeliveryError, type SmsOptions } from './sns';

/**
 * SMS apart from e-mail, for a group whose SMS has quiet hours: the function routes and holds
 * SMS itself, and publishes them to the group's topic with `audience: sms` (SMS_AUDIENCE), which
 * only the SMS subscriptions take (and which the e-mail subscriptions refuse).
 */

export function createSmsChannel(
  options: ChannelOptions & {
    readonly client: SNSClient;
    readonly topicArn: string;
    readonly sms: SmsOptions;
  },
): Notifier {
  return {
    name: options.name,
    wants: wantsRoute(options.route),
    // SMS subscribers each take their own routes.
    routed: true,
    async deliver(entry, signal) {
      const alert = renderAlert(entry.event, options.locale, options.render);
      const input = buildPublishInput(
        options.topicArn,
        { ...alert, email: alert.sms, default: alert.sms },
        attributesOf(entry.event),
        options.sms,
      );
      try {
        await options.client.send(
          new PublishCommand({
            ...input,
            MessageAttributes: {
              ...input.MessageAttributes,
              audience: { DataType: 'String', StringValue: SMS_AUDIENCE },
            },
          }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        throw snsDeliveryError(error);
      }
    },
  };
}
