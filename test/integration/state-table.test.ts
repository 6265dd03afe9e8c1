import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createStateTable as stateTableAdapter } from '../../lambda/aws/state-table';
import type { StoredRecord } from '../../lambda/state-store';
import { createStateTable } from '../support/aws';
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

const record = (lastCheckAt: string, extra: Partial<StoredRecord> = {}): StoredRecord => ({
  state: { schema: 1, lastCheckAt },
  ...extra,
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('the state table', () => {
  it('starts empty at version 0, saves conditionally, and refuses a stale version', async () => {
    const store = stateTableAdapter(client(), await createStateTable(motoUrl ?? ''), 'main');
    expect(await store.load()).toEqual({ record: undefined, version: 0 });
    expect(await store.save(record('2026-12-01T00:00:00.000Z'), 0)).toBe(true);
    expect(await store.save(record('2026-12-01T00:05:00.000Z'), 0)).toBe(false);
    expect(await store.load()).toEqual({ record: record('2026-12-01T00:00:00.000Z'), version: 1 });
    expect(await store.save(record('2026-12-01T00:05:00.000Z'), 1)).toBe(true);
    expect((await store.load()).version).toBe(2);
  });

  it('keeps accounts apart', async () => {
    const table = await createStateTable(motoUrl ?? '');
    const a = stateTableAdapter(client(), table, 'a');
    const b = stateTableAdapter(client(), table, 'b');
    await a.save(record('2026-12-01T00:00:00.000Z'), 0);
    expect((await b.load()).version).toBe(0);
  });

  it('reads a corrupt item as no state, says why, and can overwrite it', async () => {
    const table = await createStateTable(motoUrl ?? '');
    await client().send(
      new PutItemCommand({
        TableName: table,
        Item: { account: { S: 'main' }, record: { S: '{"state": 42}' } },
      }),
    );
    const store = stateTableAdapter(client(), table, 'main');
    const loaded = await store.load();
    expect(loaded.record).toBeUndefined();
    expect(loaded.problem).toMatch(/not valid/);
    expect(await store.save(record('2026-12-01T00:00:00.000Z'), loaded.version)).toBe(true);
  });
});

describe.skipIf(motoUrl === null)('the outbox: an alert is never lost', () => {
  const claimed = (claimedAt: string): StoredRecord => ({
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

  it('a check that finds an outbox a crashed check left publishes it, then carries on', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [45_000] },
    });
    const store = stateTableAdapter(client(), monitor.tableName, 'Boutique Dakar');
    await store.save(claimed(new Date(Date.now() - 10 * 60_000).toISOString()), 0);
    const { result } = await monitor.invoke();
    expect(result).toMatchObject({ status: 'fulfilled', value: { status: 'LOW', events: [] } });
    expect((await monitor.delivered()).map((d) => d.subject)).toEqual([
      '[LOW] left by a crashed check',
    ]);
    expect((await store.load()).record?.outbox).toBeUndefined();
  });

  it('a check that finds a fresh outbox (another check is publishing it) publishes nothing', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [10_000] },
    });
    const store = stateTableAdapter(client(), monitor.tableName, 'Boutique Dakar');
    await store.save(claimed(new Date(Date.now() - 5_000).toISOString()), 0);
    const { result, logs } = await monitor.invoke();
    expect(result).toMatchObject({ status: 'fulfilled', value: { events: [] } });
    expect(await monitor.delivered()).toEqual([]);
    expect(logs).toContain('"save": "lost-race"');
    expect((await store.load()).version).toBe(1);
  });

  it('a publish that fails leaves the claim, and the next check after the lease sends it', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [45_000] },
    });
    const handler = await monitor.newContainer();
    const { SNSClient } = await import('@aws-sdk/client-sns');
    const send = vi
      .spyOn(SNSClient.prototype, 'send')
      .mockRejectedValueOnce(new Error('SNS is down'));
    expect((await monitor.invoke({}, handler)).result.status).toBe('rejected');
    send.mockRestore();
    expect(await monitor.delivered()).toEqual([]);
    const store = stateTableAdapter(client(), monitor.tableName, 'Boutique Dakar');
    const left = await store.load();
    expect(left.record?.outbox?.messages.map((m) => m.attributes.severity)).toEqual(['LOW']);

    // The next scheduled check, after the lease: the LOW goes out, once.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60_000 });
    try {
      expect((await monitor.invoke({}, handler)).result.status).toBe('fulfilled');
    } finally {
      vi.useRealTimers();
    }
    expect((await monitor.delivered()).map((d) => d.attributes.severity)).toEqual(['LOW']);
    expect((await store.load()).record?.outbox).toBeUndefined();
  });
});
