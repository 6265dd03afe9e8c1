import { TOPIC_ARN_PATTERN } from '../lambda/contract/settings';

/**
 * The link of SNS's confirmation e-mail ("Confirm subscription"), read into what
 * ConfirmSubscription takes: https://sns.REGION.amazonaws.com/confirmation.html?TopicArn=...
 * &Token=...&Endpoint=... (older e-mails: /?Action=ConfirmSubscription&TopicArn=...&Token=...).
 * The region is the host's, and must be the topic's.
 */

export interface ConfirmationLink {
  readonly region: string;
  readonly topicArn: string;
  readonly token: string;
}

const HOST = /^sns\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const EXPECTED =
  'the whole "Confirm subscription" link of the e-mail, in single quotes: npm run confirm -- \'https://sns.REGION.amazonaws.com/...?TopicArn=...&Token=...\'';

/** The link's parts, or an Error that says what is wrong with it. */
export function parseConfirmationLink(text: string): ConfirmationLink {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`That is not a link. Give ${EXPECTED}.`);
  }
  const host = HOST.exec(url.hostname);
  if (url.protocol !== 'https:' || host === null)
    throw new Error(
      `That link is not SNS's (its host is ${url.hostname}, not sns.REGION.amazonaws.com). Give ${EXPECTED}.`,
    );
  if (/unsubscribe/i.test(url.pathname) || url.searchParams.has('SubscriptionArn'))
    throw new Error(
      'That is the unsubscribe link (it removes the address): use the "Confirm subscription" link of the confirmation e-mail.',
    );
  const action = url.searchParams.get('Action');
  if (action !== null && action !== 'ConfirmSubscription')
    throw new Error(
      `That SNS link is for ${action}, not a confirmation: use the "Confirm subscription" link of the e-mail, not its unsubscribe link.`,
    );
  const topicArn = url.searchParams.get('TopicArn') ?? '';
  if (!TOPIC_ARN_PATTERN.test(topicArn))
    throw new Error(
      `The link has no valid TopicArn (got "${topicArn}"): it was cut. Give ${EXPECTED}.`,
    );
  const token = url.searchParams.get('Token') ?? '';
  if (!/^[0-9a-f]{16,}$/i.test(token))
    throw new Error(`The link has no valid Token: it was cut. Give ${EXPECTED}.`);
  const region = host[1] ?? '';
  const topicRegion = topicArn.split(':')[3];
  if (topicRegion !== region)
    throw new Error(
      `The link's host is in ${region} but its topic in ${topicRegion ?? '?'}: it was altered. Give ${EXPECTED}.`,
    );
  return { region, topicArn, token };
}
