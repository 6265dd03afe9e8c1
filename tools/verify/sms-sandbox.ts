import {
  GetSMSSandboxAccountStatusCommand,
  ListSMSSandboxPhoneNumbersCommand,
  type SMSSandboxPhoneNumber,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { fail, note, ok, type Finding } from './finding';
import type { LiveSubscription } from './subscriptions';

/**
 * A new AWS account sends SMS only to the numbers verified in its SMS sandbox: to any other
 * number, SNS takes the publish and nothing arrives. So each SMS subscriber's number is looked
 * up while the account is in the sandbox.
 */

export async function checkSmsSandbox(
  sns: SNSClient,
  live: readonly LiveSubscription[],
  region: string,
): Promise<Finding[]> {
  const numbers = [...new Set(live.filter((s) => s.protocol === 'sms').map((s) => s.endpoint))];
  if (numbers.length === 0) return [];
  let verified: Set<string>;
  try {
    const { IsInSandbox } = await sns.send(new GetSMSSandboxAccountStatusCommand({}));
    if (IsInSandbox !== true)
      return [ok('subscriptions', 'SMS: the account is out of the SMS sandbox')];
    verified = new Set(
      (await sandboxNumbers(sns)).flatMap((n) =>
        n.Status === 'Verified' && n.PhoneNumber !== undefined ? [n.PhoneNumber] : [],
      ),
    );
  } catch (error) {
    return [
      note(
        'subscriptions',
        `SMS: could not read the SMS sandbox (${error instanceof Error ? error.name : String(error)}): if the account is in it, only verified numbers receive SMS`,
      ),
    ];
  }
  return numbers.map((number) =>
    verified.has(number)
      ? ok('subscriptions', `SMS: ${number} is verified in the SMS sandbox`)
      : fail(
          'subscriptions',
          `SMS: the account is in the SMS sandbox and ${number} is not verified there: it receives no SMS`,
          `aws sns create-sms-sandbox-phone-number --region ${region} --phone-number ${number}, then with the code it receives: aws sns verify-sms-sandbox-phone-number --region ${region} --phone-number ${number} --one-time-password CODE (or ask AWS to move the account out of the SMS sandbox)`,
        ),
  );
}

async function sandboxNumbers(sns: SNSClient): Promise<SMSSandboxPhoneNumber[]> {
  const all: SMSSandboxPhoneNumber[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSMSSandboxPhoneNumbersCommand({ NextToken }));
    all.push(...(page.PhoneNumbers ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return all;
}
