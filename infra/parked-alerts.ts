import { Duration, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * The stack's queue of alerts given up on (lambda/contract/parked-queue.ts): each check and the
 * WhatsApp event function send what they park there. Two things for nothing a month: SQS's own
 * `NumberOfMessagesSent`, which the alert-given-up alarm reads (no custom metric, billed
 * $0.30 a month, exists for it), and the records themselves, kept 14 days for operators to read
 * (which account, which channel, the error). Encrypted with SQS's own key: sending needs no KMS
 * grant, so a disabled topic key (one reason alerts are given up on) does not stop it.
 *
 * A message is `{account, parked: [{key, id, channel, severity, eventAt, parkedAt, attempts,
 * error}]}` (lambda/channels/parked-queue.ts). At least once: a park may come again in a later
 * message, under the same `key` (entry id, channel and time), which a reader drops.
 */
export function parkedAlertsQueue(scope: Construct): Queue {
  const queue = new Queue(scope, 'ParkedAlerts', {
    enforceSSL: true,
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue holds records for operators to read; nothing consumes it, so it needs no dead-letter queue.',
  });
  return queue;
}

/** SendMessage on that queue, nothing else: what a function that parks alerts may do with it. */
export function grantParking(queue: Queue, grantee: IGrantable): void {
  Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
}

/** A queue URL at its longest, for the synth-time checks of an environment (80-character name). */
export const LONGEST_QUEUE_URL = `https://sqs.ap-southeast-3.amazonaws.com/123456789012/${'x'.repeat(80)}`;
