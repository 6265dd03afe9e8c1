import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { subscribeQueue, uniqueName } from '../support/aws';
import { startMoto } from '../support/moto';
import { stopProcess, type Started } from '../support/processes';
import { createMonitorFixture } from '../support/monitor-fixture';
import { runVerifyCli } from '../../tools/verify/cli';
import { VerifyStopped, type Finding } from '../../tools/verify/finding';
import { exitCodeOf, formatReport } from '../../tools/verify/report';
import { verify, type VerifyDeps } from '../../tools/verify/run';

/**
 * `npm run verify` against a stack in moto. moto's CloudFormation creates topics, roles and
 * functions but no schedule, alarm or subscription, and moto runs no function without Docker.
 * So the "moto stack" is a real CloudFormation stack in moto holding the two topics, the
 * check function (its environment as the stack writes it) and a nested stack (as past 25
 * accounts) with one account's own topic; the templates also declare the SNS subscriptions
 * (which verify reads from the templates, as it does in AWS). The test then creates what
 * CloudFormation would have (the subscriptions, the schedules, the alarms) with the real
 * APIs, and the invoke step runs the real handler in-process against moto and the DEXCHANGE
 * sandbox. The file runs its own moto: a function in moto makes its state dump
 * (moto-api/data.json, which other tests read) fail for good without Docker, so it must not be
 * the shared one. What this does not cover: Lambda's own Invoke (lambdaInvoker), and what moto
 * cannot produce: PendingConfirmation, unauthenticated confirmations, the SMS sandbox
 * (test/unit/verify-subscriptions.test.ts and verify-invocations.test.ts cover those).
 */

const sharedMoto = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
const root = path.resolve(import.meta.dirname, '..', '..');
const region = 'us-east-1';

let moto: { url: string; started: Started } | undefined;
beforeAll(async () => {
  if (sharedMoto !== null) moto = await startMoto();
}, 60_000);
afterAll(() => stopProcess(moto?.started));
afterEach(() => {
  vi.unstubAllEnvs();
});

function awsClients(endpoint: string) {
  const config = {
    endpoint,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
  return {
    cloudformation: new CloudFormationClient(config),
    scheduler: new SchedulerClient(config),
    sns: new SNSClient(config),
    cloudwatch: new CloudWatchClient(config),
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
  };
}

const FINANCE_SMS_POLICY = { route: ['CRITICAL', 'FAILING', 'TEST'] };

/** The monitor's stack as moto's CloudFormation can hold it: topics, role, check function. */
function motoTemplate(account: string, nestedTemplateUrl: string) {
  return {
    Resources: {
      // Accounts past the 25th live in nested stacks: one here, with its own people.
      Accounts2: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: nestedTemplateUrl },
      },
      Alerts: { Type: 'AWS::SNS::Topic' },
      OperatorAlarms: { Type: 'AWS::SNS::Topic' },
      // Declared as the real stack declares them; moto's CloudFormation skips them, the test
      // subscribes them itself.
      FinanceEmail: {
        Type: 'AWS::SNS::Subscription',
        Properties: {
          TopicArn: { Ref: 'Alerts' },
          Protocol: 'email',
          Endpoint: 'finance@example.com',
        },
      },
      FinanceSms: {
        Type: 'AWS::SNS::Subscription',
        Properties: {
          TopicArn: { Ref: 'Alerts' },
          Protocol: 'sms',
          Endpoint: '+221770000001',
          FilterPolicy: FINANCE_SMS_POLICY,
          FilterPolicyScope: 'MessageAttributes',
        },
      },
      ItEmail: {
        Type: 'AWS::SNS::Subscription',
        Properties: {
          TopicArn: { Ref: 'OperatorAlarms' },
          Protocol: 'email',
          Endpoint: 'it@example.com',
        },
      },
      CheckRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'lambda.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          },
        },
      },
      Check: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: { 'Fn::GetAtt': ['CheckRole', 'Arn'] },
          Code: { ZipFile: 'exports.handler = async () => ({})' },
          Environment: {
            Variables: {
              ACCOUNT_NAME: account,
              ALERT_TOPIC_ARN: { Ref: 'Alerts' },
              DEXCHANGE_API_KEY_SECRET_ID: 'dexchange-key-boutique-dakar',
              CHANNELS: '[]',
            },
          },
        },
      },
    },
    Outputs: {
      AlertTopicArn: { Value: { Ref: 'Alerts' } },
      OperatorTopicArn: { Value: { Ref: 'OperatorAlarms' } },
      CheckFunctionArn: { Value: { 'Fn::GetAtt': ['Check', 'Arn'] } },
    },
  };
}

