import {
  ConditionalCheckFailedException,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CALLBACK_WINDOW_KEY_PREFIX } from '../contract/callback-body';

/**
 * One check per account per window: a conditional PutItem on the item `#callback:<account>`
 * of the state table (no account name starts with `#`, and the watchdog reads named keys only,
 * so the item is no account's). It sets `until` = now + window only if there is no item or its
 * `until` has passed; whoever wins starts the check, everyone else in the window does not. One
 * item per account, overwritten, so it needs no TTL.
 */

export const callbackWindowKey = (account: string) => `${CALLBACK_WINDOW_KEY_PREFIX}${account}`;

export function createCallbackWindow(
  client: DynamoDBClient,
  tableName: string,
  windowSeconds: number,
): (account: string, now: Date) => Promise<boolean> {
  return async (account, now) => {
    const nowMs = now.getTime();
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            account: { S: callbackWindowKey(account) },
            until: { N: String(nowMs + windowSeconds * 1000) },
          },
          ConditionExpression: 'attribute_not_exists(#until) OR #until <= :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': { N: String(nowMs) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
}

/**
 * Gives back the window claimed at `claimedAt` when its check could not be started: its `until`
 * set to `claimedAt` (passed), only if it is still the one that claim wrote. PutItem again, the
 * one action the receiver may take on the item (infra/callback-receiver.ts).
 */
export function createCallbackWindowRelease(
  client: DynamoDBClient,
  tableName: string,
  windowSeconds: number,
): (account: string, claimedAt: Date) => Promise<void> {
  return async (account, claimedAt) => {
    const claimedMs = claimedAt.getTime();
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { account: { S: callbackWindowKey(account) }, until: { N: String(claimedMs) } },
          ConditionExpression: '#until = :claimed',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: {
            ':claimed': { N: String(claimedMs + windowSeconds * 1000) },
          },
        }),
      );
    } catch (error) {
      // Another callback claimed it since: that one's check is the window's.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  };
}
