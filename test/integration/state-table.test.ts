import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  createStateTable as stateTableAdapter,
  createStateTableRecords,
} from '../../lambda/stores/dynamodb';
import { stateStoreOver } from '../../lambda/stores/envelope';
import { MAX_WRITERS, RECORD_SCHEMA, type RecordBody } from '../../lambda/stores/record';
import { createStateTable } from '../support/aws';
import { forward, jsonError, startFaultProxy } from '../support/fault-proxy';
import { createMonitorFixture } from '../support/monitor-fixture';

/** The DynamoDB adapter and the outbox protocol against moto's DynamoDB. */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const client = () =>
  new DynamoDBClient({
    endpoint: motoUrl ?? '',
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
const NOW = new Date('2026-12-01T00:00:00.000Z');

const record = (lastCheckAt: string, extra: Partial<RecordBody> = {}): RecordBody => ({
  state: { schema: 1, lastCheckAt },
  outbox: [],
  undeliverable: [],
  ...extra,
});

async function putRaw(table: string, item: Record<string, AttributeValue>) {
  await client().send(
    new PutItemCommand({ TableName: table, Item: { account: { S: 'main' }, ...item } }),
  );
}

/** The record as the item stores it, envelope included (what only the store sees). */
async function storedRecord(table: string, account = 'main'): Promise<unknown> {
  const item = await client().send(
    new GetItemCommand({ TableName: table, Key: { account: { S: account } } }),
  );
  const attribute = item.Item?.record;
  if (attribute?.B !== undefined) return JSON.parse(gunzipSync(attribute.B).toString('utf8'));
  return attribute?.S === undefined ? undefined : JSON.parse(attribute.S);
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe.skipIf(motoUrl === null)('the state table', () => {
  it('starts empty, saves conditionally on the version it read, and refuses a stale one', async () => {
    const store = stateTableAdapter(client(), await createStateTable(motoUrl ?? ''), 'main');
    const empty = await store.load(NOW);
    expect(empty.record).toBeUndefined();
    const v1 = await store.save(record('2026-12-01T00:00:00.000Z'), empty.version, 'a', NOW);
    expect(v1.kind).toBe('saved');
    const stale = await store.save(record('2026-12-01T00:05:00.000Z'), empty.version, 'b', NOW);
    expect(stale.kind).toBe('lost');
    const loaded = await store.load(NOW);
    expect(loaded.record).toEqual(record('2026-12-01T00:00:00.000Z'));
    expect(
      (await store.save(record('2026-12-01T00:05:00.000Z'), loaded.version, 'b', NOW)).kind,
    ).toBe('saved');
  });

  it('keeps accounts apart', async () => {
    const table = await createStateTable(motoUrl ?? '');
    const a = stateTableAdapter(client(), table, 'a');
    const b = stateTableAdapter(client(), table, 'b');
    await a.save(record('2026-12-01T00:00:00.000Z'), (await a.load(NOW)).version, 'a', NOW);
    expect((await b.load(NOW)).record).toBeUndefined();
  });

  it.each([
    ['a string', { S: 'seven' }],
    ['zero', { N: '0' }],
    ['a list', { L: [] }],
  ])(
    'repairs a version attribute that is %s: the next save goes through',
    async (_name, version) => {
      const table = await createStateTable(motoUrl ?? '');
      await putRaw(table, {
        version,
        record: { S: JSON.stringify(record('2026-12-01T00:00:00.000Z')) },
      });
      const store = stateTableAdapter(client(), table, 'main');
      const loaded = await store.load(NOW);
      expect(loaded.record?.state.lastCheckAt).toBe('2026-12-01T00:00:00.000Z');
      expect(
        (await store.save(record('2026-12-01T00:05:00.000Z'), loaded.version, 'check', NOW)).kind,
      ).toBe('saved');
      const item = await client().send(
        new GetItemCommand({ TableName: table, Key: { account: { S: 'main' } } }),
      );
      expect(item.Item?.version).toEqual({ N: '1' });
    },
  );

  it("recognises its own write when the answer was lost and the SDK's retry met a condition failure", async () => {
    const table = await createStateTable(motoUrl ?? '');
    const proxy = await startFaultProxy(motoUrl ?? '');
    try {
      // The first PutItem is carried out, then its answer is lost (a 500): the SDK retries the
      // same conditional write, which now fails its condition against its own write.
      let lost = false;
      proxy.setRule((call) => {
        if (!lost && call.operation.endsWith('PutItem')) {
          lost = true;
          return { forwardThenLose: jsonError(500, 'InternalServerError') };
        }
        return forward;
      });
      const store = stateTableAdapter(
        new DynamoDBClient({
          endpoint: proxy.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        }),
        table,
        'main',
      );
      const empty = await store.load(NOW);
      expect(
        (await store.save(record('2026-12-01T00:00:00.000Z'), empty.version, 'a', NOW)).kind,
      ).toBe('saved');
      expect(proxy.calls.filter((c) => c.operation.endsWith('PutItem'))).toHaveLength(2);
      const saved = await store.load(NOW);
      expect(saved.record?.state.lastCheckAt).toBe('2026-12-01T00:00:00.000Z');
      // And a check that really lost the race is still told so.
      expect(
        (await store.save(record('2026-12-01T00:05:00.000Z'), empty.version, 'b', NOW)).kind,
      ).toBe('lost');
    } finally {
      await proxy.close();
    }
  });

  it('saved: the item holds the body in its envelope (the schema, the writers, newest last, at most MAX_WRITERS)', async () => {
    const table = await createStateTable(motoUrl ?? '');
    const store = stateTableAdapter(client(), table, 'main');
    const written = await store.save(
      record('2026-12-01T00:00:00.000Z'),
      (await store.load(NOW)).version,
      'check-0',
      NOW,
    );
    expect(written.kind).toBe('saved');
    expect(await storedRecord(table)).toEqual({
      schema: RECORD_SCHEMA,
      ...record('2026-12-01T00:00:00.000Z'),
      writers: ['check-0'],
    });
    for (let i = 1; i <= MAX_WRITERS + 1; i += 1)
      await store.save(
        record('2026-12-01T00:00:00.000Z'),
        (await store.load(NOW)).version,
        `check-${i}`,
        NOW,
      );
    expect(await storedRecord(table)).toMatchObject({
      writers: Array.from({ length: MAX_WRITERS }, (_, i) => `check-${i + 2}`),
    });
    // What a caller reads back is the body alone.
    expect((await store.load(NOW)).record).toEqual(record('2026-12-01T00:00:00.000Z'));
  });

  it('lost: another writer saved first; nothing is written, and what it saved comes back', async () => {
    const table = await createStateTable(motoUrl ?? '');
    const [a, b] = [
      stateTableAdapter(client(), table, 'main'),
      stateTableAdapter(client(), table, 'main'),
    ];
    const read = await a.load(NOW);
    expect(
      (await b.save(record('2026-12-01T00:05:00.000Z'), read.version, 'check-b', NOW)).kind,
    ).toBe('saved');
    const written = await a.save(record('2026-12-01T00:06:00.000Z'), read.version, 'check-a', NOW);
    expect(written).toMatchObject({
      kind: 'lost',
      current: { record: record('2026-12-01T00:05:00.000Z') },
    });
    expect(await storedRecord(table)).toMatchObject({ writers: ['check-b'] });
  });

  it('saved-earlier: a write whose answer was lost, with another check saving after it, is known as this one', async () => {
    const table = await createStateTable(motoUrl ?? '');
    const other = stateTableAdapter(client(), table, 'main');
    const item = createStateTableRecords(client(), table, 'main');
    let first = true;
    // The PutItem is carried out on the table; before its answer comes back another check
    // saves on top of it; then the answer is lost (to the store, a condition failure).
    const store = stateStoreOver({
      read: (now) => item.read(now),
      async write(stored, expected) {
        const committed = await item.write(stored, expected);
        if (!first || committed === undefined) return committed;
        first = false;
        const after = await other.load(NOW);
        expect(
          (await other.save(record('2026-12-01T00:05:00.000Z'), after.version, 'check-b', NOW))
            .kind,
        ).toBe('saved');
        return undefined;
      },
    });
    const written = await store.save(
      record('2026-12-01T00:00:00.000Z'),
      (await store.load(NOW)).version,
      'check-a',
      NOW,
    );
    expect(written).toMatchObject({
      kind: 'saved-earlier',
      current: { record: record('2026-12-01T00:05:00.000Z') },
    });
    expect(await storedRecord(table)).toMatchObject({ writers: ['check-a', 'check-b'] });
    // The version it answers is the one stored: a save on it goes through.
    const next = written.kind === 'saved-earlier' ? written.current.version : undefined;
    expect(
      next && (await store.save(record('2026-12-01T00:10:00.000Z'), next, 'check-a', NOW)).kind,
    ).toBe('saved');
  });

  it('reads a damaged item part by part: keeps what parses and says what it dropped', async () => {
    const table = await createStateTable(motoUrl ?? '');
    await putRaw(table, {
      version: { N: '4' },
      record: {
        S: JSON.stringify({
          schema: 2,
          state: {
            schema: 1,
            lastCheckAt: '2026-12-01T00:00:00.000Z',
            episode: { since: '2026-11-30T20:00:00.000Z', level: 'LOW', lastAlertAt: 'garbage' },
            failure: 'not an object',
          },
          outbox: [
            { id: 'broken' },
            {
              id: 'main/2026-12-01T00:00:00.000Z/0/CRITICAL',
              event: {
                severity: 'CRITICAL',
                account: 'main',
                at: '2026-12-01T00:00:00.000Z',
                balance: 1000,
                currency: 'XOF',
                threshold: 25000,
                since: '2026-11-30T20:00:00.000Z',
              },
              createdAt: '2026-12-01T00:00:00.000Z',
              deliveries: { sns: { attempts: 0, notBefore: '2026-12-01T00:00:00.000Z' } },
            },
          ],
          undeliverable: 'nope',
        }),
      },
    });
    const loaded = await stateTableAdapter(client(), table, 'main').load(NOW);
    expect(loaded.record?.outbox.map((e) => e.id)).toEqual([
      'main/2026-12-01T00:00:00.000Z/0/CRITICAL',
    ]);
    // The open episode is kept (rebuilt), so healing never sends a second LOW for it.
    expect(loaded.record?.state.episode).toEqual({
      since: '2026-11-30T20:00:00.000Z',
      level: 'LOW',
      lastAlertAt: NOW.toISOString(),
    });
    // A failure episode that cannot be read is kept as alerted: no second FAILING for it.
    expect(loaded.record?.state.failure).toMatchObject({ alertedAt: NOW.toISOString() });
    expect(loaded.problems).toEqual(
      expect.arrayContaining([
        'state.episode was unreadable and was rebuilt',
        'state.failure was unreadable and was rebuilt',
        'outbox entry 0 was unreadable and was dropped',
        'the undeliverable list was not a list and was dropped',
      ]),
    );
  });
});

describe.skipIf(motoUrl === null)('the outbox through the handler: an alert is never lost', () => {
  /** A schema 1 item (before the outbox stored events), as a crashed older check left it. */
  const schemaOne = (claimedAt: string) =>
    JSON.stringify({
      state: {
        schema: 1,
        lastCheckAt: claimedAt,
        episode: { since: claimedAt, level: 'LOW', lastAlertAt: claimedAt },
      },
      outbox: {
        claimedAt,
        messages: [
          {
            alert: { subject: '[LOW] left by a crashed check', email: 'e', sms: 's', default: 'e' },
            attributes: { severity: 'LOW', account: 'Boutique Dakar' },
          },
        ],
      },
    });

  it('migrates a schema 1 item: its claimed message goes out once the lease is over, the episode stays open', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [45_000] },
    });
    await client().send(
      new PutItemCommand({
        TableName: monitor.tableName,
        Item: {
          account: { S: 'Boutique Dakar' },
          version: { N: '3' },
          record: { S: schemaOne(new Date(Date.now() - 10 * 60_000).toISOString()) },
        },
      }),
    );
    const { result } = await monitor.invoke();
    // No second LOW: the migrated episode is open.
    expect(result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'LOW', events: ['LOW'] },
    });
    // As it was rendered, with the level the SMS filter policies now route on.
    expect((await monitor.delivered()).map((d) => [d.subject, d.attributes.level])).toEqual([
      ['[LOW] left by a crashed check', 'LOW'],
    ]);
    const left = await stateTableAdapter(client(), monitor.tableName, 'Boutique Dakar').load(
      new Date(),
    );
    expect(await storedRecord(monitor.tableName, 'Boutique Dakar')).toMatchObject({ schema: 2 });
    expect(left.record?.outbox).toEqual([]);
  });

  it('a claim still in its lease is left to the check that holds it; this check still reads and judges', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [10_000] },
    });
    await client().send(
      new PutItemCommand({
        TableName: monitor.tableName,
        Item: {
          account: { S: 'Boutique Dakar' },
          version: { N: '1' },
          record: { S: schemaOne(new Date(Date.now() - 5_000).toISOString()) },
        },
      }),
    );
    const { result } = await monitor.invoke();
    // The balance fell to CRITICAL meanwhile: that goes out; the claimed LOW is not repeated.
    expect(result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'CRITICAL', events: ['CRITICAL'] },
    });
    expect((await monitor.delivered()).map((d) => d.attributes.severity)).toEqual(['CRITICAL']);
    expect(await monitor.requests()).toHaveLength(1);
  });

  it('a publish that fails waits in the outbox, and the next check sends it, once', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [45_000] },
    });
    const handler = await monitor.newContainer();
    const { SNSClient } = await import('@aws-sdk/client-sns');
    const send = vi
      .spyOn(SNSClient.prototype, 'send')
      .mockRejectedValueOnce(
        Object.assign(new Error('SNS is down'), { name: 'InternalErrorException' }),
      );
    const first = await monitor.invoke({}, handler);
    send.mockRestore();
    expect(first.result).toMatchObject({
      status: 'fulfilled',
      value: { status: 'LOW', events: [] },
    });
    expect(await monitor.delivered()).toEqual([]);
    const store = stateTableAdapter(client(), monitor.tableName, 'Boutique Dakar');
    const left = await store.load(new Date());
    expect(left.record?.outbox.map((e) => e.event.severity)).toEqual(['LOW']);
    expect(left.record?.outbox[0]?.deliveries.sns).toMatchObject({
      attempts: 1,
      lastError: 'SNS refused the publish (InternalErrorException)',
    });

    // The next scheduled check, after the backoff: the LOW goes out, once.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60_000 });
    const next = await monitor.invoke({}, handler);
    expect(next.result).toMatchObject({ status: 'fulfilled', value: { events: ['LOW'] } });
    vi.useRealTimers();
    expect((await monitor.delivered()).map((d) => d.attributes.severity)).toEqual(['LOW']);
    expect((await store.load(new Date())).record?.outbox).toEqual([]);
  });
});
