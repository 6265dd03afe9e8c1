import { Duration, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import path from 'node:path';
import {
  SAVE_EVERY_MINUTES,
  WATCHDOG_EVERY_MINUTES,
  WATCHDOG_ITEM_KEY,
  WATCHED_JOB_ITEMS,
  parseWatchdogEvent,
  type WatchedAccount,
  type WatchedJob,
} from '../lambda/contract/watchdog';
import { itemGrant } from './item-grant';
import { ExactLambdaInvoke } from './exact-lambda-invoke';
import { ownScheduleGroup } from './own-schedule-group';
import { MonitorFunction } from './monitor-function';

/** The watchdog's entry: a third handler of the same code. */
export const WATCHDOG_ENTRY = path.join(
  import.meta.dirname,
  '..',
  'lambda',
  'watchdog',
  'handler.ts',
);

export interface WatchdogProps {
  readonly stateTable: ITableV2;
  /** Each account and its dead-man window (minutes without a completed check). */
  readonly accounts: readonly { readonly account: string; readonly windowMinutes: number }[];
  /**
   * The jobs it watches too, by the item each saves after a completed run (the
   * subscription-health job's `#subscriptions`): it may read their key and time, never write.
   */
  readonly jobs?: readonly WatchedJob[];
  readonly deadLetterQueue: IQueue;
  readonly logRetention: RetentionDays;
  /** The stack's reservedConcurrency (0: reserve nothing). */
  readonly reservedConcurrency: number;
}

/**
 * The stack's one dead-man switch (lambda/watchdog): a function on its own schedule that reads
 * each account's last completed check from the state table and fails its run when any is
 * overdue (its alarm reads Lambda's Errors: infra/monitor-alarms.ts). It
 * may read the accounts' items and the watched jobs' (their key and `updatedAt` are all it asks
 * for) and write its own item only.
 */
export class Watchdog extends Construct {
  readonly function: MonitorFunction;
  readonly schedule: Schedule;
  readonly scheduleGroup: ScheduleGroup;
  readonly watched: readonly WatchedAccount[];
  readonly jobs: readonly WatchedJob[];

  constructor(scope: Construct, id: string, props: WatchdogProps) {
    super(scope, id);
    // A check saves at least every SAVE_EVERY_MINUTES: its time may lag by that much.
    this.watched = props.accounts.map(({ account, windowMinutes }) => ({
      account,
      overdueAfterMinutes: windowMinutes + SAVE_EVERY_MINUTES,
    }));
    this.jobs = props.jobs ?? [];
    // The input, checked at synth with the watchdog's own schema.
    const input = parseWatchdogEvent({ watched: [...this.watched, ...this.jobs] });
    this.function = new MonitorFunction(this, 'Function', {
      entry: WATCHDOG_ENTRY,
      roleDescription:
        "The DEXCHANGE balance monitor's watchdog: reads when each account was last checked",
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      reservedConcurrency: props.reservedConcurrency > 0 ? 1 : 0,
      environment: { STATE_TABLE_NAME: props.stateTable.tableName },
    });
    // The accounts' items and the watched jobs', and of them only their key and time: never the
    // record, which holds the alerts waiting to go out, nor a job's memory (AWS's
    // attribute-level pattern: the projection's attribute names, present, and a Select that is
    // not ALL_ATTRIBUTES). Reading only: the one item it writes is its own.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem'],
        resources: [props.stateTable.tableArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'dynamodb:LeadingKeys': [
              ...props.accounts.map((a) => a.account),
              ...this.jobs.map((j) => WATCHED_JOB_ITEMS[j.kind]),
            ],
            'dynamodb:Attributes': ['account', 'updatedAt'],
          },
          StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
          // ForAllValues is true of an absent key: a read that names no attribute (the whole
          // item) is refused only by this.
          Null: { 'dynamodb:Attributes': 'false' },
        },
      }),
    );
    this.function.addToRolePolicy(itemGrant(props.stateTable, [WATCHDOG_ITEM_KEY]));

    const { group, role } = ownScheduleGroup(
      this,
      'Lets EventBridge Scheduler invoke the balance monitor watchdog',
    );
    this.scheduleGroup = group;
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleGroup: this.scheduleGroup,
      schedule: ScheduleExpression.expression(
        `rate(${WATCHDOG_EVERY_MINUTES} minutes)`,
        TimeZone.ETC_UTC,
      ),
      description: 'Counts the DEXCHANGE accounts whose check is overdue',
      target: new ExactLambdaInvoke(this.function, {
        role,
        // What to watch travels in the input (up to 256 KB), not the environment (4 KB).
        input: ScheduleTargetInput.fromObject(input),
        // Scheduler retries only an invoke Lambda did not take (throttled, unreachable): it
        // invokes asynchronously, so a run that fails on an overdue account (the alarm's
        // signal) is not run again, and Lambda retries nothing (MonitorFunction's
        // retryAttempts 0): one overdue account costs one run per 10 minutes.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(WATCHDOG_EVERY_MINUTES - 1),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
