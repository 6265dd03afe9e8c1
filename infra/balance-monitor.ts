import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { grantParking } from './parked-alerts';
import { Duration, RemovalPolicy, SecretValue, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ChannelSpec } from '../lambda/contract/channels';
import { SUBSCRIPTIONS_ITEM_KEY } from '../lambda/contract/subscriptions';
import type { Route } from './routing';
import { asciiName } from '../lambda/contract/account-name';
import { accountSlug } from './config';
import { itemGrant } from './item-grant';
import { linkKeyGrant } from './link-key';
import { grantPublishThroughSns } from './secure-topic';
import { ExactLambdaInvoke } from './exact-lambda-invoke';
import { ownScheduleGroup } from './own-schedule-group';
import { functionEnvironment, type AlertSettings } from './function-environment';
import { MonitorFunction } from './monitor-function';
import { rateMinutes } from './schedule-expression';
import { DEFAULT_TIME_ZONE } from '../lambda/contract/time-zone';
import type { EscalationConfig } from './config/escalation-schema';
import { EscalationTiers } from './escalation-tiers';

/** A morning digest's schedule: its local time (HH:MM), and the queue of its lost runs. */
export interface DigestSchedule {
  readonly at: string;
  readonly deadLetterQueue: IQueue;
}

/** An account's alert settings (as its function's environment carries them), and its resources. */
export interface BalanceMonitorProps extends AlertSettings {
  /**
   * Name of an existing secret holding the API key.
   * @default - a new secret, created empty and retained
   */
  readonly existingSecretName?: string;
  /**
   * The customer-managed KMS key that encrypts the existing secret; the function may decrypt
   * with it, through Secrets Manager only.
   * @default - the secret uses AWS's own key (aws/secretsmanager)
   */
  readonly existingSecretKmsKeyArn?: string;
  /** Where alerts go (e-mail and SMS subscribe there). */
  readonly topic: ITopic;
  /**
   * The operator topic: the function tells there of an alert it gave up on, apart from the
   * alert topic, which may be what failed.
   * @default - not told but by the alert-given-up alarm
   */
  readonly operatorTopic?: ITopic;
  /**
   * The stack's queue of alerts given up on (infra/parked-alerts.ts): its count is their alarm.
   * Required: every park enters the record marked not yet queued (delivery/undeliverable.ts),
   * and only a function that has the queue sends it and clears the mark.
   */
  readonly parkedQueue: Queue;
  /**
   * What the operators hear on the alert topic (for the texts: "IT has this alert too").
   * @default - the operators are not people of their own
   */
  readonly operatorRoute?: Route;
  /**
   * The channels the function delivers itself (chat topics, Telegram, webhooks); the grants
   * to use them are the recipient group's.
   * @default - none
   */
  readonly channels?: readonly ChannelSpec[];
  /** The secret holding the Telegram bot token, when a channel is Telegram. */
  readonly telegramBotTokenSecretId?: string;
  /**
   * The acknowledge page: alerts carry "I'm on it" links, signed with the link key the check
   * creates on first use (infra/link-key.ts).
   * @default - no links
   */
  readonly acknowledge?: {
    readonly url: string;
    /** Its Telegram alerts carry the button too (infra/telegram-buttons.ts). */
    readonly telegramButtons?: boolean;
    /** Its WhatsApp alerts carry the quick reply's payload (infra/whatsapp-buttons.ts). */
    readonly whatsappButtons?: boolean;
  };
  /**
   * A morning digest at its local time (HH:MM), by a second schedule, whose lost runs go to
   * its own queue: the stack's alarmed one (a lost digest makes no account overdue, so the
   * dead-man switch cannot see it).
   * @default - none
   */
  readonly digest?: DigestSchedule;
  /** Where alert state lives (partition key `account`). */
  readonly stateTable: ITableV2;
  /** Where the schedule puts a run it could not deliver: one queue for the stack. */
  readonly deadLetterQueue: IQueue;
  /**
   * When the check runs.
   * @default 'rate(5 minutes)'
   */
  readonly scheduleExpression?: string;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /** @default 1 */
  readonly reservedConcurrency?: number;
  /**
   * Tiers told when an alert stays unacknowledged, each on its own topic.
   * @default - no escalation
   */
  readonly escalation?: EscalationConfig;
}

/**
 * Everything one DEXCHANGE account needs: its secret, its function, its schedule (with a retry
 * policy; the dead-letter queue is the stack's) and grants scoped to exactly these, the topic
 * and its item in the state table. No alarm and no metric of its own: the stack's watchdog
 * and alarms watch every account at once.
 */
export class BalanceMonitor extends Construct {
  readonly accountName: string;
  /** The account name as resource names take it: "Boutique Dakar" -> "boutique-dakar". */
  readonly slug: string;
  readonly lowBalanceThreshold: number;
  readonly criticalBalanceThreshold: number | undefined;
  readonly secret: ISecret;
  readonly function: MonitorFunction;
  readonly schedule: Schedule;
  readonly scheduleGroup: ScheduleGroup;
  readonly deadLetterQueue: IQueue;
  readonly scheduleExpression: string;
  /** 1, or 0 when the function's concurrency is not reserved. */
  readonly reservedConcurrency: number;

