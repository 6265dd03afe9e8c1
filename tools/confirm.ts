import { ConfirmSubscriptionCommand, SNSClient } from '@aws-sdk/client-sns';
import { pathToFileURL } from 'node:url';
import { parseConfirmationLink } from './confirm-link';

/**
 * `npm run confirm -- '<link from the confirmation e-mail>'`: confirms an SNS subscription
 * with AuthenticateOnUnsubscribe=true, using the caller's own AWS credentials. Confirmed so,
 * the unsubscribe link at the foot of every e-mail can no longer remove the address (a click
 * or a mail scanner following it gets an error); only someone with AWS credentials can. A
 * click on the e-mail's link confirms without that.
 */

export const CONFIRM_USAGE = `Usage: npm run confirm -- '<the "Confirm subscription" link of the e-mail>'

Confirms the subscription so that only someone with AWS credentials can remove it. Needs AWS
credentials of the account the stack runs in (AWS_PROFILE, aws configure, aws sso login).
Do not click the link in the e-mail: forward the e-mail, copy the link, and run this.`;

/** What one confirmation says, and its exit code; `text` is printed as is. */
export interface ConfirmOutcome {
  readonly code: 0 | 1 | 2;
  readonly text: string;
}

/** The SDK's error, as a fix the user can make. */
function explain(error: unknown, topicArn: string, region: string): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /credential/i.test(message))
    return `No AWS credentials: npm run confirm calls SNS as you, so it needs AWS credentials of the account the stack runs in. Set AWS_PROFILE, or run "aws configure" (or "aws sso login"), then run it again.`;
  if (name === 'AuthorizationErrorException' || name === 'AuthorizationError')
    return `Your AWS credentials may not confirm subscriptions to ${topicArn} (sns:ConfirmSubscription): use credentials of the stack's account with that permission. SNS said: ${message}`;
  if (name === 'NotFoundException' || name === 'NotFound')
    return `The topic ${topicArn} does not exist in ${region}: was the stack destroyed, or is this link from another stack? SNS said: ${message}`;
  if (name === 'InvalidParameterException' || name === 'InvalidParameter')
    return `SNS refused the token: the link has expired (it lasts a few days) or was already used. The monitor subscribes a dropped address again within the hour, which sends a new e-mail; use its link. SNS said: ${message}`;
  return `SNS could not confirm (${name === '' ? 'error' : name}): ${message}`;
}

export async function confirm(args: readonly string[]): Promise<ConfirmOutcome> {
  const [link, ...rest] = args;
  if (link === undefined || link === '--help' || link === '-h' || rest.length > 0)
    return {
      code: link === '--help' || link === '-h' ? 0 : 2,
      text:
        rest.length > 0
          ? `One link only (got ${args.length} arguments: put the link in single quotes, or the shell cuts it at each &).\n\n${CONFIRM_USAGE}`
          : CONFIRM_USAGE,
    };
  let parsed;
  try {
    parsed = parseConfirmationLink(link);
  } catch (error) {
    return { code: 2, text: (error as Error).message };
  }
  const sns = new SNSClient({ region: parsed.region });
  try {
    const answer = await sns.send(
      new ConfirmSubscriptionCommand({
        TopicArn: parsed.topicArn,
        Token: parsed.token,
        AuthenticateOnUnsubscribe: 'true',
      }),
    );
    return {
      code: 0,
      text: `Confirmed: ${answer.SubscriptionArn ?? parsed.topicArn}\nThe unsubscribe link at the foot of the e-mails can no longer remove this address; only someone with AWS credentials can.`,
    };
  } catch (error) {
    return { code: 1, text: explain(error, parsed.topicArn, parsed.region) };
  } finally {
    sns.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outcome = await confirm(process.argv.slice(2));
  (outcome.code === 0 ? console.log : console.error)(outcome.text);
  process.exitCode = outcome.code;
}
