import * as z from './zod';
import { formatIssues, requiredString } from './env-rules';
import { TOPIC_ARN_PATTERN } from './settings';
import { LOCALES } from './severities';

/**
 * What the stack and the subscription-health job share: the list of the subscriptions each of
 * the stack's topics should have (the schedule's input, built from the deploy config), the
 * job's environment, its own item in the state table, and what it finds, for the texts.
 */

/** The job's own item in the state table; account names cannot contain '#'. */
export const SUBSCRIPTIONS_ITEM_KEY = '#subscriptions';

/**
 * The attribute of that item the checks read for their digest: per topic ARN, how many of its
 * addresses receive nothing yet (unconfirmed for over a day, or removed and subscribed again).
 * Counts only, topics with none left out; the job rewrites it every run.
 */
export const WAITING_BY_TOPIC_ATTRIBUTE = 'waitingByTopic';
// This file's schemas are built at their first parse (z.lazy), not when the module loads: the
// checks read them only for a digest (schemas built at load cost a cold start, BENCHMARKS.md).
export const waitingByTopicSchema = z.lazy(() =>
  z.record(z.string(), z.number().check(z.int(), z.positive())),
);
export type WaitingByTopic = z.infer<typeof waitingByTopicSchema>;

/** An address still unconfirmed after this long is reported (AWS drops it after a few days). */
export const PENDING_REPORT_AFTER_MINUTES = 24 * 60;

/** How often the job looks. */
export const SUBSCRIPTION_HEALTH_EVERY_MINUTES = 60;

const topicArn = z
  .string()
  .check(z.regex(TOPIC_ARN_PATTERN, { error: 'must be an SNS topic ARN' }));

/** One subscription the template creates: its protocol, endpoint and filter policy, if any. */
export const expectedSubscriptionSchema = z.lazy(() =>
  z.strictObject({
    protocol: z.enum(['email', 'sms']),
    endpoint: z.string().check(z.minLength(1)),
    /** The template's FilterPolicy (scope MessageAttributes), restored with the subscription. */
    filterPolicy: z.optional(z.record(z.string(), z.unknown())),
    /** An operator's address on an alert topic: IT's copy of FAILING and STALE there. */
    operator: z.optional(z.literal(true)),
  }),
);
export type ExpectedSubscription = z.infer<typeof expectedSubscriptionSchema>;

export const watchedTopicSchema = z.lazy(() =>
  z.strictObject({
    topicArn,
    /** Whose topic: the operators' (the alarms), a group of alert recipients, or an account's escalation tier. */
    audience: z.enum(['operators', 'alerts', 'escalation']),
    /** An account's own recipients (or tiers): its name; absent for the stack's lists (every account). */
    account: z.optional(z.string().check(z.minLength(1))),
    /** An escalation tier's name (audience 'escalation'). */
    tier: z.optional(z.string().check(z.minLength(1))),
    subscriptions: z.array(expectedSubscriptionSchema),
  }),
);
export type WatchedTopic = z.infer<typeof watchedTopicSchema>;

/**
 * The schedule's input: every topic with what it should have. In the input (up to 256 KB),
 * not the environment: a hundred accounts with their own people would not fit Lambda's 4 KB.
 */
export const subscriptionHealthEventSchema = z.lazy(() =>
  z.object({
    topics: z.array(watchedTopicSchema).check(z.minLength(1)),
  }),
);
export type SubscriptionHealthEvent = z.infer<typeof subscriptionHealthEventSchema>;

export const subscriptionHealthEnvironmentSchema = z.lazy(() =>
  z.object({
    STATE_TABLE_NAME: requiredString(),
    /** Where the job tells the operators (its own publish, not through any alert topic). */
    OPERATOR_TOPIC_ARN: requiredString().check(
      z.regex(TOPIC_ARN_PATTERN, {
        error: 'must be the ARN of the operator topic (arn:aws:sns:REGION:ACCOUNT:NAME)',
      }),
    ),
    ALERT_LOCALE: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }),
  }),
);
export type SubscriptionHealthEnvironment = z.infer<typeof subscriptionHealthEnvironmentSchema>;

/** Parses the job's input, with a message naming the field and what the input holds. */
export function parseSubscriptionHealthEvent(event: unknown): SubscriptionHealthEvent {
  const parsed = subscriptionHealthEventSchema.safeParse(event);
  if (!parsed.success)
    throw new Error(
      `Invalid event: ${formatIssues(parsed.error.issues)} (the schedule's input lists {"topics": [{"topicArn", "audience", "account"?, "tier"?, "subscriptions": [{"protocol", "endpoint", "filterPolicy"?, "operator"?}]}]})`,
    );
  return parsed.data;
}

/** One address, on one topic, as the texts name it. */
export interface AddressOnTopic {
  readonly protocol: 'email' | 'sms';
  readonly endpoint: string;
  readonly audience: 'operators' | 'alerts' | 'escalation';
  /** Whose alerts, for an account's own recipients or tiers. */
  readonly account?: string;
  /** The escalation tier, for audience 'escalation'. */
  readonly tier?: string;
  /** An operator's copy of FAILING and STALE on an alert topic. */
  readonly operator?: true;
}

/** How the texts name one expected subscription of a watched topic. */
export function addressOnTopic(
  topic: WatchedTopic,
  expected: ExpectedSubscription,
): AddressOnTopic {
  return {
    protocol: expected.protocol,
    endpoint: expected.endpoint,
    audience: topic.audience,
    ...(topic.account === undefined ? {} : { account: topic.account }),
    ...(topic.tier === undefined ? {} : { tier: topic.tier }),
    ...(expected.operator === true ? { operator: true as const } : {}),
  };
}

/** An address whose loss leaves IT without something: the operators' topic, or their copy on an alert topic. */
export const isOperatorAddress = (topic: WatchedTopic, expected: ExpectedSubscription) =>
  topic.audience === 'operators' || expected.operator === true;

/** What one run found, for the operators' message. */
export interface ReachFindings {
  /** No longer subscribed: subscribed again (a new confirmation went out for an e-mail). */
  readonly resubscribed: readonly AddressOnTopic[];
  /** Subscribing again failed: the address stays without alerts. */
  readonly resubscribeFailed: readonly AddressOnTopic[];
  /** Unconfirmed for more than a day, with how long in hours. */
  readonly pending: readonly (AddressOnTopic & { readonly hours: number })[];
  /** Confirmed by a click: the footer's link can remove it. */
  readonly unauthenticated: readonly AddressOnTopic[];
}
