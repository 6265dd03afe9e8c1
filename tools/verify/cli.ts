import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { VerifyStopped } from './finding';
import { lambdaInvoker } from './invocations';
import { parseVerifyArgs, VERIFY_USAGE, type VerifyCliOptions } from './options';
import { exitCodeOf, formatReport } from './report';
import { verify } from './run';

/**
 * `npm run verify -- --stack NAME`: after a deploy, proves reach in the user's own account and
 * prints the fix for each thing that fails. Answers the exit code: 0 when all is well, 1 when
 * something failed, 2 when it could not run (usage, credentials, region, no such stack).
 */

export interface Output {
  write(text: string): unknown;
}

export async function runVerifyCli(
  args: readonly string[],
  stdout: Output = process.stdout,
  stderr: Output = process.stderr,
): Promise<number> {
  let options: VerifyCliOptions;
  try {
    options = parseVerifyArgs(args);
  } catch (error) {
    stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${VERIFY_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    stdout.write(`${VERIFY_USAGE}\n`);
    return 0;
  }
  const config = options.region === undefined ? {} : { region: options.region };
  const cloudformation = new CloudFormationClient(config);
  try {
    const region = await whereAndWho(cloudformation);
    const lambda = new LambdaClient(config);
    const findings = await verify(
      {
        region,
        cloudformation,
        scheduler: new SchedulerClient(config),
        sns: new SNSClient(config),
        cloudwatch: new CloudWatchClient(config),
        lambda,
        invoke: lambdaInvoker(lambda),
      },
      options,
    );
    stdout.write(formatReport(`npm run verify: stack ${options.stack} in ${region}`, findings));
    return exitCodeOf(findings);
  } catch (error) {
    stderr.write(`npm run verify could not run: ${explain(error)}\n`);
    return 2;
  }
}

/** The region and credentials, resolved before anything is asked, to name what is missing. */
async function whereAndWho(client: CloudFormationClient): Promise<string> {
  let region: string;
  try {
    region = await client.config.region();
  } catch {
    throw new VerifyStopped(
      'no AWS region: pass --region (the one you deployed to) or set AWS_REGION',
    );
  }
  try {
    await client.config.credentials();
  } catch {
    throw new VerifyStopped(
      'no AWS credentials found: sign in first (aws sso login, or aws configure), or set AWS_PROFILE to the profile you deployed with',
    );
  }
  return region;
}

function explain(error: unknown): string {
  if (error instanceof VerifyStopped) return error.message;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${message}`))
    return `AWS refused a request: ${message}. npm run verify needs read access to CloudFormation, Scheduler, SNS, CloudWatch and Lambda, lambda:InvokeFunction on the stack's functions and cloudwatch:SetAlarmState on its alarms (an administrator's credentials have all of these)`;
  if (/ExpiredToken|security token/i.test(`${name} ${message}`))
    return `your AWS credentials have expired or are invalid (${message}): sign in again (aws sso login)`;
  return `${name}: ${message}`;
}
