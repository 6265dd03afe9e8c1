import { Duration, TimeZone, Token, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  type ScheduleGroup,
} from 'aws-cdk-lib/aws-scheduler';
import { CfnSubscription, type Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import path from 'node:path';
import type { Locale } from '../lambda/contract/severities';
import {
  SUBSCRIPTION_HEALTH_EVERY_MINUTES,
  SUBSCRIPTIONS_ITEM_KEY,
  parseSubscriptionHealthEvent,
  type ExpectedSubscription,
  type WatchedTopic,
} from '../lambda/contract/subscriptions';
import { ExactLambdaInvoke } from './exact-lambda-invoke';
import { subscriptionHealthEnvironment } from './function-environment';
import { itemGrant } from './item-grant';
import { MonitorFunction } from './monitor-function';
import { ownScheduleGroup } from './own-schedule-group';
import { grantPublishThroughSns } from './secure-topic';

/** The job's entry: a fourth handler of the same code. */
export const SUBSCRIPTION_HEALTH_ENTRY = path.join(
  import.meta.dirname,
  '..',
  'lambda',
  'watchdog',
  'subscriptions-handler.ts',
);

/** What the job may do on each of the stack's topics, and nothing more: never Unsubscribe. */
export const SUBSCRIPTION_HEALTH_ACTIONS = [
  'sns:ListSubscriptionsByTopic',
  'sns:GetSubscriptionAttributes',
  'sns:Subscribe',
];
/** The reading part, granted without condition. */
export const SUBSCRIPTION_HEALTH_READ_ACTIONS = SUBSCRIPTION_HEALTH_ACTIONS.filter(
  (a) => a !== 'sns:Subscribe',
);
/** What sns:Subscribe is limited to (sns:Protocol): the template's own protocols. */
export const SUBSCRIPTION_HEALTH_PROTOCOLS = ['email', 'sms'];

export interface SubscriptionHealthProps {
  readonly stateTable: ITableV2;
  /** The operators' topic: watched, and where the job tells them. */
  readonly operatorTopic: Topic;
  /** Each group's alert topic, with its account when the group is an account's own. */
  readonly alertTopics: readonly { readonly topic: Topic; readonly account?: string }[];
  /**
   * The operators' addresses on every alert topic (their FAILING and STALE): losing one leaves
   * IT without those alerts, so it counts as an unreachable operator.
   */
  readonly operatorEmails?: readonly string[];
  /** Each account's escalation tier topics. */
  readonly escalationTopics?: readonly {
    readonly topic: Topic;
    readonly account: string;
    readonly tier: string;
  }[];
  readonly locale: Locale;
  readonly deadLetterQueue: IQueue;
  readonly logRetention: RetentionDays;
  /** The stack's reservedConcurrency (0: reserve nothing). */
  readonly reservedConcurrency: number;
}

/**
 * The e-mail and SMS subscriptions the template gives a topic, with their filter policies;
 * `operatorEmails` marks the operators' own e-mail subscriptions (on an alert topic).
 */
export function expectedSubscriptionsOf(
  topic: Topic,
  operatorEmails: readonly string[] = [],
): ExpectedSubscription[] {
  const operators = new Set(operatorEmails.map((e) => e.toLowerCase()));
  return topic.node
    .findAll()
    .filter((c): c is CfnSubscription => c instanceof CfnSubscription)
    .filter((s) => s.protocol === 'email' || s.protocol === 'sms')
    .map((s) => ({
      protocol: s.protocol as 'email' | 'sms',
      endpoint: s.endpoint ?? '',
      ...(s.filterPolicy === undefined
        ? {}
        : { filterPolicy: s.filterPolicy as Record<string, unknown> }),
      ...(s.protocol === 'email' && operators.has((s.endpoint ?? '').toLowerCase())
        ? { operator: true as const }
        : {}),
    }));
}

/**
 * Subscription health (lambda/watchdog/subscriptions-handler.ts): a function on its own hourly
 * schedule that compares each topic's subscriptions with the template's, subscribes a missing
 * address again, and tells the operators on their topic: that notice is the message of an
 * operator unreachable (no alarm, no metric). Its backstop is the dead-man switch: the job saves
 * its item only after a completed run, notice published, and the watchdog watches that item's
 * time (infra/watchdog.ts, `jobs`). Its own function, not the watchdog's:
 * the dead-man switch keeps its DynamoDB-only role and its 10-minute rhythm, and an SNS outage
 * or throttling here never stops it.
 *
 * What it may do on the topics is granted in each topic's own policy, naming its role, rather
 * than in the role's: a hundred topics' ARNs would outgrow a role's 10 KB of inline policy, and
 * a wildcard would reach topics that are not the stack's. No function of the stack is granted
 * sns:Unsubscribe anywhere.
 */
export class SubscriptionHealth extends Construct {
  readonly function: MonitorFunction;
  readonly schedule: Schedule;
  readonly scheduleGroup: ScheduleGroup;
  readonly topics: readonly WatchedTopic[];

  constructor(scope: Construct, id: string, props: SubscriptionHealthProps) {
    super(scope, id);
    this.topics = [
      {
        topicArn: props.operatorTopic.topicArn,
        audience: 'operators',
        subscriptions: expectedSubscriptionsOf(props.operatorTopic),
      },
      ...props.alertTopics.map(({ topic, account }) => ({
        topicArn: topic.topicArn,
        audience: 'alerts' as const,
        ...(account === undefined ? {} : { account }),
        subscriptions: expectedSubscriptionsOf(topic, props.operatorEmails),
      })),
      ...(props.escalationTopics ?? []).map(({ topic, account, tier }) => ({
        topicArn: topic.topicArn,
        audience: 'escalation' as const,
        account,
        tier,
        subscriptions: expectedSubscriptionsOf(topic),
      })),
    ];
    // The input, checked at synth with the job's own schema (its ARNs are tokens until deploy).
    parseSubscriptionHealthEvent({
      topics: this.topics.map((t) => ({
        ...t,
        topicArn: Token.isUnresolved(t.topicArn)
          ? 'arn:aws:sns:us-east-1:123456789012:placeholder'
          : t.topicArn,
      })),
    });

    this.function = new MonitorFunction(this, 'Function', {
      entry: SUBSCRIPTION_HEALTH_ENTRY,
      roleDescription:
        "The DEXCHANGE balance monitor's subscription health: lists and re-subscribes the stack's topics' subscriptions, tells the operators",
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      reservedConcurrency: props.reservedConcurrency > 0 ? 1 : 0,
      environment: subscriptionHealthEnvironment({
        tableName: props.stateTable.tableName,
        operatorTopicArn: props.operatorTopic.topicArn,
        locale: props.locale,
      }),
    });
    this.function.addToRolePolicy(itemGrant(props.stateTable, [SUBSCRIPTIONS_ITEM_KEY]));
    grantPublishThroughSns(props.operatorTopic, this.function);
    if (props.operatorTopic.masterKey !== undefined)
      Validations.of(this.function.role ?? this.function).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to a KMS-encrypted topic needs kms:GenerateDataKey* (as AWS documents it), on the topic key only.',
      });
    const principals = [this.function.role ?? this.function.grantPrincipal];
    for (const topic of [
      props.operatorTopic,
      ...props.alertTopics.map((t) => t.topic),
      ...(props.escalationTopics ?? []).map((t) => t.topic),
    ]) {
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'SubscriptionHealth',
          principals,
          actions: SUBSCRIPTION_HEALTH_READ_ACTIONS,
          resources: [topic.topicArn],
        }),
      );
      // Only the protocols the template subscribes: never an HTTP endpoint or a queue of
      // someone else's, whatever the job's input says.
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'SubscriptionHealthSubscribe',
          principals,
          actions: ['sns:Subscribe'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'sns:Protocol': SUBSCRIPTION_HEALTH_PROTOCOLS } },
        }),
      );
    }

    const { group, role } = ownScheduleGroup(
      this,
      "Lets EventBridge Scheduler invoke the balance monitor's subscription health",
    );
    this.scheduleGroup = group;
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleGroup: group,
      schedule: ScheduleExpression.expression(
        `rate(${SUBSCRIPTION_HEALTH_EVERY_MINUTES} minutes)`,
        TimeZone.ETC_UTC,
      ),
      description: "Compares the alert topics' subscriptions with the deploy config",
      target: new ExactLambdaInvoke(this.function, {
        role,
        // The topics and their addresses travel in the input (up to 256 KB), not the
        // environment (4 KB).
        input: ScheduleTargetInput.fromObject({ topics: this.topics }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(SUBSCRIPTION_HEALTH_EVERY_MINUTES - 1),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
