import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUT } from '../../infra/monitor-function';
import { itPassesCdkNagAndCfnLint } from '../support/cfn-lint';
import { DeployedTemplate } from '../support/deployed-template';
import { synthesizedOnce } from '../support/shared-synth';

/**
 * The synthesized stack, for one account and for three (test/support/shared-configs.ts):
 * template assertions, cdk-nag, cfn-lint.
 */

const one = await synthesizedOnce('stack-one-account');
const three = await synthesizedOnce('stack-three-accounts');

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
/** The metric an alarm reads: its own, or the one its metric-math expression reads. */
const metricOf = (alarm: { Properties: Record<string, unknown> }): unknown =>
  alarm.Properties.MetricName ??
  (alarm.Properties.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[] | undefined)
    ?.map((m) => m.MetricStat?.Metric.MetricName)
    .find((name) => name !== undefined);
const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Resources);

describe.each([
  ['one account', one, 1],
  ['three accounts', three, 3],
] as const)('the stack with %s', (_name, synthesized, accounts) => {
  const { template } = synthesized;

  it('has one function per account: Node 24 on arm64, source maps, sized timeout, no async retries, concurrency 1', () => {
    // The checks, the acknowledge page, the watchdog and the subscription health.
    template.resourceCountIs('AWS::Lambda::Function', accounts + 3);
    const checks = resourcesOf(template, 'AWS::Lambda::Function').filter(([, fn]) =>
      JSON.stringify(fn.Properties).includes('ACCOUNT_NAME'),
    );
    expect(checks).toHaveLength(accounts);
    for (const [, fn] of checks) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: FUNCTION_TIMEOUT.toSeconds(),
        ReservedConcurrentExecutions: 1,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) as unknown } },
        Environment: {
          Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) as unknown,
        },
      });
    }
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', accounts + 3);
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    template.resourceCountIs('AWS::Logs::LogGroup', accounts + 3);
  });

  it("has one schedule per account, the watchdog's and the subscription health's, with a retry policy and the stack's one dead-letter queue", () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', accounts + 2);
    template.allResourcesProperties('AWS::Scheduler::Schedule', {
      State: 'ENABLED',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: Match.anyValue() },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ScheduleDeadLetters'), 'Arn'] },
        },
      }),
    });
    // The dead letters' queue and the parked alerts' (infra/parked-alerts.ts).
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.allResourcesProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
  });

  it('has one state table: key "account", on-demand, point-in-time recovery, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'account', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('has two SSL-only topics: balance alerts (e-mail for everything, SMS filtered) and alarms for the operators (unfiltered e-mail)', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 2);
    template.allResourcesProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    for (const [, subscription] of resourcesOf(template, 'AWS::SNS::Subscription')) {
      const topic = JSON.stringify(subscription.Properties.TopicArn);
      if (subscription.Properties.Protocol === 'email') {
        expect(subscription.Properties.FilterPolicy).toBeUndefined();
      } else {
        expect(topic).toContain('"Alerts');
        expect(subscription.Properties.Protocol).toBe('sms');
        expect(subscription.Properties.FilterPolicyScope).toBe('MessageAttributes');
        expect(subscription.Properties.Endpoint).toMatch(/^\+\d+$/);
      }
    }
    const operator = resourcesOf(template, 'AWS::SNS::Subscription').filter(([, sub]) =>
      JSON.stringify(sub.Properties.TopicArn).includes('"OperatorAlarms'),
    );
    expect(operator.length).toBeGreaterThan(0);
    for (const [, sub] of operator) expect(sub.Properties.Protocol).toBe('email');
  });

  it('has the same alarms for one account as for many: the watchdog, alerts given up, undelivered SNS messages (and the SMS budget), all notifying the operator topic and nothing else', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    // No digest, no WhatsApp: no alarm of the dead-letter queue (test/infra/alarm-count.test.ts).
    expect(alarms).toHaveLength(4);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([
        { Ref: expect.stringMatching(/^OperatorAlarms/) as unknown },
      ]);
      expect(alarm.Properties.OKActions).toEqual([
        { Ref: expect.stringMatching(/^OperatorAlarms/) as unknown },
      ]);
      expect(alarm.Properties.AlarmName).toMatch(/^DexchangeBalanceMonitor\./);
      // No alarm is an account's own: CloudWatch bills each by the month.
      expect(JSON.stringify(alarm.Properties)).not.toContain('"account"');
    }
    const byName = (metric: string) => alarms.filter(([, a]) => metricOf(a) === metric);
    const queueOf = (alarm: { Properties: Record<string, unknown> }) =>
      JSON.stringify(alarm.Properties.Dimensions);
    // One on SQS's own count of messages sent: the parked alerts.
    const sent = byName('NumberOfMessagesSent');
    expect(sent.map(([, a]) => queueOf(a))).toEqual([expect.stringContaining('ParkedAlerts')]);
    const parked = sent[0]?.[1].Properties;
    expect(parked).toMatchObject({
      Namespace: 'AWS/SQS',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmName: expect.stringMatching(/\.(alert-given-up|alerte-abandonnee)$/) as unknown,
    });
    expect(byName('NumberOfNotificationsFailed')).toHaveLength(1);
    expect(byName('SMSMonthToDateSpentUSD')).toHaveLength(1);
    // No custom metric exists for an alarm that AWS's own can carry; an operator unreachable is
    // the subscription-health job's notice, its backstop the dead-man switch.
    expect(byName('UnreachableOperators')).toEqual([]);
    expect(byName('UndeliverableAlerts')).toEqual([]);
    expect(byName('OverdueAccounts')).toEqual([]);
    const deadMan = byName('Errors');
    expect(deadMan).toHaveLength(1);
    const props = deadMan[0]?.[1].Properties as {
      Metrics: { Expression?: string; MetricStat?: { Metric: object; Stat: string } }[];
    };
    expect(props).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmName: expect.stringMatching(/\.(no-completed-check|aucun-controle-termine)$/) as unknown,
    });
    // The watchdog fails its run when an account is overdue; Lambda sends Errors (0 or more)
    // for every period with a run, so an empty period (no run at all) counts as 1, at once
    // rather than after CloudWatch's look-back range. One metric: billed as one alarm metric.
    expect(props.Metrics.find((m) => m.Expression !== undefined)?.Expression).toMatch(
      /^FILL\(\w+, 1\)$/,
    );
    expect(props.Metrics.filter((m) => m.MetricStat !== undefined)).toHaveLength(1);
    // One overdue account is one failed run: Lambda retries none of the watchdog's runs.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^WatchdogFunction') },
      MaximumRetryAttempts: 0,
    });
    expect(props.Metrics.find((m) => m.MetricStat !== undefined)?.MetricStat).toMatchObject({
      Metric: {
        Namespace: 'AWS/Lambda',
        Dimensions: [
          {
            Name: 'FunctionName',
            Value: { Ref: expect.stringMatching(/^WatchdogFunction/) as unknown },
          },
        ],
      },
      Stat: 'Sum',
    });
  });

  it('no alarm counts a handled DEXCHANGE or secret failure: those are FAILING alerts, not alarms', () => {
    const metrics = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => metricOf(a));
    // ReadFailed is the only metric a handled failure raises; the check still completes and
    // saves (test/integration/fault-matrix.test.ts, api-outage-3h), so it is never overdue.
    expect(metrics).not.toContain('ReadFailed');
    expect(metrics).not.toContain('CheckFailed');
    expect(metrics.every((m) => typeof m === 'string')).toBe(true);
  });

  it('has no dashboard unless asked for, and saved queries (free) over every check log group', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    const queries = resourcesOf(template, 'AWS::Logs::QueryDefinition');
    expect(queries.map(([, q]) => q.Properties.Name).sort()).toEqual(
      ['balances', 'errors', 'latency', 'overdue', 'undeliverable', 'watchdog-errors'].map(
        (n) => `DexchangeBalanceMonitor/${n}`,
      ),
    );
    const balances = queries.find(
      ([, q]) => q.Properties.Name === 'DexchangeBalanceMonitor/balances',
    );
    expect(balances?.[1].Properties.LogGroupNames).toHaveLength(accounts);
    expect(String(balances?.[1].Properties.QueryString)).toContain(
      'filter message = "check completed"',
    );
  });

  it('outputs the topics and the alarm test, and per account the secret, the put-secret-value command and the test and silence commands', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toContain('AlertTopicArn');
    expect(outputs).toContain('OperatorTopicArn');
    expect(outputs).toContain('TestAlarmCommand');
    expect(outputs.filter((o) => o.endsWith('DashboardUrl'))).toEqual([]);
    for (const suffix of [
      'ApiKeySecretName',
      'PutApiKeyCommand',
      'SendTestAlertCommand',
      'SilenceCommand',
    ]) {
      expect(outputs.filter((o) => o.endsWith(suffix))).toHaveLength(accounts);
    }
    const all = template.findOutputs('*');
    const command = JSON.stringify(all[outputs.find((o) => o.endsWith('PutApiKeyCommand')) ?? '']);
    expect(command).toContain('read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value');
  });

  it('grants each function exactly its log group, its own secret, the topic, and GetItem/PutItem on the table (proved path by path in iam-simulation.test.ts)', () => {
    const policies = resourcesOf(template, 'AWS::IAM::Policy').filter(([id]) =>
      id.includes('CheckRole'),
    );
    expect(policies).toHaveLength(accounts);
    for (const [, policy] of policies) {
      const statements = (
        policy.Properties.PolicyDocument as {
          Statement: { Action: string | string[]; Resource: unknown }[];
        }
      ).Statement;
      const actions = [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
      expect(actions.filter((a) => !a.startsWith('kms:'))).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'sns:Publish',
        'sqs:SendMessage',
      ]);
      for (const statement of statements) expect(statement.Resource).not.toBe('*');
      // SendMessage on the parked alerts' queue only (never the dead letters').
      const send = statements.filter((st) => [st.Action].flat().includes('sqs:SendMessage'));
      expect(send.map((st) => JSON.stringify(st.Resource))).toEqual([
        expect.stringContaining('ParkedAlerts'),
      ]);
    }
  });

  itPassesCdkNagAndCfnLint(() => synthesized);
});

