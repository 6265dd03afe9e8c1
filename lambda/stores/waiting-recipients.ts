import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  SUBSCRIPTIONS_ITEM_KEY,
  WAITING_BY_TOPIC_ATTRIBUTE,
  waitingByTopicSchema,
} from '../contract/subscriptions';
import { formatIssues } from '../contract/env-rules';

/**
 * For the digest: how many addresses of one topic receive nothing yet, as the subscription-health
 * job last counted them in its own item of the state table. Read only (the check may not write
 * that item); 0 when the item or the topic's count is absent. Throws on a damaged attribute, so
 * that the caller says so and sends its digest without the line.
 */
export function createWaitingRecipients(
  client: DynamoDBClient,
  tableName: string,
  topicArn: string,
): () => Promise<number> {
  return async () => {
    const item = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { account: { S: SUBSCRIPTIONS_ITEM_KEY } },
        ProjectionExpression: '#waiting',
        ExpressionAttributeNames: { '#waiting': WAITING_BY_TOPIC_ATTRIBUTE },
      }),
    );
    const text = item.Item?.[WAITING_BY_TOPIC_ATTRIBUTE]?.S;
    if (text === undefined) return 0;
    const parsed = waitingByTopicSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new Error(
        `the ${WAITING_BY_TOPIC_ATTRIBUTE} attribute of item ${SUBSCRIPTIONS_ITEM_KEY} is unreadable: ${formatIssues(parsed.error.issues)}`,
      );
    return parsed.data[topicArn] ?? 0;
  };
}
