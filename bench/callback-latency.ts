import { performance } from 'node:perf_hooks';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { callbackWindowKey, createCallbackWindow } from '../lambda/stores/callback-window';
import { createSecret, createStateTable, subscribeQueue, uniqueName } from '../test/support/aws';
import {
  LOCAL_WINDOW_SECONDS,
  sandboxPayout,
  startCallbackReceiver,
} from '../tools/local-callbacks';
import type { Sandbox } from '../tools/sandbox';

/**
 * From a DEXCHANGE callback's arrival at the receiver to the SNS publish of the LOW it leads to
 * (issue 22's target: p95 <= 2 s locally). Each run: the account's state is fresh and above LOW
 * (its item deleted, then a scheduled check at 250 000); the sandbox pays out below LOW and
 * POSTs the callback over real HTTP to the receiver (`serveCallback`, the window on moto's
 * DynamoDB); the check it starts is the real handler (lambda/handler.ts) against moto and the
 * sandbox. The clock starts when the request reaches the receiver and stops at the
 * `SentTimestamp` of the LOW in an SQS queue subscribed to the topic: moto delivers to SQS
 * inside the Publish, so that is when SNS took the LOW.
 *
 * Not measured: Lambda's asynchronous invoke between the receiver and the check (moto runs
 * Lambda functions in Docker, not here): the check is started in this process instead, without
 * waiting, as `InvocationType: Event` does not wait; and DEXCHANGE's own delay before it sends.
 */

const ACCOUNT = 'bench-callback';
const LOW = 100_000;

export interface CallbackLatency {
  readonly runs: number;
  /** Milliseconds from callback to publish, warm container, one per run. */
  readonly warmMs: number[];
  /** The first run's, in a cold container (not among `warmMs`). */
  readonly coldMs: number;
  /** DEXCHANGE GETs per run (the callback's check), all runs. */
  readonly getsPerRun: number[];
}

type Handler = (
  event: unknown,
  context?: { getRemainingTimeInMillis(): number },
) => Promise<unknown>;

const motoClient = <T>(Client: new (config: object) => T, endpoint: string): T =>
  new Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });

async function topicWithQueue(sns: SNSClient, endpoint: string) {
  const topicArn =
    (await sns.send(new CreateTopicCommand({ Name: uniqueName('bench-alerts') }))).TopicArn ?? '';
  return { topicArn, queueUrl: await subscribeQueue(endpoint, topicArn, null) };
}

export async function measureCallbackToPublish(
  motoUrl: string,
  sandbox: Sandbox,
  apiKey: string,
  runs: number,
): Promise<CallbackLatency> {
  const dynamo = motoClient(DynamoDBClient, motoUrl);
  const sqs = motoClient(SQSClient, motoUrl);
  const sns = motoClient(SNSClient, motoUrl);
  const tableName = await createStateTable(motoUrl);
  const { topicArn, queueUrl } = await topicWithQueue(sns, motoUrl);
  // The check function's environment, as the stack sets it; read at the first invocation.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_ENDPOINT_URL: motoUrl,
    DEXCHANGE_API_URL: sandbox.url,
    DEXCHANGE_API_KEY_SECRET_ID: await createSecret(motoUrl, apiKey),
    ALERT_TOPIC_ARN: topicArn,
    STATE_TABLE_NAME: tableName,
    LOW_BALANCE_THRESHOLD: String(LOW),
    ACCOUNT_NAME: ACCOUNT,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const { handler } = (await import('../lambda/handler')) as { handler: Handler };
  const context = { getRemainingTimeInMillis: () => 30_000 };
  // When the last callback that started a check reached the receiver (performance.now()).
  let arrivedAt = Number.NaN;
  const receiver = await startCallbackReceiver({
    accounts: [ACCOUNT],
    claim: createCallbackWindow(dynamo, tableName, LOCAL_WINDOW_SECONDS),
    // The stand-in for the asynchronous invoke: the real handler, in this process.
    check: (_account, event, arrived) => {
      arrivedAt = arrived;
      return handler(event, context);
    },
  });

  // The receiver's one log line per request would fill the bench's output.
  const log = console.log;
  console.log = () => undefined;
  const warmMs: number[] = [];
  const getsPerRun: number[] = [];
  let coldMs = Number.NaN;
  try {
    for (let run = 0; run <= runs; run += 1) {
      // Fresh state above LOW: the item and the window deleted, then a scheduled check.
      for (const account of [ACCOUNT, callbackWindowKey(ACCOUNT)])
        await dynamo.send(
          new DeleteItemCommand({ TableName: tableName, Key: { account: { S: account } } }),
        );
      sandbox.setAccount(apiKey, { balances: [250_000] });
      await handler({}, context);
      const getsBefore = sandbox.requests.length;

      const status = await sandboxPayout(
        sandbox,
        apiKey,
        { id: `bench-${run}`, amount: 190_000, before: 250_000, currency: 'XOF', at: new Date() },
        receiver.urlOf(ACCOUNT),
      );
      if (status !== 202) throw new Error(`the receiver answered ${status}, not 202`);
      await receiver.settled();
      const ms = (await lowSentAt(sqs, queueUrl)) - (performance.timeOrigin + arrivedAt);
      getsPerRun.push(sandbox.requests.length - getsBefore);
      if (run === 0) coldMs = ms;
      else warmMs.push(ms);
    }
  } finally {
    console.log = log;
    await receiver.close();
    dynamo.destroy();
    sqs.destroy();
    sns.destroy();
  }
  return { runs, warmMs, coldMs, getsPerRun };
}

/** When SNS took the run's one message, a LOW (its SQS copy's SentTimestamp, epoch ms). */
async function lowSentAt(sqs: SQSClient, queueUrl: string): Promise<number> {
  const output = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['SentTimestamp'],
    }),
  );
  const messages = output.Messages ?? [];
  for (const m of messages)
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }),
    );
  const [message] = messages;
  const severity = (
    JSON.parse(message?.Body ?? '{}') as {
      MessageAttributes?: { severity?: { Value?: string } };
    }
  ).MessageAttributes?.severity?.Value;
  if (messages.length !== 1 || severity !== 'LOW')
    throw new Error(
      `expected one LOW on the topic, got ${messages.length} message(s), the first ${severity ?? 'none'}`,
    );
  return Number(message?.Attributes?.SentTimestamp);
}