  constructor(scope: Construct, id: string, props: BalanceMonitorProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.accountName = props.accountName;
    this.slug = accountSlug(props.accountName);
    this.lowBalanceThreshold = props.lowBalanceThreshold;
    this.criticalBalanceThreshold = props.criticalBalanceThreshold;
    this.scheduleExpression = props.scheduleExpression ?? 'rate(5 minutes)';
    this.reservedConcurrency = props.reservedConcurrency ?? 1;

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

    // Each tier's topic, under the alert topic's key: the function publishes there itself.
    this.escalation =
      props.escalation === undefined
        ? undefined
        : new EscalationTiers(this, 'Escalation', {
            accountName: props.accountName,
            config: props.escalation,
            key: props.topic.masterKey,
          });
    const environment = functionEnvironment({
      ...props,
      // The tiers as the function takes them: with their topics, not their people.
      escalation: this.escalation?.settings,
      timeZone: props.timeZone ?? DEFAULT_TIME_ZONE,
      secretId: this.secret.secretArn,
      topicArn: props.topic.topicArn,
      tableName: props.stateTable.tableName,
      ...(props.operatorTopic === undefined
        ? {}
        : { operatorTopicArn: props.operatorTopic.topicArn }),
      parkedQueueUrl: props.parkedQueue.queueUrl,
      toJsonString: (value) => stack.toJsonString(value),
      ...(props.acknowledge === undefined
        ? {}
        : {
            ackUrl: props.acknowledge.url,
            ...(props.acknowledge.telegramButtons === true ? { ackTelegramButtons: true } : {}),
            ...(props.acknowledge.whatsappButtons === true ? { ackWhatsappButtons: true } : {}),
          }),
    });
    this.function = new MonitorFunction(this, 'Check', {
      roleDescription: `The DEXCHANGE balance check of ${asciiName(props.accountName)}: its log group, its secret, its state item, the alert topic`,
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      reservedConcurrency: props.reservedConcurrency ?? 1,
      environment,
    });
    this.secret.grantRead(this.function);
    if (props.acknowledge !== undefined)
      this.function.addToRolePolicy(linkKeyGrant(props.stateTable, 'create'));
    if (props.existingSecretKmsKeyArn !== undefined) {
      this.function.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [props.existingSecretKmsKeyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` },
          },
        }),
      );
    }
    grantPublishThroughSns(props.topic, this.function);
    if (props.operatorTopic !== undefined)
      grantPublishThroughSns(props.operatorTopic, this.function);
    grantParking(props.parkedQueue, this.function);
    this.escalation?.grantPublish(this.function);
    // Exactly what a check does, on its own item only: one strongly consistent read and
    // conditional puts, where the item's key (the account name) is this account's.
    this.function.addToRolePolicy(itemGrant(props.stateTable, [props.accountName]));
    // The digest reads the subscription-health job's count of unconfirmed recipients from that
    // job's item: a read of that one item, never a write.
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.stateTable.tableArn],
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SUBSCRIPTIONS_ITEM_KEY] },
        },
      }),
    );
    if (props.topic.masterKey !== undefined) {
      Validations.of(this.function.role ?? this.function).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to a KMS-encrypted topic needs kms:GenerateDataKey* (as AWS documents it), on the topic key only.',
      });
    }
    if (props.existingSecretName !== undefined) {
      Validations.of(this.function.role ?? this.function).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${props.existingSecretName}-??????]`,
        reason:
          'An imported secret is named, not known by ARN: Secrets Manager adds 6 random characters, matched by ??????.',
      });
    }

    this.deadLetterQueue = props.deadLetterQueue;

    const { group, role: schedulerRole } = ownScheduleGroup(
      this,
      `Lets EventBridge Scheduler invoke the balance check of ${props.accountName}`,
    );
    this.scheduleGroup = group;
    const interval = rateMinutes(this.scheduleExpression);
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleGroup: this.scheduleGroup,
      schedule: ScheduleExpression.expression(
        this.scheduleExpression,
        TimeZone.of(props.timeZone ?? DEFAULT_TIME_ZONE),
      ),
      description: `Balance check for DEXCHANGE account ${props.accountName}`,
      target: new ExactLambdaInvoke(this.function, {
        role: schedulerRole,
        // If Lambda cannot take the invocation (throttled, service error), retry it, but not
        // past the next run: a late check is worth nothing once the next one is due.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(Math.max(1, Math.min((interval ?? 5) - 1, 60))),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    if (props.digest !== undefined) {
      const [hour, minute] = props.digest.at.split(':').map(Number);
      this.digestSchedule = new Schedule(this, 'DigestSchedule', {
        scheduleGroup: this.scheduleGroup,
        schedule: ScheduleExpression.expression(
          `cron(${minute ?? 0} ${hour ?? 8} * * ? *)`,
          TimeZone.of(props.timeZone ?? DEFAULT_TIME_ZONE),
        ),
        description: `Morning digest for DEXCHANGE account ${props.accountName}`,
        target: new ExactLambdaInvoke(this.function, {
          role: schedulerRole,
          input: ScheduleTargetInput.fromObject({ action: 'digest' }),
          retryAttempts: 2,
          maxEventAge: Duration.minutes(30),
          deadLetterQueue: props.digest.deadLetterQueue,
        }),
      });
    }
  }

  /** The account's escalation tiers and their topics, when it has any. */
  readonly escalation: EscalationTiers | undefined;

  /** The morning digest's schedule, when there is one. */
  readonly digestSchedule: Schedule | undefined;
}
