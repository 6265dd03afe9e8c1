import type { TestEvent } from '../alerting/types';
import type { Notifier } from '../delivery/channel-port';
import { outsideText } from '../errors';

/**
 * A TEST message through every channel's real path, so operators can check their subscriptions.
 * It touches no state: it is not part of any episode, and nothing retries it (the operator who
 * asked sees the answer at once).
 */
export async function sendTestAlert(
  channels: readonly Notifier[],
  account: string,
  now: Date,
): Promise<{ readonly channel: string; readonly error?: string }[]> {
  const at = now.toISOString();
  const event: TestEvent = { severity: 'TEST', account, at };
  const entry = { id: `${account}/${at}/test`, event, createdAt: at, deliveries: {} };
  return Promise.all(
    channels
      .filter((channel) => channel.wants(event))
      .map(async (channel) => {
        try {
          await channel.deliver(entry);
          return { channel: channel.name };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return { channel: channel.name, error: outsideText(message, undefined) };
        }
      }),
  );
}
