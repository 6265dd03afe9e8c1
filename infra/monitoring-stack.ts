import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { BalanceMonitor } from './balance-monitor';
import { accountSlug, type DeployConfig } from './config';
import { MonitorAlarms } from './monitor-alarms';
import { MonitorDashboard } from './monitor-dashboard';

export interface MonitoringStackProps extends StackProps {
  readonly config: DeployConfig;
}

/** "boutique-dakar" -> "BoutiqueDakar": output ids are alphanumeric. */
const pascal = (slug: string) =>
  slug.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * The whole monitor: one alert topic with its subscriptions, one state table, and for each
 * DEXCHANGE account a BalanceMonitor with its alarms and its dashboard.
 */
export class MonitoringStack extends Stack {
  readonly topic: Topic;
  readonly stateTable: TableV2;
  readonly monitors: readonly BalanceMonitor[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.topic = this.createTopic(config);
    this.subscribe(config);

    // Alert state: one small item per account. Retained: losing it would re-send open alerts.
    this.stateTable = new TableV2(this, 'AlertState', {
      partitionKey: { name: 'account', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const alarmAction = new SnsAction(this.topic);
    this.monitors = config.accounts.map((account) => {
      const slug = accountSlug(account.name);
      const id = pascal(slug);
      const monitor = new BalanceMonitor(this, id, {
        accountName: account.name,
        lowBalanceThreshold: account.lowBalanceThreshold,
        ...(account.criticalBalanceThreshold === undefined
          ? {}
          : { criticalBalanceThreshold: account.criticalBalanceThreshold }),
        expectedCurrency: account.expectedCurrency,
        ...(account.existingSecretName === undefined
          ? {}
          : { existingSecretName: account.existingSecretName }),
        topic: this.topic,
        stateTable: this.stateTable,
        scheduleExpression: account.schedule ?? config.schedule.expression,
        timeZone: config.schedule.timezone,
        locale: config.locale,
        repeatAlertMinutes: config.repeatAlertMinutes,
        forecastHorizonMinutes: config.forecastHorizonMinutes,
        ...(config.apiUrl === undefined ? {} : { apiUrl: config.apiUrl }),
        logRetention: config.logRetentionDays,
        reservedConcurrency: config.reservedConcurrency,
      });
      new MonitorAlarms(this, `${id}Alarms`, {
        monitor,
        action: alarmAction,
        ...(config.deadManSwitchMinutes === undefined
          ? {}
          : { deadManSwitchMinutes: config.deadManSwitchMinutes }),
      });
      const dashboardName = `dexchange-balance-${slug}`.slice(0, 255);
      new MonitorDashboard(this, `${id}Dashboard`, { monitor, dashboardName });

      new CfnOutput(this, `${id}ApiKeySecretName`, {
        description: `Secret holding the DEXCHANGE API key of ${account.name}`,
        value: monitor.secret.secretName,
      });
      new CfnOutput(this, `${id}PutApiKeyCommand`, {
        description: `Run it, paste the API key of ${account.name}, press Enter (the key stays out of shell history)`,
        value: `read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value --region ${this.region} --secret-id ${monitor.secret.secretName} --secret-string "$DEXCHANGE_KEY" && unset DEXCHANGE_KEY`,
      });
      new CfnOutput(this, `${id}SendTestAlertCommand`, {
        description: `Publishes a TEST alert for ${account.name} through the real path`,
        value: `aws lambda invoke --region ${this.region} --function-name ${monitor.function.functionName} --cli-binary-format raw-in-base64-out --payload '{"action":"test-alert"}' /dev/stdout`,
      });
      new CfnOutput(this, `${id}DashboardUrl`, {
        description: `CloudWatch dashboard of ${account.name}`,
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${dashboardName}`,
      });
      return monitor;
    });

    new CfnOutput(this, 'AlertTopicArn', {
      description: 'SNS topic for the alerts',
      value: this.topic.topicArn,
    });
  }

  private createTopic(config: DeployConfig): Topic {
    if (config.topicEncryption === 'kms') {
      const key = new Key(this, 'AlertsKey', {
        description: 'Encrypts the DEXCHANGE balance alerts at rest',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // CloudWatch alarms publish to the topic, so they must be able to use its key.
      key.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
      return new Topic(this, 'Alerts', {
        displayName: 'DEXCHANGE balance',
        enforceSSL: true,
        masterKey: key,
      });
    }
    const topic = new Topic(this, 'Alerts', { displayName: 'DEXCHANGE balance', enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alerts carry a balance and an account label, no secret; set topicEncryption to "kms" to encrypt them at rest.',
    });
    return topic;
  }

  private subscribe(config: DeployConfig): void {
    // E-mail gets every severity, and the CloudWatch alarms (which carry no attributes).
    for (const email of config.alertEmails)
      this.topic.addSubscription(new EmailSubscription(email));

    // SMS gets the chosen severities, and the reminders of those. SNS's `$or` is not in the L2
    // filter policy, so the policy is set on the CloudFormation resource.
    const reminded = config.smsSeverities.filter((s) => ['LOW', 'CRITICAL', 'FAILING'].includes(s));
    const filterPolicy = {
      $or: [
        { severity: [...config.smsSeverities] },
        ...(reminded.length === 0 ? [] : [{ severity: ['REMINDER'], remindsOf: reminded }]),
      ],
    };
    for (const [index, number] of config.smsNumbers.entries()) {
      const subscription = new SmsSubscription(number);
      this.topic.addSubscription(subscription);
      const cfn = this.topic.node
        .findAll()
        .find((c): c is CfnSubscription => c instanceof CfnSubscription && c.endpoint === number);
      if (cfn === undefined) throw new Error(`no subscription resource for SMS number ${index}`);
      cfn.filterPolicy = filterPolicy;
      cfn.filterPolicyScope = 'MessageAttributes';
    }
  }
}
