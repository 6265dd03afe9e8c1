import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ConfigurationError, UnavailableError } from '../errors';
import {
  parseStoredRecord,
  type LoadedRecord,
  type StateStore,
  type StoredRecord,
} from '../state-store';

/**
 * Alert state in DynamoDB: one item per account, `{account, version, record}`, the record as
 * JSON. Read once per check (strongly consistent, so a check sees the previous one's write);
 * written with a condition on `version`, so of two racing checks only one saves.
 */

/** What the operator fixes when the table cannot be used (the SDK has already retried). */
function tableError(error: unknown, tableName: string): Error {
  const name = error instanceof Error ? error.name : 'UnknownError';
  if (name === 'ResourceNotFoundException') {
    return new ConfigurationError(
      `state table ${tableName} was not found; check STATE_TABLE_NAME and the stack`,
      { cause: error },
    );
  }
  if (name === 'AccessDeniedException') {
    return new ConfigurationError(
      `the function may not use state table ${tableName} (AccessDenied); grant GetItem and PutItem`,
      { cause: error },
    );
  }
  return new UnavailableError(`state table ${tableName} could not be used (${name})`, {
    cause: error,
  });
}

export function createStateTable(
  client: DynamoDBClient,
  tableName: string,
  account: string,
): StateStore {
  return {
    async load(): Promise<LoadedRecord> {
      let output;
      try {
        output = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { account: { S: account } },
            ConsistentRead: true,
          }),
        );
      } catch (error) {
        throw tableError(error, tableName);
      }
      const item = output.Item;
      if (item === undefined) return { record: undefined, version: 0 };
      // An item without a readable version (edited by hand) is replaced by the next save.
      const version = Number(item.version?.N ?? '0') || 0;
      const parsed = parseStoredRecord(item.record?.S ?? '');
      return 'record' in parsed
        ? { record: parsed.record, version }
        : { record: undefined, version, problem: parsed.problem };
    },

    async save(record: StoredRecord, expectedVersion: number): Promise<boolean> {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              account: { S: account },
              version: { N: String(expectedVersion + 1) },
              record: { S: JSON.stringify(record) },
              updatedAt: { S: record.state.lastCheckAt },
            },
            ConditionExpression:
              expectedVersion === 0 ? 'attribute_not_exists(version)' : 'version = :expected',
            ...(expectedVersion === 0
              ? {}
              : { ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } } }),
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw tableError(error, tableName);
      }
    },
  };
}
