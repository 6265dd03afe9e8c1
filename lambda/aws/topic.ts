import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { RenderedAlert } from '../alerting/messages';
import type { AlertAttributes } from '../alerting/types';

/** One SNS publish per alert (DESIGN.md, "Alert messages"). */

export interface AlertTopic {
  publish(alert: RenderedAlert, attributes: AlertAttributes): Promise<string | undefined>;
}

export function buildPublishInput(
  topicArn: string,
  alert: RenderedAlert,
  attributes: AlertAttributes,
) {
  const messageAttributes: Record<string, { DataType: 'String'; StringValue: string }> = {
    severity: { DataType: 'String', StringValue: attributes.severity },
    account: { DataType: 'String', StringValue: attributes.account },
  };
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

export function createAlertTopic(client: SNSClient, topicArn: string): AlertTopic {
  return {
    async publish(alert, attributes) {
      const output = await client.send(
        new PublishCommand(buildPublishInput(topicArn, alert, attributes)),
      );
      return output.MessageId;
    },
  };
}
