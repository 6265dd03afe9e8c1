import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { LINK_KEY_ITEM_KEY, linkKeyItemSchema } from '../../lambda/contract/link-key';
import {
  dynamoLinkKeyItems,
  linkKeyForSigning,
  linkKeyForVerifying,
  type LinkKeyItems,
} from '../../lambda/stores/link-key';
import { ACK_ACCOUNT, acknowledgeSetUp, closeAckServers } from '../support/ack-fixture';
import { createStateTable } from '../support/aws';

/**
 * The link key in moto's DynamoDB, through the adapter the functions use: the first use
 * creates the item with a conditional put, two first uses at once end with one key (the loser's
 * put really fails its condition), a second read within the cache period reads nothing, a
 * verifier never creates; and end to end, a link the check signed with the key it created in
 * the table is taken by the page reading that table (the deployed entry and the local server).
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await closeAckServers();
});

const dynamo = () =>
  new DynamoDBClient({
    endpoint: motoUrl ?? '',
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });

async function storedItem(tableName: string) {
  const { Item } = await dynamo().send(
    new GetItemCommand({
      TableName: tableName,
      Key: { account: { S: LINK_KEY_ITEM_KEY } },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Counts the adapter's calls, and holds every create until `count` wait (all saw no item). */
function watched(items: LinkKeyItems, count = 1) {
  let waiting = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls = { gets: 0, creates: 0, won: 0 };
  const wrapped: LinkKeyItems = {
    where: items.where,
    get: () => {
      calls.gets += 1;
      return items.get();
    },
    async createIfAbsent(item) {
      calls.creates += 1;
      waiting += 1;
      if (waiting >= count) release();
      await gate;
      const won = await items.createIfAbsent(item);
      if (won) calls.won += 1;
      return won;
    },
  };
  return { items: wrapped, calls };
}

