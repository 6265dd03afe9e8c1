import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { formatIssues } from '../contract/env-rules';
import {
  SUBSCRIPTIONS_ITEM_KEY,
  WAITING_BY_TOPIC_ATTRIBUTE,
  addressOnTopic,
  parseSubscriptionHealthEvent,
  subscriptionHealthEnvironmentSchema,
  type AddressOnTopic,
  type ReachFindings,
  type WaitingByTopic,
} from '../contract/subscriptions';
import { renderReach } from '../messages/reach';
import { logger } from '../observability';
import { listEveryTopic, subscribeAgain } from './sns-subscriptions';
import {
  EMPTY_MEMORY,
  judgeSubscriptions,
  reachMemorySchema,
  type ReachMemory,
} from './subscription-health';

/**
 * The subscription-health job (every hour): compares each of the stack's topics' subscriptions
 * with the deploy config, subscribes a missing address again with its filter policy, and tells
 * the operators by publishing to their topic itself, never through an alert topic. Its own
 * item in the state table remembers what SNS does not say (since when an address waits for its
 * confirmation) and what was said once. Its notice is the message of an operator unreachable
 * (no alarm, no metric of its own): it names the address and reaches the other operators. The
 * item is saved last, after the notice is published, and its `updatedAt` is what the watchdog
 * watches: a run that fails (its role refused, a crash, an SNS API error, its schedule
 * dropped) saves nothing, so the job becomes overdue and raises the dead-man switch. Not when
 * the operator topic itself is broken (deleted, its key disabled): CloudWatch sends the
 * dead-man's alarm to that same topic, and every alarm is lost (`npm run verify` and the
 * TestAlarmCommand output find it).
 */

let sns: SNSClient | undefined;
let dynamo: DynamoDBClient | undefined;

async function loadMemory(table: string): Promise<ReachMemory> {
  dynamo ??= new DynamoDBClient({});
  const item = await dynamo.send(
    new GetItemCommand({ TableName: table, Key: { account: { S: SUBSCRIPTIONS_ITEM_KEY } } }),
  );
  const text = item.Item?.memory?.S;
  if (text === undefined) return EMPTY_MEMORY;
  // A damaged item costs at most a repeated message: start over rather than fail every run.
  try {
    const parsed = reachMemorySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    logger.warn('subscription memory unreadable, starting over', {
      problem: formatIssues(parsed.error.issues),
    });
  } catch {
    logger.warn('subscription memory is not JSON, starting over');
  }
  return EMPTY_MEMORY;
}

async function saveMemory(
  table: string,
  memory: ReachMemory,
  waiting: WaitingByTopic,
  now: Date,
): Promise<void> {
  dynamo ??= new DynamoDBClient({});
  await dynamo.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        account: { S: SUBSCRIPTIONS_ITEM_KEY },
        memory: { S: JSON.stringify(memory) },
        // Read by the checks for their digest (counts per topic, never an address).
        [WAITING_BY_TOPIC_ATTRIBUTE]: { S: JSON.stringify(waiting) },
        updatedAt: { S: now.toISOString() },
      },
    }),
  );
}

export interface SubscriptionHealthResult {
  readonly topics: number;
  readonly resubscribed: number;
  readonly told: boolean;
  readonly unreachableOperators: number;
}

export async function handler(event: unknown): Promise<SubscriptionHealthResult> {
  const parsed = subscriptionHealthEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const env = parsed.data;
  const { topics } = parseSubscriptionHealthEvent(event);
  const now = new Date();
  // Adaptive retries, 5 attempts: SNS's per-second quotas throttle a hundred topics' listing,
  // and a job that fails raises the dead-man switch (sns-subscriptions.ts lists 5 at a time).
  sns ??= new SNSClient({ retryMode: 'adaptive', maxAttempts: 5 });
  const client = sns;

  // The topics a few at a time (sns-subscriptions.ts: SNS's rate limits), beside the memory.
  const [memory, found] = await Promise.all([
    loadMemory(env.STATE_TABLE_NAME),
    listEveryTopic(
      client,
      topics.map((t) => t.topicArn),
    ),
  ]);
  const judged = judgeSubscriptions(topics, found, memory, now);

  const resubscribed: AddressOnTopic[] = [];
  const resubscribeFailed: AddressOnTopic[] = [];
  for (const { topic, expected } of judged.missing) {
    const address = addressOnTopic(topic, expected);
    try {
      await subscribeAgain(client, topic.topicArn, expected);
      resubscribed.push(address);
    } catch (error) {
      // Said, and tried again next run; the other addresses still get theirs.
      resubscribeFailed.push(address);
      logger.error('subscribing again failed', {
        topicArn: topic.topicArn,
        protocol: expected.protocol,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  const findings: ReachFindings = {
    resubscribed,
    resubscribeFailed,
    pending: judged.pending,
    unauthenticated: judged.unauthenticated,
  };
  const message = renderReach(findings, env.ALERT_LOCALE);
  if (message !== undefined) {
    // Straight to the operators' topic. If this fails the run fails and remembers nothing, so
    // what was to be said once is said by the next run; and the item's time stays old, so the
    // watchdog names the job once it is 3 runs late.
    await client.send(
      new PublishCommand({
        TopicArn: env.OPERATOR_TOPIC_ARN,
        Subject: message.subject,
        Message: message.body,
      }),
    );
  }
  // Last: the watchdog reads this item's `updatedAt` as the job's last completed run.
  await saveMemory(env.STATE_TABLE_NAME, judged.memory, judged.waitingByTopic, now);
  logger.info('subscription health ran', {
    topics: topics.length,
    resubscribed: resubscribed.length,
    resubscribeFailed: resubscribeFailed.length,
    pending: judged.pending.length,
    unauthenticated: judged.unauthenticated.length,
    unreachableOperators: judged.unreachableOperators,
  });
  return {
    topics: topics.length,
    resubscribed: resubscribed.length,
    told: message !== undefined,
    unreachableOperators: judged.unreachableOperators,
  };
}
