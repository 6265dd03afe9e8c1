import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeadLetterCover } from './alarm-catalog';
import type { DigestSchedule } from './balance-monitor';

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

/**
 * The queue of what the dead-man switch cannot see, made only when something sends there, and
 * handed to each user with it: each account's digest (`digests`, by index; none for an account
 * without one), the WhatsApp events function (`whatsapp`, when there are WhatsApp recipients),
 * and the alarm (`alarmed`: the queue and what it covers, which the alarm's text names).
 */
export function alarmedDeadLetters(
  scope: Construct,
  users: { readonly digestTimes: readonly (string | undefined)[]; readonly whatsapp: boolean },
): {
  readonly alarmed?: { readonly queue: Queue; readonly covers: readonly DeadLetterCover[] };
  readonly digests: readonly (DigestSchedule | undefined)[];
  readonly whatsapp?: Queue;
} {
  const covers: DeadLetterCover[] = [
    ...(users.digestTimes.some((at) => at !== undefined) ? ['digests' as const] : []),
    ...(users.whatsapp ? ['whatsapp' as const] : []),
  ];
  if (covers.length === 0) return { digests: users.digestTimes.map(() => undefined) };
  const queue = deadLetterQueue(scope, 'AlarmedDeadLetters', "the digests' and WhatsApp events'");
  return {
    alarmed: { queue, covers },
    digests: users.digestTimes.map((at) =>
      at === undefined ? undefined : { at, deadLetterQueue: queue },
    ),
    ...(users.whatsapp ? { whatsapp: queue } : {}),
  };
}
