import {
  Duration,
  RemovalPolicy,
  SecretValue,
  Stack,
  TimeZone,
  Validations,
  type CfnElement,
} from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './metric-names';
import { MonitorFunction } from './monitor-function';
import { rateMinutes } from './schedule-expression';

export interface BalanceMonitorProps {
  /** Label in messages, metrics and resource names; the state table's key. */
  readonly accountName: string;
  /** Alert below this amount. */
  readonly lowBalanceThreshold: number;
  /**
   * A second, louder level below the low one.
   * @default - none
   */
  readonly criticalBalanceThreshold?: number;
  /**
   * A balance in another currency fails the check.
   * @default 'XOF'
   */
  readonly expectedCurrency?: string;
  /**
   * Name of an existing secret holding the API key.
   * @default - a new secret, created empty and retained
   */
  readonly existingSecretName?: string;
  /** Where alerts go. */
  readonly topic: ITopic;
  /** Where alert state lives (partition key `account`). */
  readonly stateTable: ITableV2;
  /**
   * When the check runs.
   * @default 'rate(5 minutes)'
   */
  readonly scheduleExpression?: string;
  /**
   * The schedule's time zone (matters for cron expressions).
   * @default 'Africa/Dakar'
   */
  readonly timeZone?: string;
  /** @default 'fr' */
  readonly locale?: 'en' | 'fr';
  /** @default 360 */
  readonly repeatAlertMinutes?: number;
  /**
   * FORECAST when the balance is due to cross LOW within this many minutes; 0 turns it off.
   * @default 240
   */
  readonly forecastHorizonMinutes?: number;
  /** @default - the production API, https://api-m.dexchange.sn */
  readonly apiUrl?: string;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** @default 1 */
  readonly reservedConcurrency?: number;
}

/**
 * Everything one DEXCHANGE account needs: its secret, its function, its schedule (with a retry
 * policy and a dead-letter queue) and grants scoped to exactly these, the topic and its item in
 * the state table.
 */
export class BalanceMonitor extends Construct {
  readonly accountName: string;
  readonly lowBalanceThreshold: number;
  readonly criticalBalanceThreshold: number | undefined;
  readonly secret: ISecret;
  readonly function: MonitorFunction;
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;
  readonly scheduleExpression: string;

  constructor(scope: Construct, id: string, props: BalanceMonitorProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.accountName = props.accountName;
    this.lowBalanceThreshold = props.lowBalanceThreshold;
    this.criticalBalanceThreshold = props.criticalBalanceThreshold;
    this.scheduleExpression = props.scheduleExpression ?? 'rate(5 minutes)';

    if (props.existingSecretName === undefined) {
      // Created with an empty placeholder so the function fails with "put the key" rather than
      // calling the API with a random password; retained, since only the operator has the key.
      const secret = new Secret(this, 'ApiKey', {
        description: `DEXCHANGE API key for account ${props.accountName}: a plain string or {"apiKey": "..."}`,
        secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ apiKey: '' })),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The DEXCHANGE API key is issued by the provider; AWS cannot rotate it, the operator replaces it.',
      });
      this.secret = secret;
    } else {
      this.secret = Secret.fromSecretNameV2(this, 'ApiKey', props.existingSecretName);
    }

    this.function = new MonitorFunction(this, 'Check', {
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      reservedConcurrency: props.reservedConcurrency ?? 1,
      environment: {
        DEXCHANGE_API_KEY_SECRET_ID: this.secret.secretArn,
        ALERT_TOPIC_ARN: props.topic.topicArn,
        STATE_TABLE_NAME: props.stateTable.tableName,
        ACCOUNT_NAME: props.accountName,
        LOW_BALANCE_THRESHOLD: String(props.lowBalanceThreshold),
        EXPECTED_CURRENCY: props.expectedCurrency ?? 'XOF',
        ALERT_LOCALE: props.locale ?? 'fr',
        REPEAT_ALERT_MINUTES: String(props.repeatAlertMinutes ?? 360),
        FORECAST_HORIZON_MINUTES: String(props.forecastHorizonMinutes ?? 240),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        ...(props.criticalBalanceThreshold === undefined
          ? {}
          : { CRITICAL_BALANCE_THRESHOLD: String(props.criticalBalanceThreshold) }),
        ...(props.apiUrl === undefined ? {} : { DEXCHANGE_API_URL: props.apiUrl }),
      },
    });
    this.secret.grantRead(this.function);
    props.topic.grantPublish(this.function);
    // Exactly what a check does: one strongly consistent read, conditional puts.
    props.stateTable.grant(this.function, 'dynamodb:GetItem', 'dynamodb:PutItem');
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "The AWS-managed basic execution role only lets the function write its own log group's streams.",
    });
    if (props.topic.masterKey !== undefined) {
      Validations.of(this.function).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to a KMS-encrypted topic needs kms:GenerateDataKey* (as AWS documents it), on the topic key only.',
      });
    }
    if (props.existingSecretName !== undefined) {
      Validations.of(this.function).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${props.existingSecretName}-??????]`,
        reason:
          'An imported secret is named, not known by ARN: Secrets Manager adds 6 random characters, matched by ??????.',
      });
    }

    this.deadLetterQueue = new Queue(this, 'ScheduleDeadLetters', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the schedule's dead-letter queue; it needs none of its own.",
    });

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `Lets EventBridge Scheduler invoke the balance check of ${props.accountName}`,
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        "CDK's LambdaInvoke target also grants the function's own versions and aliases (ARN:*), nothing else.",
    });
    const interval = rateMinutes(this.scheduleExpression);
    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(
        this.scheduleExpression,
        TimeZone.of(props.timeZone ?? 'Africa/Dakar'),
      ),
      description: `Balance check for DEXCHANGE account ${props.accountName}`,
      target: new LambdaInvoke(this.function, {
        role: schedulerRole,
        // If Lambda cannot take the invocation (throttled, service error), retry it, but not
        // past the next run: a late check is worth nothing once the next one is due.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(Math.max(1, Math.min((interval ?? 5) - 1, 60))),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }

  /** A metric the function emits, for this account. */
  metric(name: (typeof METRIC)[keyof typeof METRIC], options: MetricOptions = {}): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: SERVICE_NAME, account: this.accountName },
      ...options,
    });
  }
}
