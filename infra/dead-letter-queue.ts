import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue as the stack keeps them: TLS only, SQS-managed encryption, 14 days (the
 * longest SQS keeps a message). Free when nothing lands there (SQS bills requests, not queues).
 * The stack has two: the schedules' (every check, the watchdog, the subscription-health job: a
 * lost run of theirs is the dead-man switch's, so no alarm reads it, it keeps Scheduler's
 * reason), and, only with a digest or WhatsApp, the one of what the dead-man switch cannot see
 * (a digest's run, a WhatsApp event given up), which its own alarm reads.
 */
export function deadLetterQueue(scope: Construct, id: string, whose: string): Queue {
  const queue = new Queue(scope, id, {
    enforceSSL: true,
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is ${whose} dead-letter queue; it needs none of its own.`,
  });
  return queue;
}
