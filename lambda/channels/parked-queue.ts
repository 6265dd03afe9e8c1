import { loadOnce } from './load-once';
import type { ParkedDelivery } from '../delivery/outbox-entry';
import { parkKey } from '../delivery/queue-marks';

/**
 * Sends the deliveries a function gave up on to the stack's queue of parked alerts
 * (lambda/contract/parked-queue.ts): one message per account and send, listing the parks as the
 * record keeps them (which alert, which channel, after how many attempts, the error already
 * redacted: never the API key, never the alert's text), each with its `key`
 * (delivery/queue-marks.ts: entry id, channel and time): `{"account": "...", "parked": [{"key":
 * "...|sns|...", "id", "channel", "severity", "eventAt", "parkedAt", "attempts", "error"}]}`.
 * Delivery is at least once, and a park may come in more than one message: a reader drops a
 * key seen before. The queue's own `NumberOfMessagesSent` is
 * the "alert given up" alarm's metric, so this send is what raises it: the SDK retries it (3
 * attempts), and a send that still fails is thrown for the caller to log. The parks it carried
 * stay marked not yet queued in the record (delivery/queue-marks.ts), and the account's next
 * check sends them again; until then the operators' notice on their topic (a path apart, SNS)
 * and the record's `undeliverable` list say it.
 *
 * The SQS client is loaded on the first park only: a check that parks nothing (nearly all)
 * never loads it. Through ./sqs-send, which names the two exports it needs: the bundle keeps
 * less of the SQS client (34 KB minified, against 40 KB for the whole package).
 */
export interface ParkedQueue {
  send(account: string, parked: readonly ParkedDelivery[]): Promise<void>;
}

export function createParkedQueue(queueUrl: string): ParkedQueue {
  // A load that failed (its file unread, the client not built) is tried at the next send.
  const sqs = loadOnce(async () => {
    const m = await import('./sqs-send');
    return {
      // Cut at 1 s an attempt (SQS answers in milliseconds): a hanging call ends, with the
      // SDK's 3 attempts, within about 4 s, inside the check's reserve after its deliveries.
      client: new m.SQSClient({
        requestHandler: {
          requestTimeout: 1_000,
          connectionTimeout: 1_000,
          throwOnRequestTimeout: true,
        },
      }),
      command: m.SendMessageCommand,
    };
  });
  return {
    async send(account, parked) {
      if (parked.length === 0) return;
      const { client: ready, command: SendMessage } = await sqs();
      try {
        await ready.send(
          new SendMessage({
            QueueUrl: queueUrl,
            MessageBody: JSON.stringify({
              account,
              parked: parked.map((p) => ({ key: parkKey(p), ...p })),
            }),
          }),
        );
      } catch (error) {
        // The exception's name only: an SDK message may quote the input.
        throw new Error(
          `SQS refused the parked alerts (${error instanceof Error ? error.name : 'unknown error'})`,
          // Kept for a debugger, never logged: observability.ts logs the message only.
          { cause: error },
        );
      }
    },
  };
}
