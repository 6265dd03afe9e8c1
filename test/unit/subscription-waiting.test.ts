import { describe, expect, it } from 'vitest';
import type { WatchedTopic } from '../../lambda/contract/subscriptions';
import {
  EMPTY_MEMORY,
  judgeSubscriptions,
  type FoundSubscription,
} from '../../lambda/watchdog/subscription-health';

/**
 * Issue 20: the subscription-health job counts, per topic, the addresses that receive nothing
 * yet (unconfirmed for over a day, or removed and subscribed again, until confirmed), for the
 * checks' digest. Counts only.
 */

const OPS = 'arn:aws:sns:eu-west-3:123456789012:Operators';
const ALERTS = 'arn:aws:sns:eu-west-3:123456789012:Alerts';
const topics: WatchedTopic[] = [
  {
    topicArn: OPS,
    audience: 'operators',
    subscriptions: [{ protocol: 'email', endpoint: 'it@example.com' }],
  },
  {
    topicArn: ALERTS,
    audience: 'alerts',
    account: 'Thies',
    subscriptions: [
      { protocol: 'email', endpoint: 'finance@example.com' },
      { protocol: 'email', endpoint: 'dg@example.com' },
      { protocol: 'sms', endpoint: '+221770000001' },
    ],
  },
];
const t0 = new Date('2026-12-01T08:00:00Z');
const hoursLater = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const sub = (endpoint: string, pending = false): FoundSubscription => ({
  protocol: endpoint.startsWith('+') ? 'sms' : 'email',
  endpoint,
  pending,
  ...(pending ? {} : { authenticated: false }),
});
const allThere = new Map([
  [OPS, [sub('it@example.com')]],
  [ALERTS, [sub('finance@example.com'), sub('dg@example.com'), sub('+221770000001')]],
]);

describe("the digest's count of addresses receiving nothing yet", () => {
  it('is empty when every address is confirmed', () => {
    expect(judgeSubscriptions(topics, allThere, EMPTY_MEMORY, t0).waitingByTopic).toEqual({});
  });

  it('counts an address unconfirmed only once it has waited more than a day', () => {
    const waiting = new Map([
      ...allThere,
      [ALERTS, [sub('finance@example.com', true), sub('dg@example.com'), sub('+221770000001')]],
    ]);
    const first = judgeSubscriptions(topics, waiting, EMPTY_MEMORY, t0);
    expect(first.waitingByTopic).toEqual({});
    const day = judgeSubscriptions(topics, waiting, first.memory, hoursLater(24));
    expect(day.waitingByTopic).toEqual({});
    const past = judgeSubscriptions(topics, waiting, day.memory, hoursLater(25));
    expect(past.waitingByTopic).toEqual({ [ALERTS]: 1 });
    expect(
      judgeSubscriptions(topics, allThere, past.memory, hoursLater(26)).waitingByTopic,
    ).toEqual({});
  });

  it('counts an address removed, from its resubscription until it is confirmed, per topic', () => {
    const removed = new Map([
      [OPS, []],
      [ALERTS, [sub('dg@example.com')]],
    ]);
    const gone = judgeSubscriptions(topics, removed, EMPTY_MEMORY, t0);
    // The operator's e-mail, finance's e-mail and the SMS number, each on its topic.
    expect(gone.waitingByTopic).toEqual({ [OPS]: 1, [ALERTS]: 2 });
    // An hour later: both e-mails wait for their new confirmation; the SMS number needs none.
    const resubscribed = new Map([
      [OPS, [sub('it@example.com', true)]],
      [ALERTS, [sub('finance@example.com', true), sub('dg@example.com'), sub('+221770000001')]],
    ]);
    const hour = judgeSubscriptions(topics, resubscribed, gone.memory, hoursLater(1));
    expect(hour.waitingByTopic).toEqual({ [OPS]: 1, [ALERTS]: 1 });
    const later = judgeSubscriptions(topics, resubscribed, hour.memory, hoursLater(30));
    expect(later.waitingByTopic).toEqual({ [OPS]: 1, [ALERTS]: 1 });
    const confirmed = judgeSubscriptions(topics, allThere, later.memory, hoursLater(31));
    expect(confirmed.waitingByTopic).toEqual({});
    expect(confirmed.memory.resubscribed).toEqual([]);
  });
});
