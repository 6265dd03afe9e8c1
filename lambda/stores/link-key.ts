import { randomBytes } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { formatIssues } from '../contract/env-rules';
import {
  LINK_KEY_BYTES,
  LINK_KEY_ITEM_KEY,
  linkKeyItemSchema,
  type LinkKeyItem,
} from '../contract/link-key';
import { errorName } from '../errors';

/**
 * The link key (lambda/contract/link-key.ts) from its item in the state table, instead of a
 * secret: nothing a month. The checks sign, so they create it on first use, with a conditional
 * put (`attribute_not_exists`): of two first uses at once one writes, the other's put fails
 * and it reads the winner's, so both sign with one key. The page and the button functions
 * verify: they only read, and with no item yet (no link was ever signed) every token is
 * refused. Cached per container for `maxAgeSeconds`, as the channel secrets are; an absent
 * item is never cached (a check may create it a moment later). Errors name the item and the
 * table, never the value.
 */

/** The item itself: read it, or create it if there is none. */
export interface LinkKeyItems {
  /** The item as stored (strongly consistent), undefined when there is none. */
  get(): Promise<unknown>;
  /** Writes the item if there is none; false when another writer's came first. */
  createIfAbsent(item: LinkKeyItem): Promise<boolean>;
  /** Where it lives, for errors and the operator's commands. */
  readonly where: string;
}

export function dynamoLinkKeyItems(client: DynamoDBClient, tableName: string): LinkKeyItems {
  const where = `item ${LINK_KEY_ITEM_KEY} of table ${tableName}`;
  const failed = (doing: string, error: unknown) =>
    new Error(`the link key (${where}) could not be ${doing} (${errorName(error)})`, {
      cause: error,
    });
  return {
    where,
    async get() {
      try {
        const { Item } = await client.send(
          new GetItemCommand({
            TableName: tableName,
            Key: { account: { S: LINK_KEY_ITEM_KEY } },
            ConsistentRead: true,
          }),
        );
        if (Item === undefined) return undefined;
        return { account: Item.account?.S, key: Item.key?.S, createdAt: Item.createdAt?.S };
      } catch (error) {
        throw failed('read', error);
      }
    },
    async createIfAbsent(item) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              account: { S: item.account },
              key: { S: item.key },
              createdAt: { S: item.createdAt },
            },
            // A placeholder: no attribute name can collide with DynamoDB's reserved words.
            ConditionExpression: 'attribute_not_exists(#account)',
            ExpressionAttributeNames: { '#account': 'account' },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw failed('created', error);
      }
    },
  };
}

/** In memory: `npm start`'s and the tests' table. */
export function memoryLinkKeyItems(): LinkKeyItems & { reads: number } {
  let stored: LinkKeyItem | undefined;
  const items = {
    where: `item ${LINK_KEY_ITEM_KEY} in memory`,
    reads: 0,
    get() {
      items.reads += 1;
      return Promise.resolve(stored === undefined ? undefined : { ...stored });
    },
    createIfAbsent(item: LinkKeyItem) {
      if (stored !== undefined) return Promise.resolve(false);
      stored = { ...item };
      return Promise.resolve(true);
    },
  };
  return items;
}

interface Options {
  readonly items: LinkKeyItems;
  readonly maxAgeSeconds: number;
  readonly now?: () => number;
  readonly random?: (bytes: number) => Buffer;
}

/** The value of a stored item, checked; a damaged item is an error saying how to replace it. */
function valueOf(raw: unknown, where: string): string {
  const parsed = linkKeyItemSchema().safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `the link key (${where}) is damaged: ${formatIssues(parsed.error.issues)}; delete the item and the next check creates a new one (docs/security.md, "Rotating the link key")`,
    );
  return parsed.data.key;
}

function cached(options: Options, load: () => Promise<string | undefined>) {
  const now = options.now ?? Date.now;
  let held: { value: string; at: number } | undefined;
  return async (): Promise<string | undefined> => {
    if (held !== undefined && now() - held.at < options.maxAgeSeconds * 1000) return held.value;
    const value = await load();
    held = value === undefined ? undefined : { value, at: now() };
    return value;
  };
}

/** The checks' key: read, or created on first use. */
export function linkKeyForSigning(options: Options): { read(): Promise<string> } {
  const { items } = options;
  const random = options.random ?? randomBytes;
  const now = options.now ?? Date.now;
  const read = cached(options, async () => {
    const stored = await items.get();
    if (stored !== undefined) return valueOf(stored, items.where);
    const created: LinkKeyItem = {
      account: LINK_KEY_ITEM_KEY,
      key: random(LINK_KEY_BYTES).toString('base64url'),
      createdAt: new Date(now()).toISOString(),
    };
    if (await items.createIfAbsent(created)) return created.key;
    // Another first use won: sign with its key.
    const winner = await items.get();
    if (winner === undefined)
      throw new Error(`the link key (${items.where}) was created by another check but is gone`);
    return valueOf(winner, items.where);
  });
  return {
    async read() {
      const value = await read();
      if (value === undefined) throw new Error(`the link key (${items.where}) could not be made`);
      return value;
    },
  };
}

/** The verifiers' key: read only; undefined while no check has created it (no link exists). */
export function linkKeyForVerifying(options: Options): { read(): Promise<string | undefined> } {
  const { items } = options;
  return {
    read: cached(options, async () => {
      const stored = await items.get();
      return stored === undefined ? undefined : valueOf(stored, items.where);
    }),
  };
}
