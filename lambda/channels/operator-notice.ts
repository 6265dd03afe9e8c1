import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Locale } from '../alerting/types';
import { renderParkedNotice, type ParkedItem } from '../messages/parked-notice';
import type { RenderContext } from '../messages/render';
import { snsDeliveryError } from './sns';

/**
 * Tells the operators of alerts given up on, on the operator topic (where the alarms go, and
 * nobody else listens): a path that does not depend on the alert topic, its subscriptions or
 * the channel that failed. One plain-text publish per check, listing every alert it gave up
 * on. At most once: the alert-given-up alarm (on the parked-alerts queue) is the other path.
 */
export interface OperatorNotice {
  tell(account: string, items: readonly ParkedItem[], signal?: AbortSignal): Promise<void>;
}

export function createOperatorNotice(
  client: SNSClient,
  topicArn: string,
  options: { readonly locale: Locale; readonly render: RenderContext },
): OperatorNotice {
  return {
    async tell(account, items, signal) {
      if (items.length === 0) return;
      const notice = renderParkedNotice(account, items, options.locale, options.render);
      try {
        await client.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: notice.subject,
            Message: notice.body,
            MessageAttributes: {
              account: { DataType: 'String', StringValue: account },
              severity: { DataType: 'String', StringValue: 'UNDELIVERABLE' },
            },
          }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        // The error's name only: an SDK message may quote the input.
        throw snsDeliveryError(error);
      }
    },
  };
}
