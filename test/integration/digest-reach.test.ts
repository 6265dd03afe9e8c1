import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import {
  SUBSCRIPTIONS_ITEM_KEY,
  WAITING_BY_TOPIC_ATTRIBUTE,
} from '../../lambda/contract/subscriptions';
import { MOTO_INSTALL_HINT } from '../support/moto';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * Issue 20: the digest, through the real handler on moto, says how many of the account's
 * recipients receive nothing yet, from the subscription-health job's item; unchanged without it.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] digest reach integration tests: ${MOTO_INSTALL_HINT}`);

afterEach(() => {
  vi.unstubAllEnvs();
});

async function putSubscriptionsItem(tableName: string, waiting: string): Promise<void> {
  const dynamo = new DynamoDBClient({
    endpoint: motoUrl ?? '',
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await dynamo.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        account: { S: SUBSCRIPTIONS_ITEM_KEY },
        memory: { S: '{}' },
        [WAITING_BY_TOPIC_ATTRIBUTE]: { S: waiting },
        updatedAt: { S: new Date().toISOString() },
      },
    }),
  );
}

const LINE = /recipients? of these alerts receives? nothing/;

describe.skipIf(motoUrl === null)("the digest and the account's unconfirmed recipients", () => {
  it("says the count of the account's topic (not another topic's), with the fix, and no address", async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [250_000] },
    });
    await putSubscriptionsItem(
      monitor.tableName,
      JSON.stringify({
        [monitor.topicArn]: 2,
        'arn:aws:sns:us-east-1:123456789012:another-account': 5,
      }),
    );
    const { result } = await monitor.invoke({ action: 'digest' });
    expect(result.status).toBe('fulfilled');
    const digests = (await monitor.delivered()).filter(
      (d) => d.subject?.startsWith('[DIGEST]') === true,
    );
    expect(digests).toHaveLength(1);
    expect(digests[0]?.message).toContain(
      "2 recipients of these alerts receive nothing: unconfirmed for over a day, or removed and subscribed again. Fix: run npm run confirm -- '<the link",
    );
    expect(digests[0]?.message).not.toContain('@');
  });

  it('is unchanged without the item, and goes out without the line when the item is damaged', async () => {
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [250_000] },
    });
    await monitor.invoke({ action: 'digest' });
    const plain = (await monitor.delivered()).filter(
      (d) => d.subject?.startsWith('[DIGEST]') === true,
    );
    expect(plain).toHaveLength(1);
    expect(plain[0]?.message).not.toMatch(LINE);

    await putSubscriptionsItem(monitor.tableName, JSON.stringify({ [monitor.topicArn]: 'two' }));
    const { logs } = await monitor.invoke({ action: 'digest' });
    const damaged = (await monitor.delivered()).filter(
      (d) => d.subject?.startsWith('[DIGEST]') === true,
    );
    expect(damaged).toHaveLength(1);
    expect(damaged[0]?.message).not.toMatch(LINE);
    expect(logs).toContain('the digest goes out without the count of unconfirmed recipients');
  });
});
