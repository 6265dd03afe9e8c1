import { gunzipSync } from 'node:zlib';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * The single-debit rule through the real check handler, on moto and the sandbox: a callback's
 * event naming a large completed debit raises UNUSUAL_OUTFLOW only when the balance the
 * handler reads from DEXCHANGE fell by as much; the SNS message says the debit and when. And
 * the callback's check leaves the time the watchdog reads (the item's updatedAt) at the
 * schedule's last check.
 */

const motoUrl = inject('motoUrl') ?? '';
const sandboxUrl = inject('sandboxUrl');

afterEach(() => {
  vi.unstubAllEnvs();
});

async function storedItem(tableName: string) {
  const dynamo = new DynamoDBClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const { Item } = await dynamo.send(
    new GetItemCommand({ TableName: tableName, Key: { account: { S: 'Boutique Dakar' } } }),
  );
  const record = JSON.parse(gunzipSync(Item?.record?.B as Uint8Array).toString()) as {
    state: { lastCheckAt: string; scheduledAt?: string };
  };
  return { updatedAt: Item?.updatedAt?.S, state: record.state };
}

describe('a callback naming one large debit', () => {
  it('raises UNUSUAL_OUTFLOW when the read confirms the fall, never on the callback alone', async () => {
    const monitor = await createMonitorFixture(motoUrl, sandboxUrl, {
      // The schedule's read, a forged callback's (nothing moved), a genuine one's (350 000 out).
      account: { balances: [2_000_000, 2_000_000, 1_650_000] },
      env: { OUTFLOW_SINGLE_DEBIT_AMOUNT: '300000' },
    });
    const scheduled = await monitor.invoke({});
    expect(scheduled.result.status).toBe('fulfilled');
    const first = await storedItem(monitor.tableName);
    expect(first.updatedAt).toBe(first.state.lastCheckAt);

    const callback = (amount: number) => ({
      action: 'callback',
      at: new Date().toISOString(),
      hint: {
        amount,
        status: 'SUCCESS',
        type: 'CASHOUT',
        completedAt: Date.now() - 1_000,
        currentBalance: 1_650_000,
      },
    });
    // Forged: a debit of 10 million while DEXCHANGE's balance did not move.
    const forged = await monitor.invoke(callback(10_000_000));
    expect(forged.result).toEqual({
      status: 'fulfilled',
      value: expect.objectContaining({ status: 'OK', balance: 2_000_000, events: [] }) as unknown,
    });
    // Genuine: the read shows the fall.
    const genuine = await monitor.invoke(callback(350_000));
    expect(genuine.result).toEqual({
      status: 'fulfilled',
      value: expect.objectContaining({
        balance: 1_650_000,
        events: ['UNUSUAL_OUTFLOW'],
      }) as unknown,
    });
    const sent = await monitor.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.attributes.severity).toBe('UNUSUAL_OUTFLOW');
    expect(sent[0]?.subject).toMatch(/one debit of XOF\s350,000/u);
    expect(sent[0]?.message.email).toMatch(/down XOF\s350,000 in/u);
    expect(await monitor.requests()).toHaveLength(3);

    // The callback's check saved (it had an alert to deliver), but the watchdog still reads the
    // schedule's last check.
    const after = await storedItem(monitor.tableName);
    expect(after.state.lastCheckAt > first.state.lastCheckAt).toBe(true);
    expect(after.updatedAt).toBe(first.state.lastCheckAt);
    expect(after.state.scheduledAt).toBe(first.state.lastCheckAt);
  });
});
