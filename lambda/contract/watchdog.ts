import * as z from './zod';
import { formatIssues } from './env-rules';
import { SUBSCRIPTION_HEALTH_EVERY_MINUTES, SUBSCRIPTIONS_ITEM_KEY } from './subscriptions';

/**
 * What the stack and the watchdog share: how often a quiet check saves, the watchdog's own item
 * key, and the shape of the list its schedule's input carries (the accounts, and the jobs whose
 * runs it watches the same way).
 */

/** A check with nothing new saves at least this often, so its `updatedAt` lags at most this. */
export const SAVE_EVERY_MINUTES = 15;

/**
 * The watchdog's own item in the state table (when it first saw each account without one).
 * Account names cannot contain '#', so it never meets an account's item.
 */
export const WATCHDOG_ITEM_KEY = '#watchdog';

export interface WatchedAccount {
  readonly account: string;
  /** No completed check for longer than this is overdue (window + saving interval). */
  readonly overdueAfterMinutes: number;
}

/**
 * The jobs the watchdog watches besides the accounts, each by the item it saves (with its
 * `updatedAt`) only at the end of a completed run. The subscription-health job saves
 * `#subscriptions` after its notice to the operators is published, so a job that cannot run
 * (its schedule dropped, throttled, crashing, its role or SNS refusing) stops saving, and the
 * dead-man switch says so. Not a broken operator topic: the alarm goes to that topic too.
 */
export const WATCHED_JOB_ITEMS = { 'subscription-health': SUBSCRIPTIONS_ITEM_KEY } as const;
export type WatchedJobKind = keyof typeof WATCHED_JOB_ITEMS;

export interface WatchedJob {
  readonly kind: WatchedJobKind;
  /** No completed run for longer than this is overdue. */
  readonly overdueAfterMinutes: number;
}

/** A job is overdue once this many of its periods pass without a completed run. */
export const JOB_OVERDUE_AFTER_PERIODS = 3;

/** How often the watchdog runs; its alarm's period holds three of its runs (infra/watchdog.ts). */
export const WATCHDOG_EVERY_MINUTES = 10;
export const WATCHDOG_ALARM_PERIOD_MINUTES = 30;

/**
 * A late job fails the watchdog's runs for one alarm period past its window, then again once
 * this often while it stays late: a pulse, so the alarm returns to OK between pulses and an
 * account that goes overdue meanwhile raises a fresh ALARM (and e-mail) of its own.
 */
export const JOB_REMINDER_EVERY_MINUTES = 24 * 60;

/** The subscription-health job's entry in the watchdog's input. */
export const SUBSCRIPTION_HEALTH_WATCH: WatchedJob = {
  kind: 'subscription-health',
  overdueAfterMinutes: JOB_OVERDUE_AFTER_PERIODS * SUBSCRIPTION_HEALTH_EVERY_MINUTES,
};

/**
 * The schedule's input: what to watch comes with each run (up to 256 KB), not the environment
 * (4 KB): a hundred accounts' names would not fit. Built at its first parse (`z.lazy`): the
 * check's bundle holds this module for its constants and never parses a watchdog's input.
 */
const watchdogEventSchema = z.lazy(() => {
  const overdueAfterMinutes = z.number().check(z.int(), z.positive());
  const watchedAccountSchema = z.strictObject({
    account: z.string().check(z.minLength(1)),
    overdueAfterMinutes,
  });
  const watchedJobSchema = z.strictObject({
    kind: z.enum(Object.keys(WATCHED_JOB_ITEMS) as [WatchedJobKind, ...WatchedJobKind[]]),
    overdueAfterMinutes,
  });
  return z.object({
    watched: z.array(z.union([watchedAccountSchema, watchedJobSchema])).check(z.minLength(1)),
  });
});
export type WatchdogEvent = z.infer<typeof watchdogEventSchema>;

export const isWatchedJob = (entry: WatchedAccount | WatchedJob): entry is WatchedJob =>
  'kind' in entry;

/** The input, checked: by the watchdog on each run, and by the stack at synth. */
export function parseWatchdogEvent(event: unknown): WatchdogEvent {
  const input = watchdogEventSchema.safeParse(event);
  if (!input.success)
    throw new Error(
      `Invalid event: ${formatIssues(input.error.issues)} (the schedule's input lists {"watched": [{"account", "overdueAfterMinutes"} or {"kind": "subscription-health", "overdueAfterMinutes"}]})`,
    );
  return input.data;
}