describe.skipIf(motoUrl === null)('the link key in DynamoDB (moto)', () => {
  it('first use creates the item (32 random bytes, with its time); a second read within the cache period reads nothing', async () => {
    const tableName = await createStateTable(motoUrl ?? '');
    const { items, calls } = watched(dynamoLinkKeyItems(dynamo(), tableName));
    let now = Date.parse('2026-12-07T10:00:00Z');
    const signer = linkKeyForSigning({ items, maxAgeSeconds: 300, now: () => now });
    const key = await signer.read();
    const item = await storedItem(tableName);
    expect(Object.keys(item ?? {}).sort()).toEqual(['account', 'createdAt', 'key']);
    expect(item?.key?.S).toBe(key);
    expect(item?.createdAt?.S).toBe('2026-12-07T10:00:00.000Z');
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(calls).toEqual({ gets: 1, creates: 1, won: 1 });
    now += 299_000;
    expect(await signer.read()).toBe(key);
    expect(calls.gets).toBe(1);
    now += 2_000;
    expect(await signer.read()).toBe(key);
    expect(calls).toEqual({ gets: 2, creates: 1, won: 1 });
  });

  it('three first uses at once (three containers, none finding the item) end with one key: two puts fail their condition and read the winner', async () => {
    const tableName = await createStateTable(motoUrl ?? '');
    const { items, calls } = watched(dynamoLinkKeyItems(dynamo(), tableName), 3);
    const keys = await Promise.all(
      [1, 2, 3].map(() => linkKeyForSigning({ items, maxAgeSeconds: 300 }).read()),
    );
    expect(new Set(keys).size).toBe(1);
    expect(calls).toEqual({ gets: 5, creates: 3, won: 1 });
    expect((await storedItem(tableName))?.key?.S).toBe(keys[0]);
  });

  it('a verifier reads none before any check, creates nothing, then reads the key a check made', async () => {
    const tableName = await createStateTable(motoUrl ?? '');
    const verifier = linkKeyForVerifying({
      items: dynamoLinkKeyItems(dynamo(), tableName),
      maxAgeSeconds: 300,
    });
    expect(await verifier.read()).toBeUndefined();
    expect(await storedItem(tableName)).toBeUndefined();
    const key = await linkKeyForSigning({
      items: dynamoLinkKeyItems(dynamo(), tableName),
      maxAgeSeconds: 300,
    }).read();
    expect(await verifier.read()).toBe(key);
  });

  it('an item put by hand in the wrong shape is refused by its schema, naming the item, not the value', async () => {
    const tableName = await createStateTable(motoUrl ?? '');
    const value = 'a-password-someone-typed-by-hand';
    await dynamo().send(
      new PutItemCommand({
        TableName: tableName,
        Item: { account: { S: LINK_KEY_ITEM_KEY }, key: { S: value } },
      }),
    );
    const read = linkKeyForVerifying({
      items: dynamoLinkKeyItems(dynamo(), tableName),
      maxAgeSeconds: 300,
    }).read();
    await expect(read).rejects.toThrow(
      `the link key (item #link-key of table ${tableName}) is damaged: key must be 32 bytes`,
    );
    await expect(read).rejects.not.toThrow(value.slice(0, 8));
  });

  it('a table that is not there: an error naming the item, the table and the AWS error', async () => {
    await expect(
      linkKeyForSigning({
        items: dynamoLinkKeyItems(dynamo(), 'no-such-table'),
        maxAgeSeconds: 300,
      }).read(),
    ).rejects.toThrow(
      'the link key (item #link-key of table no-such-table) could not be read (ResourceNotFoundException)',
    );
  });

  it('a damaged key item: the check still sends its LOW, without the link, and its warning names the item, never the value', async () => {
    const {
      monitor,
      handler,
      dynamo: client,
    } = await acknowledgeSetUp(motoUrl ?? '', sandboxUrl, [45_000], {}, { presetKey: false });
    const typed = 'a-password-someone-typed-by-hand';
    await client().send(
      new PutItemCommand({
        TableName: monitor.tableName,
        Item: { account: { S: LINK_KEY_ITEM_KEY }, key: { S: typed } },
      }),
    );
    const { result, logs } = await monitor.invoke({}, handler);
    expect(result.status).toBe('fulfilled');
    const [low] = await monitor.sent();
    expect(low?.attributes.severity).toBe('LOW');
    expect(low?.message.email).not.toMatch(/\/ack\?t=/);
    const text = JSON.stringify(logs);
    expect(text).toContain('alerts go out without the acknowledge link');
    expect(text).toContain(
      `the link key (item #link-key of table ${monitor.tableName}) is damaged`,
    );
    expect(text).not.toContain(typed.slice(0, 8));
  });

  it('end to end: the check creates the key in the table, signs its LOW with it, and the page reading the table takes the link', async () => {
    const { monitor, handler, state, linkIn } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000],
      {},
      { presetKey: false },
    );
    expect(await storedItem(monitor.tableName)).toBeUndefined();
    const { result, logs } = await monitor.invoke({}, handler);
    expect(result.status).toBe('fulfilled');
    const item = await storedItem(monitor.tableName);
    const stored = linkKeyItemSchema().parse({
      account: item?.account?.S,
      key: item?.key?.S,
      createdAt: item?.createdAt?.S,
    });
    const link = linkIn((await monitor.sent())[0]?.message.email ?? '');
    expect(link).toBeDefined();
    const token = new URL(link ?? '').searchParams.get('t') ?? '';
    // The deployed page's entry, on the environment the fixture stubs (STATE_TABLE_NAME): it
    // finds the key in the table the check wrote it to.
    vi.resetModules();
    const { handler: deployed } = await import('../../lambda/ack/handler');
    const shown = await deployed({
      requestContext: { http: { method: 'GET' } },
      queryStringParameters: { t: token },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('<form method="post">');
    const posted = await fetch(link ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, name: 'Awa' }).toString(),
    });
    expect(posted.status).toBe(200);
    expect((await state())?.episode).toMatchObject({ acknowledgedBy: 'Awa' });
    // The key is nowhere in what the check logged or sent, nor in the account's own item.
    const everything = JSON.stringify([await monitor.sent(), logs]);
    expect(everything).toContain(ACK_ACCOUNT);
    expect(everything).not.toContain(stored.key);
  });
});
