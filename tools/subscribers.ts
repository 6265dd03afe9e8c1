import type { SNSClient } from '@aws-sdk/client-sns';
import { listSubscriptions } from '../lambda/watchdog/sns-subscriptions';
import type { FoundSubscription } from '../lambda/watchdog/subscription-health';

/**
 * `npm start --topic-arn ARN`'s status of who can be reached on that topic: each subscription,
 * and for an e-mail address its confirmation (waiting, or confirmed by a click, which the
 * footer's unsubscribe link can undo), with the fix. The subscription-health job says the same
 * to the operators once an address has waited a day.
 */
export function describeSubscribers(found: readonly FoundSubscription[]): string[] {
  if (found.length === 0)
    return ['Reach:    nobody is subscribed to this topic: its alerts reach no one'];
  const waiting = found.filter((s) => s.pending).length;
  const clicked = found.filter((s) => s.authenticated === false).length;
  const width = Math.max(...found.map((s) => s.endpoint.length));
  const state = (s: FoundSubscription) => {
    if (s.pending)
      return "WAITING for confirmation: nothing reaches it; npm run confirm -- '<the link of its confirmation e-mail>'";
    if (s.authenticated === false)
      return 'confirmed by a click: the unsubscribe link of any e-mail removes it (docs/deploy.md, "Who can still be reached")';
    return s.protocol === 'email' ? 'confirmed' : s.protocol;
  };
  return [
    `Reach:    ${found.length} subscribed${waiting === 0 ? '' : `, ${waiting} waiting for confirmation`}${clicked === 0 ? '' : `, ${clicked} confirmed by a click`}`,
    ...found.map((s) => `          ${s.endpoint.padEnd(width)}  ${state(s)}`),
  ];
}

/** The topic's subscribers as lines to print; a listing refused is said, not thrown. */
export async function subscribersStatus(sns: SNSClient, topicArn: string): Promise<string[]> {
  try {
    return describeSubscribers(await listSubscriptions(sns, topicArn));
  } catch (error) {
    return [
      `Reach:    could not list the topic's subscriptions (${error instanceof Error ? error.message : String(error)}); needs sns:ListSubscriptionsByTopic`,
    ];
  }
}
