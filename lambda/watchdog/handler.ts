// First, before any module builds a schema: zod's setting (aws/zod-jitless.ts).
import '../aws/zod-jitless';
import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { formatIssues, requiredString } from '../contract/env-rules';
import { logger } from '../observability';
import { WATCHDOG_ITEM_KEY } from '../contract/watchdog';
import { overdueAccounts, OverdueAccountsError, trustedChecks } from './overdue';

/**
 * The stack's one dead-man switch: every few minutes it reads when each account's check last
 * completed (the `updatedAt` of its state item) and fails its run when any is overdue, naming
 * them in its log and its error. Its alarm reads Lambda's own `Errors` of this function (AWS's
 * metric, free), and a period without a run at all counts as an error too: so a stopped
 * watchdog alarms like an overdue account, and no custom metric is billed for it.
 */

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;

const watchedSchema = z
  .array(
    z.strictObject({
      account: z.string().min(1),
      overdueAfterMinutes: z.number().int().positive(),
    }),
  )
  .min(1);

const environmentSchema = z.object({ STATE_TABLE_NAME: requiredString() });

/**
 * What to watch comes with each run, in the schedule's input: a hundred accounts' names would
 * not fit Lambda's 4 KB of environment.
 */
const eventSchema = z.object({ watched: watchedSchema });

let dynamo: DynamoDBClient | undefined;

async function lastChecks(
  table: string,
  accounts: readonly string[],
): Promise<Map<string, string>> {
  dynamo ??= new DynamoDBClient({});
  const found = new Map<string, string>();
  for (let i = 0; i < accounts.length; i += BATCH) {
    let keys: Record<string, AttributeValue>[] | undefined = accounts
      .slice(i, i + BATCH)
      .map((account) => ({ account: { S: account } }));
    // Keys DynamoDB did not get to come back as UnprocessedKeys: ask again, backing off (the
    // SDK has already retried throttling); keys still left fail the run, so that the missing
    // count raises the alarm rather than an account passing as never checked.
    for (let round = 0; keys !== undefined && keys.length > 0; round += 1) {
      if (round === 5)
        throw new Error(`DynamoDB left ${keys.length} accounts unread after 5 rounds; next run`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** round));
      const answer: BatchGetItemCommandOutput = await dynamo.send(
        new BatchGetItemCommand({
          RequestItems: {
            [table]: { Keys: keys, ProjectionExpression: 'account, updatedAt' },
          },
        }),
      );
      for (const item of answer.Responses?.[table] ?? []) {
        const account = item.account?.S;
        const at = item.updatedAt?.S;
        if (account !== undefined && at !== undefined) found.set(account, at);
      }
      keys = answer.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/** When the watchdog first saw each account with no item; recorded once per such account. */
async function firstSeenMissing(
  table: string,
  missing: readonly string[],
  now: Date,
): Promise<Map<string, Date>> {
  dynamo ??= new DynamoDBClient({});
  const key = { account: { S: WATCHDOG_ITEM_KEY } };
  const item = await dynamo.send(new GetItemCommand({ TableName: table, Key: key }));
  const known = item.Item?.missingSince?.M ?? {};
  const since = new Map<string, Date>();
  const kept: Record<string, AttributeValue> = {};
  for (const account of missing) {
    const at = known[account]?.S;
    const date = at === undefined ? Number.NaN : Date.parse(at);
    since.set(account, Number.isNaN(date) ? now : new Date(date));
    kept[account] = { S: (Number.isNaN(date) ? now : new Date(date)).toISOString() };
  }
  const changed =
    Object.keys(kept).length !== Object.keys(known).length ||
    Object.keys(kept).some((a) => known[a]?.S !== kept[a]?.S);
  if (changed)
    await dynamo.send(
      new PutItemCommand({ TableName: table, Item: { ...key, missingSince: { M: kept } } }),
    );
  return since;
}

export interface WatchdogResult {
  readonly watched: number;
  readonly overdue: readonly { account: string; lastCheckAt?: string; minutes: number }[];
}

export async function handler(event: unknown): Promise<WatchdogResult> {
  const parsed = environmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const input = eventSchema.safeParse(event);
  if (!input.success)
    throw new Error(
      `Invalid event: ${formatIssues(input.error.issues)} (the schedule's input lists {"watched": [{"account", "overdueAfterMinutes"}]})`,
    );
  const table = parsed.data.STATE_TABLE_NAME;
  const { watched } = input.data;
  const now = new Date();
  const checks = trustedChecks(
    await lastChecks(
      table,
      watched.map((w) => w.account),
    ),
    now,
  );
  const missing = watched.map((w) => w.account).filter((a) => !checks.has(a));
  const since = await firstSeenMissing(table, missing, now);
  const overdue = overdueAccounts(watched, checks, since, now);
  // One line per overdue account, so that the saved query "overdue" can tabulate them.
  for (const late of overdue) logger.error('account without a completed check', { ...late });
  logger.info('watchdog ran', { watched: watched.length, overdue: overdue.length });
  // The failed run is the alarm's signal (Lambda's Errors). The function retries nothing
  // (infra/monitor-function.ts: retryAttempts 0), so an overdue account costs one run.
  if (overdue.length > 0) throw new OverdueAccountsError(watched.length, overdue);
  return { watched: watched.length, overdue };
}
