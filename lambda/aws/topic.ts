import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { RenderedAlert } from '../alerting/messages';
import type { AlertAttributes } from '../alerting/types';

/**
 * One SNS publish per alert (DESIGN.md, "Alert messages"). SMS recipients get it as a
 * Transactional message (SNS's default, Promotional, is cheaper but may be delayed or dropped
 * by carriers), from the sender ID when one is configured.
 */

export interface SmsOptions {
  /** 3 to 11 letters or digits; where the destination country supports sender IDs. */
  readonly senderId?: string;
}

export interface AlertTopic {
  publish(alert: RenderedAlert, attributes: AlertAttributes): Promise<string | undefined>;
}

export function buildPublishInput(
  topicArn: string,
  alert: RenderedAlert,
  attributes: AlertAttributes,
  sms: SmsOptions = {},
) {
  const messageAttributes: Record<string, { DataType: 'String'; StringValue: string }> = {
    severity: { DataType: 'String', StringValue: attributes.severity },
    account: { DataType: 'String', StringValue: attributes.account },
    'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
  };
  if (sms.senderId !== undefined) {
    messageAttributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: sms.senderId };
  }
  if (attributes.remindsOf !== undefined) {
    messageAttributes.remindsOf = { DataType: 'String', StringValue: attributes.remindsOf };
  }
  return {
    TopicArn: topicArn,
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: alert.default, email: alert.email, sms: alert.sms }),
    MessageAttributes: messageAttributes,
  };
}

export function createAlertTopic(
  client: SNSClient,
  topicArn: string,
  sms: SmsOptions = {},
): AlertTopic {
  return {
    async publish(alert, attributes) {
      const output = await client.send(
        new PublishCommand(buildPublishInput(topicArn, alert, attributes, sms)),
      );
      return output.MessageId;
    },
  };
}
