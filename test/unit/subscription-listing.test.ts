import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { mapAtMost } from '../../lambda/watchdog/at-most';
import { TOPICS_AT_ONCE, listEveryTopic } from '../../lambda/watchdog/sns-subscriptions';

/**
 * The subscription-health job lists its topics a few at a time: with a hundred topics, all at
 * once would meet SNS's per-account rate limits, and a failed job raises the dead-man switch.
 * SNS is a stub here (moto has no rate limit to meet): it counts the calls in flight.
 */

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

/** Lets the other calls start before this one ends, as a network call would. */
const yieldTurns = async (turns: number) => {
  for (let i = 0; i < turns; i++) await Promise.resolve();
};

describe("the subscription-health job's listing", () => {
  it(`lists 100 topics with at most ${TOPICS_AT_ONCE} calls in flight, each topic once, every subscription found`, async () => {
    let inFlight = 0;
    let most = 0;
    const track = async <R>(answer: R): Promise<R> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await yieldTurns(20);
      inFlight--;
      return answer;
    };
    sns.on(ListSubscriptionsByTopicCommand).callsFake((input: { TopicArn: string }) =>
      track({
        Subscriptions: [
          {
            SubscriptionArn: `${input.TopicArn}:0f1e2d3c`,
            Protocol: 'email',
            Endpoint: `ops@${input.TopicArn.split(':').at(-1) ?? ''}.sn`,
          },
        ],
      }),
    );
    sns
      .on(GetSubscriptionAttributesCommand)
      .callsFake(() => track({ Attributes: { PendingConfirmation: 'false' } }));
    const arns = Array.from(
      { length: 100 },
      (_, i) => `arn:aws:sns:eu-west-3:111111111111:alerts-${i}`,
    );

    const found = await listEveryTopic(new SNSClient({ region: 'eu-west-3' }), arns);

    expect(most).toBe(TOPICS_AT_ONCE);
    expect(TOPICS_AT_ONCE).toBe(5);
    expect(sns.commandCalls(ListSubscriptionsByTopicCommand)).toHaveLength(100);
    expect([...found.keys()]).toEqual(arns);
    expect(found.get(arns[42] ?? '')).toEqual([
      { protocol: 'email', endpoint: 'ops@alerts-42.sn', pending: false },
    ]);
  });

  it('keeps the order of its items, runs each once, and takes a limit above their number', async () => {
    const seen: number[] = [];
    const doubled = await mapAtMost([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      seen.push(n);
      await yieldTurns(7 - n);
      return n * 2;
    });
    expect(doubled).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await mapAtMost(['a'], 5, (s) => Promise.resolve(s.toUpperCase()))).toEqual(['A']);
    expect(await mapAtMost([], 5, (s: string) => Promise.resolve(s))).toEqual([]);
  });

  it('takes no more items once one fails: no call outlives the failed run', async () => {
    const started: number[] = [];
    const run = mapAtMost([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2, async (n) => {
      started.push(n);
      await yieldTurns(1);
      if (n === 2) throw new Error('Rate exceeded');
      return n;
    });
    await expect(run).rejects.toThrow('Rate exceeded');
    // Let any worker still running take what it would.
    await yieldTurns(50);
    // 1 and 2 at once; 2 fails; at most the one the other worker took as 1 ended.
    expect(started.length).toBeLessThanOrEqual(3);
  });

  it('fails when a topic cannot be listed (the job then fails, and the dead-man switch says so)', async () => {
    sns.on(ListSubscriptionsByTopicCommand).rejects(new Error('Rate exceeded'));
    await expect(
      listEveryTopic(new SNSClient({ region: 'eu-west-3' }), ['arn:aws:sns:eu-west-3:1:a']),
    ).rejects.toThrow('Rate exceeded');
  });
});
