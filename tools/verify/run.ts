import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SNSClient } from '@aws-sdk/client-sns';
import { exerciseAlarms } from './alarms';
import { fail, note, ok, type Finding } from './finding';
import { describeFunctions } from './functions';
import { runChecks, sendTestAlerts, type Invoke } from './invocations';
import { checkSchedules } from './schedules';
import { checkSmsSandbox } from './sms-sandbox';
import { readStack } from './stack';
import { judgeSubscriptions, readSubscriptions } from './subscriptions';

/**
 * `npm run verify`: what a deployed stack can reach, in the order a person would check it (the
 * schedules, who is subscribed, a test alert, the alarms, one real check), as findings.
 */

export interface VerifyDeps {
  readonly region: string;
  readonly cloudformation: CloudFormationClient;
  readonly scheduler: SchedulerClient;
  readonly sns: SNSClient;
  readonly cloudwatch: CloudWatchClient;
  readonly lambda: LambdaClient;
  readonly invoke: Invoke;
}

export interface VerifyOptions {
  readonly stack: string;
  /** Set each alarm to ALARM and back (the operators receive each). */
  readonly alarms: boolean;
  /** Invoke the functions: the test alert and one check. */
  readonly invoke: boolean;
}

export async function verify(deps: VerifyDeps, options: VerifyOptions): Promise<Finding[]> {
  const { region } = deps;
  const stack = await readStack(deps.cloudformation, options.stack, region);
  const findings: Finding[] = [];
  findings.push(
    /(COMPLETE|IN_PROGRESS)$/.test(stack.status) && !/ROLLBACK|DELETE/.test(stack.status)
      ? ok('stack', `${stack.name}: ${stack.status}`)
      : fail(
          'stack',
          `${stack.name}: ${stack.status}`,
          `see why: aws cloudformation describe-stack-events --region ${region} --stack-name ${stack.name} --max-items 20`,
        ),
  );
  const functions = await describeFunctions(deps.lambda, stack.functionNames);
  const checks = functions.filter((f) => f.check !== undefined);
  if (checks.length === 0)
    findings.push(
      fail(
        'stack',
        `${stack.name} has no balance check function: is it the monitor's stack?`,
        "name the monitor's stack with --stack (its default name is DexchangeBalanceMonitor)",
      ),
    );
  findings.push(
    ...(await checkSchedules(deps.scheduler, functions, { region, stack: stack.name })),
  );
  const live = await readSubscriptions(deps.sns, stack.topicArns);
  findings.push(...judgeSubscriptions(stack.subscriptions, live, region));
  findings.push(...(await checkSmsSandbox(deps.sns, live, region)));
  if (options.invoke)
    findings.push(...(await sendTestAlerts(deps.invoke, functions, live, region)));
  else findings.push(note('test alert', 'not sent (--no-invoke)'));
  if (options.alarms)
    findings.push(...(await exerciseAlarms(deps.cloudwatch, stack.topicArns, live, region)));
  else findings.push(note('alarms', 'not set to ALARM (--no-alarms)'));
  if (options.invoke) findings.push(...(await runChecks(deps.invoke, functions, region)));
  else findings.push(note('check', 'not run (--no-invoke)'));
  return findings;
}
