import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ConfigurationError, errorName, UnavailableError } from '../errors';
import { stateStoreOver, type RawRead, type RecordTable } from './envelope';
import { parseRecordJson, type StoredRecord } from './record';
import type { StateStore } from './state-store';

/**
 * Alert state in DynamoDB: one item per account, `{account, version, writeId, record,
 * updatedAt}`, the record as gzip-compressed JSON (a binary attribute: the forecast's 48 hours
 * of history make 10 KB of JSON and 3 KB compressed, and DynamoDB bills writes per started
 * kilobyte). A record stored as a JSON string (by an older version, or by hand) is read too.
 * `updatedAt` is the latest scheduled check's time (state.scheduledAt; a check a callback
 * started leaves it), which the watchdog reads. Read strongly consistent (a check sees the previous one's write); written
 * with a condition on the `version` attribute exactly as it was read, whatever its type: an
 * item edited by hand (a string, a 0) is repaired by the next save instead of failing every
 * save forever. Each write carries a fresh `writeId`: when the SDK retries a PutItem whose
 * answer was lost and meets its own write as a condition failure, a re-read recognises it.
 * The record's envelope (its schema, its last writers) is stamped by envelope.ts, as for every
 * store.
 */

/** The `version` attribute as read (undefined: no item, or no version). */
interface Token {
  readonly attribute: AttributeValue | undefined;
}

/** What the operator fixes when the table cannot be used (the SDK has already retried). */
function tableError(error: unknown, tableName: string): Error {
  const name = errorName(error);
  if (name === 'ResourceNotFoundException') {
    return new ConfigurationError(
      `state table ${tableName} was not found; check STATE_TABLE_NAME and the stack`,
      { cause: error },
    );
  }
  if (name === 'AccessDeniedException') {
    return new ConfigurationError(
      `the function may not use state table ${tableName} (AccessDenied); grant GetItem and PutItem on its own item`,
      { cause: error },
    );
  }
  return new UnavailableError(`state table ${tableName} could not be used (${name})`, {
    cause: error,
  });
}

function nextVersion(attribute: AttributeValue | undefined): number {
  const current = attribute?.N === undefined ? Number.NaN : Number(attribute.N);
  return Number.isSafeInteger(current) && current >= 0 ? current + 1 : 1;
}

/** The record's JSON, from its compressed or plain form; undefined (said) when there is none. */
function recordText(attribute: AttributeValue | undefined, problems: string[]): string | undefined {
  if (attribute?.B !== undefined) {
    try {
      return gunzipSync(attribute.B).toString('utf8');
    } catch {
      problems.push('the record attribute is not gzip-compressed JSON');
      return undefined;
    }
  }
  if (attribute?.S !== undefined) return attribute.S;
  problems.push('the item has no record attribute');
  return undefined;
}

export function createStateTable(
  client: DynamoDBClient,
  tableName: string,
  account: string,
): StateStore {
  return stateStoreOver(createStateTableRecords(client, tableName, account));
}

/** The item itself, envelope included: what the envelope (and its tests) writes through. */
export function createStateTableRecords(
  client: DynamoDBClient,
  tableName: string,
  account: string,
): RecordTable {
  const key = { account: { S: account } };

  async function getItem(): Promise<Record<string, AttributeValue> | undefined> {
    try {
      const output = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      return output.Item;
    } catch (error) {
      throw tableError(error, tableName);
    }
  }

  return {
    async read(now: Date): Promise<RawRead> {
      const item = await getItem();
      const token: Token = { attribute: item?.version };
      if (item === undefined) return { record: undefined, token, problems: [] };
      const problems: string[] = [];
      if (item.version !== undefined && item.version.N === undefined)
        problems.push('the version attribute is not a number; the next save repairs it');
      const text = recordText(item.record, problems);
      if (text === undefined) return { record: undefined, token, problems };
      const healed = parseRecordJson(text, now);
      return { record: healed.record, token, problems: [...problems, ...healed.problems] };
    },

    async write(record: StoredRecord, expected: unknown) {
      const { attribute } = expected as Token;
      const version = nextVersion(attribute);
      const writeId = randomUUID();
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...key,
              version: { N: String(version) },
              writeId: { S: writeId },
              record: { B: gzipSync(JSON.stringify(record)) },
              // The schedule's last check, not a callback's: the watchdog watches the schedule.
              updatedAt: { S: record.state.scheduledAt ?? record.state.lastCheckAt },
            },
            ConditionExpression:
              attribute === undefined ? 'attribute_not_exists(version)' : 'version = :expected',
            ...(attribute === undefined
              ? {}
              : { ExpressionAttributeValues: { ':expected': attribute } }),
          }),
        );
      } catch (error) {
        // Another check saved first, or this very write committed and its answer was lost (the
        // SDK's retry then fails its condition, or the SDK gives up): the item says which.
        let current: Record<string, AttributeValue> | undefined;
        try {
          current = await getItem();
        } catch {
          throw tableError(error, tableName);
        }
        if (current?.writeId?.S !== writeId) {
          if (error instanceof ConditionalCheckFailedException) return undefined;
          throw tableError(error, tableName);
        }
      }
      return { token: { attribute: { N: String(version) } } satisfies Token };
    },
  };
}
