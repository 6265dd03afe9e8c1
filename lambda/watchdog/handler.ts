import {
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import * as z from '../contract/zod';
import { formatIssues, requiredString } from '../contract/env-rules';
import { logger } from '../observability';
import {
  WATCHDOG_ITEM_KEY,
  WATCHED_JOB_ITEMS,
  isWatchedJob,
  parseWatchdogEvent,
  type WatchedAccount,
  type WatchedJob,
} from '../contract/watchdog';
import {
  alarmingJobs,
  overdueAccounts,
  overdueJobs,
  OverdueError,
  trustedChecks,
  type OverdueJob,
} from './overdue';

/**
 * The stack's one dead-man switch: every few minutes it reads when each account's check last
 * completed (the `updatedAt` of its state item) and fails its run when any is overdue, naming
 * them in its log and its error. Its alarm reads Lambda's own `Errors` of this function (AWS's
 * metric, free), and a period without a run at all counts as an error too: so a stopped
 * watchdog alarms like an overdue account, and no custom metric is billed for it. It watches
 * the subscription-health job the same way (the `updatedAt` of the item that job saves after a
 * completed run), so a job that cannot run, or fails on its way (its role, a crash, SNS API
 * errors), raises the same alarm, as a pulse (overdue.ts). A broken operator topic silences that
 * alarm too: CloudWatch sends it there.
 */

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;

const environmentSchema = z.object({ STATE_TABLE_NAME: requiredString() });

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

/**
 * When the watchdog first saw each item missing (an account's, or a job's by its item key);
 * recorded once per such item.
 */
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
  /** The accounts watched. */
  readonly watched: number;
  readonly overdue: readonly { account: string; lastCheckAt?: string; minutes: number }[];
  /** The jobs watched, when the input lists any, and those overdue. */
  readonly jobs?: number;
  readonly overdueJobs?: readonly OverdueJob[];
}

export async function handler(event: unknown): Promise<WatchdogResult> {
  const parsed = environmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const entries = parseWatchdogEvent(event).watched;
  const table = parsed.data.STATE_TABLE_NAME;
  const watched = entries.filter((e): e is WatchedAccount => !isWatchedJob(e));
  const jobs = entries.filter<WatchedJob>(isWatchedJob);
  // A job is read as an account is: the key and the time of the item it saves.
  const keys = [...watched.map((w) => w.account), ...jobs.map((j) => WATCHED_JOB_ITEMS[j.kind])];
  const now = new Date();
  const checks = trustedChecks(await lastChecks(table, keys), now);
  const missing = keys.filter((key) => !checks.has(key));
  const since = await firstSeenMissing(table, missing, now);
  const overdue = overdueAccounts(watched, checks, since, now);
  const lateWatches = overdueJobs(jobs, checks, since, now);
  const lateJobs = lateWatches.map((l) => l.overdue);
  // A late job fails the run only in its pulse (one alarm period a day: overdue.ts), so the
  // alarm returns to OK between pulses and an account going overdue meanwhile alarms afresh.
  const alarming = alarmingJobs(lateWatches);
  // One line per overdue account, so that the saved query "overdue" can tabulate them; one per
  // overdue job, which names the job (it is no account), on every run while it is late.
  for (const late of lateJobs) logger.error(`${late.job} job without a completed run`, { ...late });
  for (const late of overdue) logger.error('account without a completed check', { ...late });
  logger.info('watchdog ran', {
    watched: watched.length,
    overdue: overdue.length,
    ...(jobs.length > 0 ? { jobs: jobs.length, overdueJobs: lateJobs.length } : {}),
  });
  // The failed run is the alarm's signal (Lambda's Errors). The function retries nothing
  // (infra/monitor-function.ts: retryAttempts 0), so an overdue account costs one run.
  if (overdue.length > 0 || alarming.length > 0)
    throw new OverdueError(watched.length, overdue, alarming);
  return {
    watched: watched.length,
    overdue,
    ...(jobs.length > 0 ? { jobs: jobs.length, overdueJobs: lateJobs } : {}),
  };
}
