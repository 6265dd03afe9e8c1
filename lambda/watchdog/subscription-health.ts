/**
 * Subscription health, the pure part: the subscriptions each topic should have (from the
 * template), the ones SNS lists, and what the job remembers, give what to subscribe again and
 * what to tell the operators. The caller reads SNS, the clock and the job's item.
 */

import * as z from '../contract/zod';
import {
  PENDING_REPORT_AFTER_MINUTES,
  addressOnTopic,
  isOperatorAddress,
  type AddressOnTopic,
  type ExpectedSubscription,
  type WaitingByTopic,
  type WatchedTopic,
} from '../contract/subscriptions';

/** A subscription as SNS shows it (ListSubscriptionsByTopic, then its attributes). */
export interface FoundSubscription {
  readonly protocol: string;
  readonly endpoint: string;
  readonly pending: boolean;
  /** ConfirmationWasAuthenticated; undefined where SNS does not say (SMS, pending). */
  readonly authenticated?: boolean;
}

/**
 * What the job keeps between runs (its item in the state table): when it first saw each address
 * unconfirmed (SNS keeps no such time), which were reported pending, and which unauthenticated
 * confirmations it reported already (said once), and which e-mails it subscribed again that are
 * not confirmed yet (for the digest's count). Keyed by `addressKey`.
 */
export const reachMemorySchema = z.object({
  pendingSince: z._default(z.record(z.string(), z.iso.datetime()), {}),
  pendingReported: z._default(z.array(z.string()), []),
  unauthenticatedReported: z._default(z.array(z.string()), []),
  resubscribed: z._default(z.array(z.string()), []),
});
export type ReachMemory = z.infer<typeof reachMemorySchema>;

export const EMPTY_MEMORY: ReachMemory = {
  pendingSince: {},
  pendingReported: [],
  unauthenticatedReported: [],
  resubscribed: [],
};

/** One address on one topic. */
export const addressKey = (topicArn: string, s: { protocol: string; endpoint: string }) =>
  `${topicArn} ${s.protocol}:${s.endpoint}`;

/** SNS compares e-mail addresses without case; a number is compared as written. */
const sameEndpoint = (a: { protocol: string; endpoint: string }, b: ExpectedSubscription) =>
  a.protocol === b.protocol &&
  (b.protocol === 'email'
    ? a.endpoint.toLowerCase() === b.endpoint.toLowerCase()
    : a.endpoint === b.endpoint);

export interface Judgement {
  /** Configured and not on the topic: to subscribe again, with the template's filter policy. */
  readonly missing: readonly {
    readonly topic: WatchedTopic;
    readonly expected: ExpectedSubscription;
  }[];
  /** Unconfirmed for more than a day and not reported yet. */
  readonly pending: readonly (AddressOnTopic & { readonly hours: number })[];
  /** Confirmed without authentication, not reported yet. */
  readonly unauthenticated: readonly AddressOnTopic[];
  /**
   * Operator addresses that cannot be reached now: missing, or unconfirmed for more than a day
   * (reported or not), on the operators' topic or as their copy of FAILING and STALE on an
   * alert topic. Logged with each run (the message says which; no metric, no alarm of its own).
   */
  readonly unreachableOperators: number;
  /**
   * Per topic, its addresses that receive nothing yet: missing (subscribed again now), subscribed
   * again and still unconfirmed, or unconfirmed for more than a day. The digests' count.
   */
  readonly waitingByTopic: WaitingByTopic;
  /** What to remember, assuming every missing address is subscribed again now. */
  readonly memory: ReachMemory;
}

export function judgeSubscriptions(
  topics: readonly WatchedTopic[],
  found: ReadonlyMap<string, readonly FoundSubscription[]>,
  memory: ReachMemory,
  now: Date,
): Judgement {
  const missing: { topic: WatchedTopic; expected: ExpectedSubscription }[] = [];
  const pending: (AddressOnTopic & { hours: number })[] = [];
  const unauthenticated: AddressOnTopic[] = [];
  const next: ReachMemory = {
    pendingSince: {},
    pendingReported: [],
    unauthenticatedReported: [],
    resubscribed: [],
  };
  let unreachableOperators = 0;
  const waitingByTopic: Record<string, number> = {};
  const waiting = (topicArn: string) => {
    waitingByTopic[topicArn] = (waitingByTopic[topicArn] ?? 0) + 1;
  };
  for (const topic of topics) {
    const listed = found.get(topic.topicArn) ?? [];
    for (const expected of topic.subscriptions) {
      const key = addressKey(topic.topicArn, expected);
      const address = addressOnTopic(topic, expected);
      const subscription = listed.find((s) => sameEndpoint(s, expected));
      if (subscription === undefined) {
        // Subscribed again now: unconfirmed (an e-mail) from now on.
        missing.push({ topic, expected });
        if (isOperatorAddress(topic, expected)) unreachableOperators += 1;
        waiting(topic.topicArn);
        if (expected.protocol === 'email') {
          next.pendingSince[key] = now.toISOString();
          next.resubscribed.push(key);
        }
        continue;
      }
      if (subscription.pending) {
        const since = memory.pendingSince[key] ?? now.toISOString();
        next.pendingSince[key] = since;
        const minutes = (now.getTime() - Date.parse(since)) / 60_000;
        const resubscribed = memory.resubscribed.includes(key);
        if (resubscribed) next.resubscribed.push(key);
        if (resubscribed || minutes > PENDING_REPORT_AFTER_MINUTES) waiting(topic.topicArn);
        if (minutes > PENDING_REPORT_AFTER_MINUTES) {
          if (isOperatorAddress(topic, expected)) unreachableOperators += 1;
          next.pendingReported.push(key);
          if (!memory.pendingReported.includes(key))
            pending.push({ ...address, hours: Math.floor(minutes / 60) });
        }
        continue;
      }
      if (subscription.authenticated === false && expected.protocol === 'email') {
        next.unauthenticatedReported.push(key);
        if (!memory.unauthenticatedReported.includes(key)) unauthenticated.push(address);
      }
    }
  }
  return {
    missing,
    pending,
    unauthenticated,
    unreachableOperators,
    waitingByTopic,
    memory: next,
  };
}
