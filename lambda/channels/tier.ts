import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { attributesOf, type Locale } from '../alerting/types';
import { tierChannelName, type Tier } from '../contract/escalation';
import { refuseLegacy, type Notifier } from '../delivery/channel-port';
import { escalatedDraft } from '../messages/escalation-note';
import { draftOf, renderAlert, type RenderContext } from '../messages/render';
import { quietOf } from './quiet';
import { buildPublishInput, snsDeliveryError, type SmsOptions } from './sns';

/**
 * An escalation tier (contract/escalation.ts): its own SNS topic, whose e-mail and SMS
 * subscriptions are the tier's people, so whatever is published there is for them and no
 * filter policy of the usual recipients has to know about tiers. It takes only what the
 * escalation clock addresses to it (outbox entries made for "tier:NAME") and the TEST of the
 * test-alert action; a silence or its quiet hours hold it like any channel.
 */
export function createTierChannel(options: {
  readonly client: SNSClient;
  readonly tier: Tier;
  readonly locale: Locale;
  readonly render: RenderContext;
  readonly sms: SmsOptions;
}): Notifier {
  const { tier, locale, render } = options;
  return {
    name: tierChannelName(tier),
    // The outbox's enqueue gives it nothing: escalation-entries.ts addresses its messages.
    wants: (event) => event.severity === 'TEST',
    // What a hold releases goes out alert by alert, never as one summary of several.
    routed: true,
    ...quietOf(tier.quiet, render.timeZone),
    async deliver(entry, signal) {
      refuseLegacy(entry, tierChannelName(tier));
      const plain = draftOf(entry.event, locale, render);
      const draft =
        entry.escalation === undefined
          ? plain
          : escalatedDraft(plain, entry.event, entry.escalation, locale, render);
      const alert = renderAlert(entry.event, locale, render, draft);
      const input = buildPublishInput(tier.topicArn, alert, attributesOf(entry.event), options.sms);
      try {
        await options.client.send(
          new PublishCommand({
            ...input,
            MessageAttributes: {
              ...input.MessageAttributes,
              tier: { DataType: 'String', StringValue: tier.name },
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