/** A nested stack's template: an account's own alert topic and the address it declares. */
const NESTED_TEMPLATE = {
  Resources: {
    ThiesAlerts: { Type: 'AWS::SNS::Topic' },
    ThiesCaisse: {
      Type: 'AWS::SNS::Subscription',
      Properties: {
        TopicArn: { Ref: 'ThiesAlerts' },
        Protocol: 'email',
        Endpoint: 'caisse@thies.sn',
      },
    },
  },
};

/** Puts the nested template in moto's S3 (path-style; moto checks no signature). */
async function uploadNestedTemplate(endpoint: string): Promise<string> {
  const bucket = uniqueName('templates');
  for (const [url, body] of [
    [`${endpoint}/${bucket}`, undefined],
    [`${endpoint}/${bucket}/accounts2.json`, JSON.stringify(NESTED_TEMPLATE)],
  ] as const) {
    const response = await fetch(url, { method: 'PUT', ...(body === undefined ? {} : { body }) });
    if (!response.ok) throw new Error(`moto S3 PUT ${url}: ${response.status}`);
  }
  return `https://s3.amazonaws.com/${bucket}/accounts2.json`;
}

/**
 * A deployed monitor in moto whose finance e-mail was unsubscribed (one click in an e-mail's
 * footer) and whose check schedule was disabled; its digest schedule is still enabled.
 */
async function brokenMotoStack(endpoint: string) {
  const aws = awsClients(endpoint);
  const stack = uniqueName('verify');
  await aws.cloudformation.send(
    new CreateStackCommand({
      StackName: stack,
      TemplateBody: JSON.stringify(
        motoTemplate('Boutique Dakar', await uploadNestedTemplate(endpoint)),
      ),
    }),
  );
  const { Stacks } = await aws.cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
  const output = (key: string) =>
    Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === key)?.OutputValue ?? '';
  const alertTopic = output('AlertTopicArn');
  const operatorTopic = output('OperatorTopicArn');
  const functionArn = output('CheckFunctionArn');

  // What CloudFormation would have subscribed, then the finance address's one click.
  const subscribe = async (TopicArn: string, Protocol: string, Endpoint: string, policy?: object) =>
    (
      await aws.sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol,
          Endpoint,
          ReturnSubscriptionArn: true,
          ...(policy === undefined
            ? {}
            : {
                Attributes: {
                  FilterPolicy: JSON.stringify(policy),
                  FilterPolicyScope: 'MessageAttributes',
                },
              }),
        }),
      )
    ).SubscriptionArn ?? '';
  const finance = await subscribe(alertTopic, 'email', 'finance@example.com');
  await subscribe(alertTopic, 'sms', '+221770000001', FINANCE_SMS_POLICY);
  await subscribe(operatorTopic, 'email', 'it@example.com');
  await aws.sns.send(new UnsubscribeCommand({ SubscriptionArn: finance }));
  // The nested stack's address, subscribed to its topic as CloudFormation would have.
  const nested = (
    await aws.cloudformation.send(new ListStackResourcesCommand({ StackName: stack }))
  ).StackResourceSummaries?.find((r) => r.LogicalResourceId === 'Accounts2')?.PhysicalResourceId;
  const thiesTopic = (
    await aws.cloudformation.send(new ListStackResourcesCommand({ StackName: nested }))
  ).StackResourceSummaries?.find((r) => r.LogicalResourceId === 'ThiesAlerts')?.PhysicalResourceId;
  await subscribe(thiesTopic ?? '', 'email', 'caisse@thies.sn');

  // The account's schedule group, its check schedule disabled, its digest still enabled.
  const group = uniqueName('verify-group');
  await aws.scheduler.send(new CreateScheduleGroupCommand({ Name: group }));
  const target = {
    Arn: functionArn,
    RoleArn: 'arn:aws:iam::123456789012:role/verify-scheduler',
    RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 240 },
  };
  const schedule = (Name: string, ScheduleExpression: string, State: 'ENABLED' | 'DISABLED') =>
    aws.scheduler.send(
      new CreateScheduleCommand({
        Name,
        GroupName: group,
        ScheduleExpression,
        ScheduleExpressionTimezone: 'Africa/Dakar',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State,
        Target: target,
      }),
    );
  await schedule('check', 'rate(5 minutes)', 'DISABLED');
  await schedule('digest', 'cron(0 8 * * ? *)', 'ENABLED');

  // The dead-man switch, as the stack's alarms are: ALARM and OK to the operator topic.
  const alarm = uniqueName('verify-dead-man');
  await aws.cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarm,
      // The stack's reads the watchdog's Lambda Errors (infra/monitor-alarms.ts).
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'verify-watchdog' }],
      Statistic: 'Sum',
      Period: 1800,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [operatorTopic],
      OKActions: [operatorTopic],
    }),
  );
  // Two more: one already in ALARM (a real problem: left alone), one whose actions are off.
  const firing = uniqueName('verify-firing');
  const muted = uniqueName('verify-muted');
  for (const [AlarmName, ActionsEnabled] of [
    [firing, true],
    [muted, false],
  ] as const)
    await aws.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName,
        ActionsEnabled,
        // As the alert-given-up alarm: the parked-alerts queue's count of messages sent.
        Namespace: 'AWS/SQS',
        MetricName: 'NumberOfMessagesSent',
        Dimensions: [{ Name: 'QueueName', Value: 'verify-parked-alerts' }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [operatorTopic],
      }),
    );
  await aws.cloudwatch.send(
    new SetAlarmStateCommand({ AlarmName: firing, StateValue: 'ALARM', StateReason: 'parked' }),
  );
  return { aws, stack, alertTopic, operatorTopic, group, alarm, firing, muted };
}

