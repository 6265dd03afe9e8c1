import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { vi } from 'vitest';
import { LINK_KEY_ITEM_KEY } from '../../lambda/contract/link-key';
import { createStateTable as stateTable } from '../../lambda/stores/dynamodb';
import { dynamoLinkKeyItems, linkKeyForVerifying } from '../../lambda/stores/link-key';
import { startAckServer } from '../../tools/ack-server';
import { createMonitorFixture } from './monitor-fixture';

/**
 * A monitor whose alerts carry "I'm on it" links, and its acknowledge page served locally by
 * the adapter `npm start` uses, both on moto's state table; the page reads the link key from
 * the table as the deployed page does (lambda/stores/link-key.ts). By default the key's item
 * is put first with ACK_KEY, so that a test can sign its own tokens; with `presetKey: false`
 * the first check creates it.
 */

export const ACK_ACCOUNT = 'Boutique Dakar';
/** A link key as a check stores it: 32 bytes, base64url. */
export const ACK_KEY = Buffer.from('ack-key-for-tests-0123456789abcd').toString('base64url');

const servers: { close(): Promise<void> }[] = [];
export const closeAckServers = async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
};

export async function acknowledgeSetUp(
  motoUrl: string,
  sandboxUrl: string,
  balances: number[],
  /** More of the function's environment (escalation tiers, say). */
  env: Record<string, string> = {},
  options: { readonly presetKey?: boolean } = {},
) {
  const dynamo = () =>
    new DynamoDBClient({
      endpoint: motoUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
  // The page first (its URL goes in the function's environment), then the monitor.
  let tableName = '';
  /** What the page reported healed, per save over a damaged record. */
  const healed: { account: string; problems: readonly string[] }[] = [];
  const page = await startAckServer({
    key: () =>
      linkKeyForVerifying({
        items: dynamoLinkKeyItems(dynamo(), tableName),
        maxAgeSeconds: 0,
      }).read(),
    store: (account) => stateTable(dynamo(), tableName, account),
    now: () => new Date(),
    timeZone: 'Africa/Dakar',
    stateHealed: (account, problems) => {
      if (problems.length > 0) healed.push({ account, problems });
    },
  });
  servers.push(page);
  const monitor = await createMonitorFixture(motoUrl, sandboxUrl, {
    account: { balances },
    env: { ACK_URL: page.url, ALERT_LOCALE: 'fr', ...env },
  });
  tableName = monitor.tableName;
  if (options.presetKey !== false)
    await dynamo().send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          account: { S: LINK_KEY_ITEM_KEY },
          key: { S: ACK_KEY },
          createdAt: { S: new Date().toISOString() },
        },
      }),
    );
  const handler = await monitor.newContainer();
  const state = async () =>
    (await stateTable(dynamo(), tableName, ACK_ACCOUNT).load(new Date())).record?.state;
  const linkIn = (text: string) => /https?:\/\/127\.0\.0\.1:\d+\/ack\?t=[\w.-]+/.exec(text)?.[0];
  const at = async (minutes: number) => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + minutes * 60_000 });
    try {
      return await monitor.invoke({}, handler);
    } finally {
      vi.useRealTimers();
    }
  };
  /** The acknowledge link in the first e-mail the alert topic sent ('' if none). */
  const firstLink = async () => linkIn((await monitor.sent())[0]?.message.email ?? '') ?? '';
  /** That link's token ('' if none). */
  const firstToken = async () =>
    new URL((await firstLink()) || 'http://none').searchParams.get('t') ?? '';
  return { page, monitor, handler, state, linkIn, firstLink, firstToken, at, healed, dynamo };
}

/**
 * The set-up, and one check at 45,000 that opens a LOW episode: what the refused-link cases
 * start from. A refused link must be refused for what it is, not for naming no episode at all,
 * so a check that opened none fails here.
 */
export async function withLowEpisode(motoUrl: string, sandboxUrl: string) {
  const setUp = await acknowledgeSetUp(motoUrl, sandboxUrl, [45_000]);
  await setUp.monitor.invoke({}, setUp.handler);
  const since = (await setUp.state())?.episode?.since;
  if (since === undefined) throw new Error('the LOW opened no episode');
  return { ...setUp, episode: `b:${since}` };
}
