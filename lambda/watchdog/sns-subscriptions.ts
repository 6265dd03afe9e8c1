import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  SNSClient,
  SubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import type { ExpectedSubscription } from '../contract/subscriptions';
import { mapAtMost } from './at-most';
import type { FoundSubscription } from './subscription-health';

/**
 * The job's reading of SNS and its one change: list a topic's subscriptions with their state,
 * and subscribe an address again with its filter policy. It never unsubscribes anyone (its role
 * may not), and it calls the attributes of confirmed subscriptions only: a pending one's ARN is
 * "PendingConfirmation" (or, from Subscribe's ReturnSubscriptionArn, an ARN whose
 * PendingConfirmation attribute says so).
 */

/** What SNS lists in place of the ARN of a subscription awaiting confirmation. */
const PENDING = 'PendingConfirmation';
/** What it lists for one being removed: as good as missing. */
const DELETED = 'Deleted';

export async function listSubscriptions(
  sns: SNSClient,
  topicArn: string,
): Promise<FoundSubscription[]> {
  const listed: Subscription[] = [];
  let next: string | undefined;
  do {
    const page = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: next }),
    );
    listed.push(...(page.Subscriptions ?? []));
    next = page.NextToken;
  } while (next !== undefined && next !== '');
  const found: FoundSubscription[] = [];
  for (const s of listed) {
    const arn = s.SubscriptionArn ?? '';
    const base = { protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' };
    if (arn === DELETED) continue;
    if (arn === PENDING) {
      found.push({ ...base, pending: true });
      continue;
    }
    if (base.protocol !== 'email' && base.protocol !== 'email-json') {
      found.push({ ...base, pending: false });
      continue;
    }
    try {
      const { Attributes: a = {} } = await sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }),
      );
      const pending = a.PendingConfirmation === 'true';
      found.push({
        ...base,
        pending,
        ...(pending || a.ConfirmationWasAuthenticated === undefined
          ? {}
          : { authenticated: a.ConfirmationWasAuthenticated === 'true' }),
      });
    } catch (error) {
      // Removed between the listing and this call: as good as missing.
      if (error instanceof NotFoundException) continue;
      throw error;
    }
  }
  return found;
}

/**
 * Topics listed at once: SNS limits the rate of ListSubscriptionsByTopic and
 * GetSubscriptionAttributes per account, and the SDK's retries of a throttled call have their
 * end; with a hundred topics, five at a time keeps the run well under them (and under its
 * timeout: each topic is one or two calls).
 */
export const TOPICS_AT_ONCE = 5;

/** Every topic's subscriptions, by topic ARN, TOPICS_AT_ONCE topics at a time. */
export async function listEveryTopic(
  sns: SNSClient,
  topicArns: readonly string[],
): Promise<Map<string, FoundSubscription[]>> {
  const listed = await mapAtMost(
    topicArns,
    TOPICS_AT_ONCE,
    async (arn) => [arn, await listSubscriptions(sns, arn)] as const,
  );
  return new Map(listed);
}

/** Subscribes the address again as the template did; AWS sends an e-mail a new confirmation. */
export async function subscribeAgain(
  sns: SNSClient,
  topicArn: string,
  expected: ExpectedSubscription,
): Promise<void> {
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: expected.protocol,
      Endpoint: expected.endpoint,
      ...(expected.filterPolicy === undefined
        ? {}
        : {
            Attributes: {
              FilterPolicy: JSON.stringify(expected.filterPolicy),
              FilterPolicyScope: 'MessageAttributes',
            },
          }),
    }),
  );
}
