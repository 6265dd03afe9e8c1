import { Aws, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * An SNS topic as this stack needs them: SSL-only (a Deny on aws:SecureTransport=false in its
 * topic policy), optionally encrypted with the stack's key.
 *
 * The topic policy CDK writes for `enforceSSL` replaces SNS's default policy, and with it the
 * grant that lets CloudWatch alarms publish; `allowAlarms` puts that grant back, scoped to
 * this account and to alarms whose name starts with the stack's prefix.
 */
export function secureTopic(
  scope: Construct,
  id: string,
  props: { readonly displayName: string; readonly key: IKey | undefined; readonly purpose: string },
): Topic {
  const topic = new Topic(scope, id, {
    displayName: props.displayName,
    enforceSSL: true,
    ...(props.key === undefined ? {} : { masterKey: props.key }),
  });
  if (props.key === undefined) {
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: `${props.purpose} carry a balance and an account label, no secret; set topicEncryption to "kms" to encrypt them at rest.`,
    });
  }
  return topic;
}

/** The ArnLike pattern of this stack's alarms. */
export function alarmArnPattern(alarmNamePrefix: string): string {
  return `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${alarmNamePrefix}*`;
}

/**
 * A resource-policy statement for CloudWatch acting for this stack's alarms only: this
 * account's, named `alarmNamePrefix...` (the confused-deputy conditions AWS documents).
 */
export function thisStacksAlarms(
  alarmNamePrefix: string,
  actions: string[],
  resources: string[],
): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowThisStacksAlarms',
    principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
    actions,
    resources,
    conditions: {
      ArnLike: { 'aws:SourceArn': alarmArnPattern(alarmNamePrefix) },
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    },
  });
}

/** Lets this account's CloudWatch alarms named `alarmNamePrefix...` publish to the topic. */
export function allowAlarms(topic: Topic, alarmNamePrefix: string): void {
  topic.addToResourcePolicy(thisStacksAlarms(alarmNamePrefix, ['sns:Publish'], [topic.topicArn]));
}

/**
 * Lets a function publish to a topic, and use the topic's key for that only: through SNS
 * (`kms:ViaService`), never to decrypt or encrypt with it directly. CDK's `grantPublish`
 * grants the key without that condition.
 */
export function grantPublishThroughSns(topic: ITopic, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
  );
  if (topic.masterKey === undefined) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: [topic.masterKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
    }),
  );
}
