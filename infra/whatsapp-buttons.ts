import { Aws, CfnOutput, CfnRule, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { grantParking, LONGEST_QUEUE_URL } from './parked-alerts';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import path from 'node:path';
import {
  whatsappEventsEnvironmentSchema,
  type WhatsAppRecipient,
} from '../lambda/contract/whatsapp-events-environment';
import { WHATSAPP_REGIONS, WHATSAPP_REGIONS_CHECKED } from './config/whatsapp-region';
import { checkedEnvironment, ENVIRONMENT_MAX_BYTES } from './function-environment';
import { itemGrant } from './item-grant';
import { linkKeyGrant } from './link-key';
import { MonitorFunction } from './monitor-function';
import { grantPublishThroughSns, secureTopic } from './secure-topic';
import type { Locale } from '../lambda/contract/severities';

/** The WhatsApp event function's entry (another handler of the same code). */
export const WHATSAPP_EVENTS_ENTRY = path.join(
  import.meta.dirname,
  '..',
  'lambda',
  'ack',
  'whatsapp-handler.ts',
);

/**
 * Events handled at once. Every event of the WhatsApp Business Account comes (each message
 * sent, delivered, read): a burst is queued by SNS's retries of a throttled invoke, not lost.
 */
export const WHATSAPP_EVENTS_CONCURRENCY = 2;

export interface WhatsAppButtonsProps {
  readonly stateTable: ITableV2;
  /** Per account with WhatsApp recipients, their names and numbers: only they can press. */
  readonly recipients: Readonly<Record<string, readonly WhatsAppRecipient[]>>;
  /** The links are on: presses are read, with the link key (infra/link-key.ts); else not. */
  readonly acknowledge: boolean;
  /** Where WhatsApp alerts Meta reported failed after accepting them are told. */
  readonly operatorTopic: ITopic;
  /** The stack's queue of alerts given up on: each late failure parked is sent there. */
  readonly parkedQueue: Queue;
  /** The language and time zone of that notice. */
  readonly locale: Locale;
  readonly timeZone: string;
  /** The stack's topic key, when topics are encrypted. */
  readonly key: IKey | undefined;
  readonly logRetention: RetentionDays;
  /** Where an event that failed three times is kept: the stack's alarmed dead-letter queue. */
  readonly deadLetterQueue: IQueue;
}

/**
 * The environment, checked at synth with the function's own schema and measured, every token at
 * its longest, against Lambda's 4 KB (each recipient adds a name and a number).
 */
export function whatsappEventsEnvironment(settings: {
  readonly tableName: string;
  readonly acknowledge: boolean;
  readonly recipients: Readonly<Record<string, readonly WhatsAppRecipient[]>>;
  readonly operatorTopicArn: string;
  readonly parkedQueueUrl?: string;
  readonly locale: Locale;
  readonly timeZone: string;
}): Record<string, string> {
  const environment: Record<string, string> = {
    STATE_TABLE_NAME: settings.tableName,
    ...(settings.acknowledge ? { ACK_WHATSAPP_BUTTONS: 'true' } : {}),
    WHATSAPP_RECIPIENTS: JSON.stringify(settings.recipients),
    OPERATOR_TOPIC_ARN: settings.operatorTopicArn,
    ...(settings.parkedQueueUrl === undefined
      ? {}
      : { PARKED_ALERTS_QUEUE_URL: settings.parkedQueueUrl }),
    ALERT_LOCALE: settings.locale,
    ALERT_TIME_ZONE: settings.timeZone,
  };
  return checkedEnvironment(environment, {
    schema: whatsappEventsEnvironmentSchema,
    field: 'whatsapp',
    name: 'the WhatsApp event function',
    longest: { PARKED_ALERTS_QUEUE_URL: LONGEST_QUEUE_URL },
    tooLarge: (bytes) =>
      `the WhatsApp event function's environment would take ${bytes} bytes with the recipients' names and numbers, past Lambda's ${ENVIRONMENT_MAX_BYTES}; deploy the accounts with WhatsApp recipients in more than one stack`,
  });
}

/**
 * The WhatsApp Business Account's events, built whenever an account has WhatsApp recipients:
 * the topic to set as the account's event destination (End User Messaging Social may publish
 * to it, for this AWS account only), and the function subscribed to it, its own role. It reads
 * the failed statuses of our messages (Meta reports most failures after accepting a send) and
 * parks them, telling the operator topic; with the links on, it reads the "I'm on it" presses
 * too, with the link key (read only). It gets and puts the WhatsApp accounts' state items and
 * publishes to the operator topic, nothing else (the others learn of a press from the next
 * check).
 */
export class WhatsAppButtons extends Construct {
  readonly topic: Topic;
  readonly function: MonitorFunction;

  constructor(scope: Construct, id: string, props: WhatsAppButtonsProps) {
    super(scope, id);
    this.topic = secureTopic(this, 'Events', {
      displayName: 'DEXCHANGE balance monitor: WhatsApp events',
      key: props.key,
      purpose: "The WhatsApp Business Account's events",
    });
    const service = new ServicePrincipal('social-messaging.amazonaws.com');
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEndUserMessagingSocial',
        principals: [service],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    props.key?.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowEndUserMessagingSocialEvents',
        principals: [service],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.function = new MonitorFunction(this, 'Handler', {
      entry: WHATSAPP_EVENTS_ENTRY,
      roleDescription:
        "The DEXCHANGE balance monitor's WhatsApp events: the WhatsApp accounts' state items, the operator topic, the link key (read) when the links are on",
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      reservedConcurrency: WHATSAPP_EVENTS_CONCURRENCY,
      // SNS hands each event to Lambda once: an event that failed (DynamoDB throttled, a lost
      // race three times, a timeout) is tried twice more, minutes apart (a park and a press are
      // both idempotent), then kept in the dead-letter queue, whose alarm tells the operators.
      retryAttempts: 2,
      onFailure: new SqsDestination(props.deadLetterQueue),
      environment: whatsappEventsEnvironment({
        tableName: props.stateTable.tableName,
        acknowledge: props.acknowledge,
        recipients: props.recipients,
        operatorTopicArn: props.operatorTopic.topicArn,
        parkedQueueUrl: props.parkedQueue.queueUrl,
        locale: props.locale,
        timeZone: props.timeZone,
      }),
    });
    if (props.acknowledge) this.function.addToRolePolicy(linkKeyGrant(props.stateTable, 'read'));
    grantPublishThroughSns(props.operatorTopic, this.function);
    grantParking(props.parkedQueue, this.function);
    if (props.operatorTopic.masterKey !== undefined)
      Validations.of(this.function.role ?? this.function).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'Publishing to a KMS-encrypted topic needs kms:GenerateDataKey* (as AWS documents it), on the topic key only.',
      });
    this.function.addToRolePolicy(itemGrant(props.stateTable, Object.keys(props.recipients)));
    this.topic.addSubscription(new LambdaSubscription(this.function));
    // The synth checks the region when the CLI names one (config/whatsapp-region.ts); a template
    // synthesized without one (a CI with no credentials) is checked by CloudFormation itself,
    // which refuses to create the stack in a region without End User Messaging Social.
    new CfnRule(Stack.of(this), 'WhatsAppRegion', {
      assertions: [
        {
          assert: Fn.conditionContains([...WHATSAPP_REGIONS], Aws.REGION),
          assertDescription: `WhatsApp recipients need AWS End User Messaging Social, which has no endpoint in this region: deploy to one of its regions (as of ${WHATSAPP_REGIONS_CHECKED}) with the WhatsApp number linked there, or remove the whatsapp recipients.`,
        },
      ],
    });
    new CfnOutput(Stack.of(this), 'WhatsAppEventTopicArn', {
      description:
        "Set once as the WhatsApp Business Account's event destination (End User Messaging Social console): failed deliveries and button presses come back through it",
      value: this.topic.topicArn,
    });
  }
}
