import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUT } from '../../infra/monitor-function';
import { findCfnLint } from '../support/moto';
import { synthesize } from '../support/synth';

const config = {
  accountName: 'Boutique Dakar',
  lowBalanceThreshold: 100000,
  criticalBalanceThreshold: 25000,
  expectedCurrency: 'XOF',
  alertEmails: ['ops@example.sn', 'finance@example.sn'],
  locale: 'fr',
};

const synthesized = synthesize(config);
const { template } = synthesized;

describe('the synthesized stack', () => {
  it('has a Node 24 arm64 function with source maps, its own log group and a timeout covering the retries', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 50,
      MemorySize: 256,
      LoggingConfig: { LogGroup: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          NODE_OPTIONS: '--enable-source-maps',
          ACCOUNT_NAME: 'Boutique Dakar',
          LOW_BALANCE_THRESHOLD: '100000',
          CRITICAL_BALANCE_THRESHOLD: '25000',
          EXPECTED_CURRENCY: 'XOF',
          ALERT_LOCALE: 'fr',
          REQUEST_TIMEOUT_MS: '5000',
          DEXCHANGE_API_KEY_SECRET_ID: { Ref: Match.stringLikeRegexp('ApiKey') },
          ALERT_TOPIC_ARN: { Ref: Match.stringLikeRegexp('Alerts') },
          STATE_TABLE_NAME: { Ref: Match.stringLikeRegexp('AlertState') },
        }),
      },
    });
    // 3 attempts of 5 s, 2 capped Retry-After waits of 10 s, 15 s for the rest.
    expect(FUNCTION_TIMEOUT.toSeconds()).toBe(50);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('has a schedule that invokes the function every 5 minutes, Dakar time', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      ScheduleExpressionTimezone: 'Africa/Dakar',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Check'), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SchedulerRole'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });
  });

  it('creates the secret with a placeholder and retains it on delete', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { SecretString: '{"apiKey":""}' },
    });
  });

  it('has the topic with an SSL-only policy and the configured e-mail subscriptions', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
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
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.sn',
    });
  });

  it('has the state table: key "account", on-demand, point-in-time recovery, retained', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'account', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'account', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('grants the function exactly its secret, its topic, and read and write on its table', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('CheckServiceRole') }] },
    });
    const statements = Object.values(policies)
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } })
            .Properties.PolicyDocument.Statement,
      )
      .map((statement) => ({ ...statement, Action: [statement.Action].flat().sort() }));
    expect(statements).toEqual([
      {
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Effect: 'Allow',
        Resource: { Ref: expect.stringMatching(/^ApiKey/) as unknown },
      },
      {
        Action: ['sns:Publish'],
        Effect: 'Allow',
        Resource: { Ref: expect.stringMatching(/^Alerts/) as unknown },
      },
      {
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AlertState/) as unknown, 'Arn'] },
      },
    ]);
  });

  it('outputs the exact command to put the key, keeping it out of shell history', () => {
    const outputs = template.findOutputs('PutApiKeyCommand');
    const value = JSON.stringify(Object.values(outputs)[0]);
    expect(value).toContain('read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value');
    expect(value).toContain('--secret-string \\"$DEXCHANGE_KEY\\"');
  });

  it('outputs the command that sends a test alert through the function', () => {
    const value = JSON.stringify(Object.values(template.findOutputs('SendTestAlertCommand'))[0]);
    expect(value).toContain('aws lambda invoke');
    expect(value).toContain(`--payload '{\\"action\\":\\"test-alert\\"}'`);
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    const report = JSON.parse(readFileSync(synthesized.validationReport, 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });

  it('cdk-nag does fail a stack with an unacknowledged finding (the check above can fail)', () => {
    const app = new App();
    new Topic(new Stack(app, 'Bad'), 'OpenTopic');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS3/);
  });

  const cfnLint = findCfnLint();
  it.skipIf(cfnLint === undefined && process.env.CI !== 'true')(
    'passes cfn-lint with no errors and no warnings',
    () => {
      expect(cfnLint, 'cfn-lint is not installed: python3 -m pip install cfn-lint').toBeDefined();
      expect(existsSync(synthesized.templatePath)).toBe(true);
      const output = execFileSync(cfnLint ?? 'cfn-lint', [synthesized.templatePath], {
        encoding: 'utf8',
      });
      expect(output).toBe('');
    },
  );
});
