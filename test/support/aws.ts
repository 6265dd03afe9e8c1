import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * AWS resources in moto for one test: unique names, so tests in parallel never share state and
 * moto never needs a reset. Clients point at moto through AWS_ENDPOINT_URL, like the product.
 */

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function clients(endpoint: string) {
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  return {
    secrets: new SecretsManagerClient(config),
    sns: new SNSClient(config),
    sqs: new SQSClient(config),
  };
}

export async function createSecret(endpoint: string, value: string | undefined): Promise<string> {
  const name = uniqueName('dexchange-key');
  const output = await clients(endpoint).secrets.send(
    new CreateSecretCommand({
      Name: name,
      ...(value === undefined ? {} : { SecretString: value }),
    }),
  );
  return output.ARN ?? name;
}

export interface DeliveredAlert {
  readonly subject: string | undefined;
  readonly message: string;
  readonly attributes: Record<string, string>;
}

/**
 * A new SQS queue subscribed to `topicArn` with a subscription's filter policy (as the template
 * writes it, on the message attributes; null for none): what a subscriber of that policy
 * receives. Returns the queue's URL.
 */
export async function subscribeQueue(
  endpoint: string,
  topicArn: string,
  filterPolicy: unknown,
): Promise<string> {
  const { sns, sqs } = clients(endpoint);
  const queueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('inbox') }))).QueueUrl ?? '';
  const queueArn =
    (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn ?? '';
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes:
        filterPolicy === null || filterPolicy === undefined
          ? {}
          : { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' },
    }),
  );
  return queueUrl;
}

/** The bodies of every message of a queue not received yet (each is read once). */
export async function receiveAll(endpoint: string, queueUrl: string): Promise<string[]> {
  const { sqs } = clients(endpoint);
  const all: string[] = [];
  for (;;) {
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 300,
      }),
    );
    const batch = output.Messages ?? [];
    if (batch.length === 0) return all;
    all.push(...batch.map((m) => m.Body ?? '{}'));
  }
}

/** A topic with an SQS queue subscribed, and a way to read what SNS delivered to it. */
export async function createTopicWithQueue(endpoint: string) {
  const { sns } = clients(endpoint);
  const topicArn =
    (await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }))).TopicArn ?? '';
  const queueUrl = await subscribeQueue(endpoint, topicArn, null);

  async function delivered(): Promise<DeliveredAlert[]> {
    return (await receiveAll(endpoint, queueUrl)).map((body) => {
      const envelope = JSON.parse(body) as {
        Subject?: string;
        Message: string;
        MessageAttributes?: Record<string, { Value: string }>;
      };
      return {
        subject: envelope.Subject,
        message: envelope.Message,
        attributes: Object.fromEntries(
          Object.entries(envelope.MessageAttributes ?? {}).map(([k, v]) => [k, v.Value]),
        ),
      };
    });
  }
  return { topicArn, delivered };
}

export interface SentNotification {
  readonly messageId: string;
  /** The Message as published: with MessageStructure json, the {default, email, sms} object. */
  readonly message: { default: string; email: string; sms: string };
  readonly subject: string;
  readonly attributes: Record<string, string>;
}

/**
 * moto's dump of its state. It walks every model, and fails (an HTML 500) when a test in another
 * worker adds one meanwhile: asked again, it answers.
 */
async function motoData(endpoint: string): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${endpoint}/moto-api/data.json`);
    if (response.ok || attempt === 10) return response;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What SNS sent on a topic, from moto's own record (it keeps the email and sms variants too). */
export async function sentNotifications(
  endpoint: string,
  topicArn: string,
): Promise<SentNotification[]> {
  const data = (await (await motoData(endpoint)).json()) as {
    sns: {
      Topic: {
        arn: string;
        sent_notifications: [string, string, string, Record<string, { Value: string }>][];
      }[];
    };
  };
  const topic = data.sns.Topic.find((t) => t.arn === topicArn);
  return (topic?.sent_notifications ?? []).map(([messageId, message, subject, attributes]) => ({
    messageId,
    message: JSON.parse(message) as SentNotification['message'],
    subject,
    attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.Value])),
  }));
}

/** A state table as the stack creates it: partition key `account`, on-demand. */
export async function createStateTable(endpoint: string): Promise<string> {
  const { CreateTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const name = uniqueName('alert-state');
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'account', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'account', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}