/** The SetAlarmState calls a client sends, recorded on their way to moto. */
function recordAlarmStates(cloudwatch: CloudWatchClient): string[] {
  const sent: string[] = [];
  cloudwatch.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SetAlarmStateCommand') {
        const input = args.input as { AlarmName: string; StateValue: string };
        sent.push(`${input.AlarmName}=${input.StateValue}`);
      }
      return next(args);
    },
    { step: 'initialize' },
  );
  return sent;
}

const find = (findings: readonly Finding[], pattern: RegExp) => {
  const found = findings.filter((f) => pattern.test(f.what));
  if (found.length !== 1)
    throw new Error(
      `expected one finding like ${pattern.source}, got:\n${formatReport('', findings)}`,
    );
  return found[0] as Finding;
};

describe.skipIf(sharedMoto === null)('npm run verify against a moto stack', () => {
  it('reports the removed subscription and the disabled schedule with their fixes, sends the test alert, pages the operators, runs a check; the fixes clear it', async () => {
    const endpoint = moto?.url ?? '';
    const broken = await brokenMotoStack(endpoint);
    const monitor = await createMonitorFixture(endpoint, sandboxUrl, {
      account: { balances: [250_000] },
      env: { ALERT_TOPIC_ARN: broken.alertTopic },
    });
    const invoked: string[] = [];
    const deps: VerifyDeps = {
      region,
      ...broken.aws,
      invoke: async (functionName, event) => {
        invoked.push(`${functionName} ${JSON.stringify(event)}`);
        const { result } = await monitor.invoke(event);
        return result.status === 'fulfilled'
          ? { payload: result.value }
          : { payload: undefined, error: String(result.reason) };
      },
    };
    const setStates = recordAlarmStates(broken.aws.cloudwatch);
    // An inbox on the alert topic, as any subscriber: it receives what SNS delivers.
    const inbox = await subscribeQueue(endpoint, broken.alertTopic, null);

    const alarmState = async () =>
      (await broken.aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [broken.alarm] })))
        .MetricAlarms?.[0]?.StateValue;
    const before = await alarmState();

    const findings = await verify(deps, { stack: broken.stack, alarms: true, invoke: true });

    const schedule = find(findings, /schedule .*\/check /);
    expect(schedule).toMatchObject({ section: 'schedules', outcome: 'fail' });
    expect(schedule.what).toMatch(/is DISABLED: this account is never checked/);
    expect(schedule.fix).toMatch(
      /^aws scheduler update-schedule --region us-east-1 --cli-input-json '/,
    );
    expect(find(findings, /schedule .*\/digest /).outcome).toBe('ok');

    const removed = find(findings, /finance@example\.com \(email\)/);
    expect(removed).toMatchObject({ section: 'subscriptions', outcome: 'fail' });
    expect(removed.what).toMatch(/is not subscribed .*: it gets nothing/);
    expect(removed.fix).toContain(
      `aws sns subscribe --region us-east-1 --topic-arn ${broken.alertTopic} --protocol email --notification-endpoint finance@example.com`,
    );
    expect(removed.fix).toContain("npm run confirm -- '<link from the e-mail>'");
    expect(find(findings, /\+221770000001 \(sms\)/).outcome).toBe('ok');
    expect(find(findings, /it@example\.com \(email\)/).outcome).toBe('ok');
    // Read from the nested stack's own resources and template.
    expect(find(findings, /caisse@thies\.sn \(email\)/).outcome).toBe('ok');

    // The test alert went out through the real handler, and is said to reach the SMS only.
    const test = find(findings, /TEST sent/);
    expect(test.outcome).toBe('ok');
    expect(test.what).toMatch(
      /should now have it: \+221770000001 \(SMS\), arn:\S+:inbox-\S+ \(sqs\)$/,
    );
    const received = await broken.aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: inbox, MaxNumberOfMessages: 10 }),
    );
    const severities = (received.Messages ?? []).map(
      (m) =>
        (JSON.parse(m.Body ?? '{}') as { MessageAttributes?: { severity?: { Value: string } } })
          .MessageAttributes?.severity?.Value,
    );
    expect(severities).toEqual(['TEST']);

    // The alarm: to ALARM, then back to where it was; the operator named.
    expect(setStates).toEqual([`${broken.alarm}=ALARM`, `${broken.alarm}=${before}`]);
    const alarm = find(findings, new RegExp(`alarm ${broken.alarm}`));
    expect(alarm).toMatchObject({ section: 'alarms', outcome: 'ok' });
    expect(alarm.what).toMatch(/: it@example\.com should now have the alarm and its OK$/);
    expect(await alarmState()).toBe(before);
    const firing = find(findings, new RegExp(`alarm ${broken.firing}`));
    expect(firing).toMatchObject({ outcome: 'fail' });
    expect(firing.what).toMatch(/is in ALARM already \(parked\): left as it is/);
    const muted = find(findings, new RegExp(`alarm ${broken.muted}`));
    expect(muted).toMatchObject({ outcome: 'fail' });
    expect(muted.fix).toBe(
      `aws cloudwatch enable-alarm-actions --region us-east-1 --alarm-names ${broken.muted}`,
    );

    expect(find(findings, /account Boutique Dakar: OK, balance 250000 XOF/).outcome).toBe('ok');
    expect(invoked.map((i) => i.split(' ')[1])).toEqual(['{"action":"test-alert"}', '{}']);
    expect(exitCodeOf(findings)).toBe(1);

    // The same through the command itself (no invocation: moto has no Lambda runtime).
    const cli = await runCli(
      ['--stack', broken.stack, '--region', region, '--no-invoke', '--no-alarms'],
      {
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      },
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/FAIL {2}schedule .*\/check .* is DISABLED/);
    expect(cli.stdout).toMatch(/FAIL {2}finance@example\.com \(email\) on .* is not subscribed/);
    expect(cli.stdout).toMatch(/fix: aws scheduler update-schedule/);
    expect(cli.stdout).toMatch(/fix: aws sns subscribe/);
    expect(cli.stdout).toMatch(/2 failed, 0 warning\(s\)/);

    // The fixes as printed: the schedule's JSON is a whole UpdateSchedule request; then the
    // address subscribed again. The next verify finds nothing to fix.
    const json = /--cli-input-json '(.*)'$/.exec(schedule.fix ?? '')?.[1] ?? '';
    await broken.aws.scheduler.send(
      new UpdateScheduleCommand(JSON.parse(json) as UpdateScheduleCommandInput),
    );
    await broken.aws.sns.send(
      new SubscribeCommand({
        TopicArn: broken.alertTopic,
        Protocol: 'email',
        Endpoint: 'finance@example.com',
      }),
    );
    const fixed = await verify(deps, { stack: broken.stack, alarms: false, invoke: false });
    expect(fixed.filter((f) => f.outcome === 'fail')).toEqual([]);
    expect(find(fixed, /schedule .*\/check /).what).toMatch(
      /rate\(5 minutes\) Africa\/Dakar\) is ENABLED/,
    );
    expect(exitCodeOf(fixed)).toBe(0);
  });

  it('stops with a clear error when the stack does not exist', async () => {
    const aws = awsClients(moto?.url ?? '');
    const missing = verify(
      { region, ...aws, invoke: () => Promise.reject(new Error('not called')) },
      { stack: 'NoSuchMonitor', alarms: true, invoke: true },
    );
    await expect(missing).rejects.toThrow(VerifyStopped);
    await expect(missing).rejects.toThrow(
      /stack NoSuchMonitor was not found in us-east-1: deploy it first \(npx cdk deploy\), or name the stack with --stack/,
    );
  });

  it('stops with exit code 2 and says how to sign in when there are no credentials', async () => {
    for (const name of Object.keys(process.env))
      if (name.startsWith('AWS_')) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_CONFIG_FILE', path.join(root, 'no-such-aws-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(root, 'no-such-aws-credentials'));
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runVerifyCli(
      ['--stack', 'DexchangeBalanceMonitor', '--region', region],
      { write: (t: string) => out.push(t) },
      { write: (t: string) => err.push(t) },
    );
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/no AWS credentials found: sign in first \(aws sso login/);
    expect(out).toEqual([]);
  });
});

/** Runs `npm run verify` (its script, without npm's banner) with only these AWS variables. */
async function runCli(args: string[], aws: Record<string, string>) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'tools/verify.ts'), ...args],
      {
        cwd: root,
        env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...aws },
        timeout: 30_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
