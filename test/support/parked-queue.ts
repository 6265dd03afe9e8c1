import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { ParkedDelivery } from '../../lambda/delivery/outbox-entry';
import { clients, receiveAll, uniqueName } from './aws';

/**
 * The stack's queue of alerts given up on, in moto (infra/parked-alerts.ts): what a function
 * parks is sent there, and SQS's count of messages sent is the alert-given-up alarm's metric
 * (moto evaluates no alarm: a message received here is that datapoint).
 */
export interface ParkedMessage {
  readonly account: string;
  /** Each park with its key (entry id, channel, parkedAt), by which a reader drops repeats. */
  readonly parked: readonly (ParkedDelivery & { readonly key: string })[];
}

export async function createParkedAlertsQueue(endpoint: string) {
  const { sqs } = clients(endpoint);
  const queueUrl =
    (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('parked-alerts') }))).QueueUrl ??
    '';
  /** Every message sent so far that was not received yet (each is read once). */
  const received = async (): Promise<ParkedMessage[]> =>
    (await receiveAll(endpoint, queueUrl)).map((body) => JSON.parse(body) as ParkedMessage);
  return { queueUrl, received };
}