describe('configuration reaches the resources', () => {
  it('the account settings reach each function', () => {
    one.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ACCOUNT_NAME: 'Boutique Dakar',
          LOW_BALANCE_THRESHOLD: '100000',
          CRITICAL_BALANCE_THRESHOLD: '25000',
          EXPECTED_CURRENCY: 'XOF',
          ALERT_LOCALE: 'fr',
          REPEAT_ALERT_MINUTES: '360',
          STATE_TABLE_NAME: { Ref: Match.stringLikeRegexp('AlertState') },
          ALERT_TOPIC_ARN: { Ref: Match.stringLikeRegexp('Alerts') },
          DEXCHANGE_API_KEY_SECRET_ID: { Ref: Match.stringLikeRegexp('ApiKey') },
        }),
      },
    });
    three.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ACCOUNT_NAME: 'st.louis',
          ALERT_LOCALE: 'en',
          REPEAT_ALERT_MINUTES: '120',
        }),
      },
    });
  });

  it('the shared schedule and its time zone, or an account override', () => {
    one.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      ScheduleExpressionTimezone: 'Africa/Dakar',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 240 },
      }),
    });
    three.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(10 minutes)',
      ScheduleExpressionTimezone: 'Africa/Abidjan',
    });
    three.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/15 8-20 ? * MON-SAT *)',
    });
  });

  it('creates secrets, retained, except the imported one; none for the link key (an item of the state table)', () => {
    // Each account's key only: the links' key is no secret (infra/link-key.ts).
    one.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    three.template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    const apiKeys = resourcesOf(three.template, 'AWS::SecretsManager::Secret');
    expect(apiKeys.every(([id]) => /ApiKey/.test(id))).toBe(true);
    for (const [id] of apiKeys)
      expect(
        (three.template.toJSON() as { Resources: Record<string, { DeletionPolicy?: string }> })
          .Resources[id]?.DeletionPolicy,
        id,
      ).toBe('Retain');
    three.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ACCOUNT_NAME: 'Thies',
          DEXCHANGE_API_KEY_SECRET_ID: {
            'Fn::Join': [
              '',
              Match.arrayWith([Match.stringLikeRegexp(':secret:prod/thies/dexchange')]),
            ],
          },
        }),
      },
    });
  });

  it('SMS gets the chosen level and above, and FAILING with what ends it', () => {
    one.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      FilterPolicyScope: 'MessageAttributes',
      FilterPolicy: { route: ['CRITICAL', 'FAILING'] },
    });
    // 2 SMS numbers and ops@ for the alerts, ops@ again for the alarms.
    three.template.resourceCountIs('AWS::SNS::Subscription', 4);
  });

  it('encrypts both topics with a rotating KMS key when asked, and lets CloudWatch use it', () => {
    one.template.resourceCountIs('AWS::KMS::Key', 0);
    three.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    three.template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    three.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('SMS go out as Transactional with the sender ID, and the spend alarm sits at 80% of the limit', () => {
    three.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SMS_SENDER_ID: 'DEXCHANGE' }) },
    });
    three.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Statistic: 'Maximum',
      Threshold: 16,
      Dimensions: Match.absent(),
    });
    one.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 0.8,
    });
  });

  it('tells the operator, in the configured language, what is broken and what to do, within 1024 characters', () => {
    const texts = (synthesized: typeof one) => {
      const t = new DeployedTemplate(
        synthesized.template.toJSON() as { Resources: Record<string, never> },
        // A long stack name, so generated names are long too.
        'DexchangeBalanceMonitor-production-senegal-and-cote-divoire',
      );
      return t.idsOf('AWS::CloudWatch::Alarm').map((id) => String(t.prop(id, 'AlarmDescription')));
    };
    const french = texts(one);
    const english = texts(three);
    expect(french.length).toBeGreaterThanOrEqual(4);
    for (const text of french) {
      expect(text).toMatch(
        /^Ce qui (ne va pas|est menacé) : .* À faire : .*ALARM : .*\. OK : .*\.$/,
      );
      expect(text.length).toBeLessThanOrEqual(1024);
    }
    for (const text of english) {
      expect(text).toMatch(/^What is (broken|at risk): .* What to do: .*ALARM: .*\. OK: .*\.$/);
      expect(text.length).toBeLessThanOrEqual(1024);
    }
  });

  it('keeps the log retention from the config', () => {
    one.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    three.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

describe('cdk-nag itself', () => {
  it('fails a stack with an unacknowledged finding (so the checks above can fail)', () => {
    const app = new App();
    new Topic(new Stack(app, 'Bad'), 'OpenTopic');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
  });
});
