import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  type SNSClient,
  type Subscription,
} from '@aws-sdk/client-sns';
import { fail, note, ok, shellQuote, warn, type Finding } from './finding';
import type { DeclaredSubscription } from './stack';

/**
 * Each topic's subscriptions as SNS has them, against those the stack's templates declare: a
 * declared address that is gone (one click on the unsubscribe link in an SNS e-mail's footer
 * removes it, and nothing else notices), one still PendingConfirmation (it receives nothing),
 * and an e-mail confirmed without authentication (that footer link can remove it).
 */

export interface LiveSubscription {
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly state: 'confirmed' | 'pending';
  readonly arn?: string;
  /** For a confirmed one: whether unsubscribing needs AWS credentials (SNS's attribute). */
  readonly authenticated?: boolean;
  /** Its filter policy, parsed, on message attributes; undefined when it has none. */
  readonly filterPolicy?: unknown;
  /** True when its filter applies to the message body, which this tool does not judge. */
  readonly filtersBody?: boolean;
}

export async function readSubscriptions(
  sns: SNSClient,
  topicArns: readonly string[],
): Promise<LiveSubscription[]> {
  const perTopic = await Promise.all(topicArns.map((t) => listByTopic(sns, t)));
  // "Deleted": unsubscribed a moment ago, and listed for a while still.
  const listed = perTopic.flat().filter((s) => s.SubscriptionArn !== 'Deleted');
  return Promise.all(listed.map((s) => describe(sns, s)));
}

async function listByTopic(sns: SNSClient, topicArn: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }),
    );
    all.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return all;
}

async function describe(sns: SNSClient, s: Subscription): Promise<LiveSubscription> {
  const base = {
    topicArn: s.TopicArn ?? '',
    protocol: s.Protocol ?? '',
    endpoint: s.Endpoint ?? '',
  };
  // A pending subscription has no ARN yet, only this word in its place.
  if (s.SubscriptionArn === undefined || !s.SubscriptionArn.startsWith('arn:'))
    return { ...base, state: 'pending' };
  const attributes =
    (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn })))
      .Attributes ?? {};
  const policy = attributes.FilterPolicy;
  return {
    ...base,
    arn: s.SubscriptionArn,
    state: attributes.PendingConfirmation === 'true' ? 'pending' : 'confirmed',
    authenticated: attributes.ConfirmationWasAuthenticated === 'true',
    ...(policy === undefined || policy === ''
      ? {}
      : { filterPolicy: JSON.parse(policy) as unknown }),
    ...(attributes.FilterPolicyScope === 'MessageBody' ? { filtersBody: true } : {}),
  };
}

const topicName = (arn: string) => arn.split(':').pop() ?? arn;
const sameEndpoint =
  (a: { topicArn: string; protocol: string; endpoint: string }) => (b: typeof a) =>
    a.topicArn === b.topicArn && a.protocol === b.protocol && a.endpoint === b.endpoint;
/** Protocols whose subscriptions a person confirms from a link, by e-mail. */
const confirmedByLink = (protocol: string) => protocol === 'email' || protocol === 'email-json';

export function judgeSubscriptions(
  declared: readonly DeclaredSubscription[],
  live: readonly LiveSubscription[],
  region: string,
): Finding[] {
  const findings: Finding[] = [];
  const confirmStep = (endpoint: string) =>
    `then, from the confirmation e-mail AWS sends ${endpoint}: npm run confirm -- '<link from the e-mail>' (it confirms with authentication, so the e-mail's unsubscribe link cannot remove the address)`;
  for (const d of declared) {
    const where = `${d.endpoint} (${d.protocol}) on ${topicName(d.topicArn)}`;
    const subscribe = subscribeCommand(d, region);
    const found = live.find(sameEndpoint(d));
    if (found === undefined) {
      findings.push(
        fail(
          'subscriptions',
          `${where} is not subscribed (unsubscribed, or never confirmed within AWS's 3 days): it gets nothing`,
          confirmedByLink(d.protocol) ? `${subscribe}; ${confirmStep(d.endpoint)}` : subscribe,
        ),
      );
    } else if (found.state === 'pending') {
      findings.push(
        fail(
          'subscriptions',
          `${where} is PendingConfirmation: it gets nothing until confirmed`,
          `npm run confirm -- '<link from the confirmation e-mail AWS sent ${d.endpoint}>' (no e-mail? send a new one: ${subscribe})`,
        ),
      );
    } else if (confirmedByLink(d.protocol) && found.authenticated !== true) {
      findings.push(
        warn(
          'subscriptions',
          `${where} is confirmed without authentication: one click on the unsubscribe link in any of its e-mails removes it`,
          `aws sns unsubscribe --region ${region} --subscription-arn ${found.arn ?? '<arn>'}; ${subscribe}; ${confirmStep(d.endpoint)}`,
        ),
      );
    } else {
      findings.push(
        ok(
          'subscriptions',
          `${where} is confirmed${confirmedByLink(d.protocol) ? ', with authentication' : ''}`,
        ),
      );
    }
  }
  for (const l of live)
    if (!declared.some(sameEndpoint(l)))
      findings.push(
        note(
          'subscriptions',
          `${l.endpoint} (${l.protocol}) on ${topicName(l.topicArn)} is ${l.state === 'pending' ? 'PendingConfirmation' : 'subscribed'} but not declared by the stack (added by hand, or by a chat integration)`,
        ),
      );
  return findings;
}

/** The command that subscribes a declared endpoint again, with its filter policy. */
export function subscribeCommand(d: DeclaredSubscription, region: string): string {
  const attributes =
    d.filterPolicy === undefined
      ? ''
      : ` --attributes ${shellQuote(
          JSON.stringify({
            FilterPolicy: JSON.stringify(d.filterPolicy),
            FilterPolicyScope: d.filterPolicyScope ?? 'MessageAttributes',
          }),
        )}`;
  return `aws sns subscribe --region ${region} --topic-arn ${d.topicArn} --protocol ${d.protocol} --notification-endpoint ${shellQuote(d.endpoint)}${attributes}`;
}
