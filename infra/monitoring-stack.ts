import {
  CfnElement,
  CfnOutput,
  RemovalPolicy,
  SecretValue,
  Stack,
  TimeZone,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import { ScheduleExpression, Schedule } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { MonitorFunction } from './monitor-function';

export interface MonitoringStackProps extends StackProps {
  readonly config: DeployConfig;
}

/** The whole monitor: the key's secret, the alert topic, the function and its schedule. */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly secret: Secret;
  readonly function: MonitorFunction;
  readonly stateTable: TableV2;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;

    // Created with an empty placeholder so the function fails with "put the key" rather than
    // calling the API with a random password; retained, since only the operator has the key.
    this.secret = new Secret(this, 'ApiKey', {
      description: `DEXCHANGE API key for account ${config.accountName}: a plain string or {"apiKey": "..."}`,
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ apiKey: '' })),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The DEXCHANGE API key is issued by the provider; it cannot be rotated by a Lambda here.',
    });

    this.topic = new Topic(this, 'Alerts', {
      displayName: 'DEXCHANGE balance',
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alerts carry a balance and an account label, no secret; KMS encryption becomes a config option later.',
    });
    for (const email of config.alertEmails)
      this.topic.addSubscription(new EmailSubscription(email));

    // Alert state: one small item per account. Retained: losing it would re-send open alerts.
    this.stateTable = new TableV2(this, 'AlertState', {
      partitionKey: { name: 'account', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.function = new MonitorFunction(this, 'Check', {
      logRetention: config.logRetentionDays,
      environment: {
        DEXCHANGE_API_KEY_SECRET_ID: this.secret.secretArn,
        ALERT_TOPIC_ARN: this.topic.topicArn,
        STATE_TABLE_NAME: this.stateTable.tableName,
        ACCOUNT_NAME: config.accountName,
        LOW_BALANCE_THRESHOLD: String(config.lowBalanceThreshold),
        ALERT_LOCALE: config.locale,
        ...(config.criticalBalanceThreshold === undefined
          ? {}
          : { CRITICAL_BALANCE_THRESHOLD: String(config.criticalBalanceThreshold) }),
        ...(config.expectedCurrency === undefined
          ? {}
          : { EXPECTED_CURRENCY: config.expectedCurrency }),
        ...(config.apiUrl === undefined ? {} : { DEXCHANGE_API_URL: config.apiUrl }),
      },
    });
    this.secret.grantRead(this.function);
    this.topic.grantPublish(this.function);
    // Exactly what a check does: one strongly consistent read, conditional puts.
    this.stateTable.grant(this.function, 'dynamodb:GetItem', 'dynamodb:PutItem');
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "The AWS-managed basic execution role only allows writing the function's own logs.",
    });

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the balance check',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        "CDK's LambdaInvoke target also grants the function's own versions and aliases (ARN:*), nothing else.",
    });
    new Schedule(this, 'Every', {
      schedule: ScheduleExpression.expression(config.schedule, TimeZone.of('Africa/Dakar')),
      target: new LambdaInvoke(this.function, { retryAttempts: 0, role: schedulerRole }),
      description: `Balance check for DEXCHANGE account ${config.accountName}`,
    });

    new CfnOutput(this, 'AlertTopicArn', { value: this.topic.topicArn });
    new CfnOutput(this, 'SendTestAlertCommand', {
      description: 'Publishes a TEST alert through the real path, to check the subscriptions',
      value: `aws lambda invoke --region ${this.region} --function-name ${this.function.functionName} --cli-binary-format raw-in-base64-out --payload '{"action":"test-alert"}' /dev/stdout`,
    });
    new CfnOutput(this, 'ApiKeySecretName', { value: this.secret.secretName });
    new CfnOutput(this, 'PutApiKeyCommand', {
      description:
        'Run this, paste the DEXCHANGE API key and press Enter (the key stays out of shell history)',
      value: `read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value --region ${this.region} --secret-id ${this.secret.secretName} --secret-string "$DEXCHANGE_KEY" && unset DEXCHANGE_KEY`,
    });
  }
}
