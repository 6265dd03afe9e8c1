import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import type { Fault } from '../../tools/sandbox';
import { filterPolicyOf, routeSchema } from '../../infra/routing';
import { clients, subscribeQueue } from './aws';
import { createMonitorFixture } from './monitor-fixture';

/**
 * Issue 20's storms through the real handler: 3 hours of checks every 5 minutes on the fake
 * Date clock (as the fault matrix's 'api-outage-3h'), the sandbox scripted before each check.
 * SMS are counted by moto itself: an SQS queue subscribed with the stack's default SMS filter
 * policy (CRITICAL and above, and FAILING) takes what a phone would.
 */

export const STORM_CHECKS = 36;

/** `read(i)` is what check i gets: a balance, or 3 failed attempts (503). */
export async function threeHoursOfChecks(
  motoUrl: string,
  sandboxUrl: string,
  read: (check: number) => number | 'failed',
  env: Record<string, string> = {},
  checks = STORM_CHECKS,
) {
  const monitor = await createMonitorFixture(motoUrl, sandboxUrl, {
    // No CRITICAL threshold: 0 is CRITICAL (empty), as in the issue.
    env: { REQUEST_TIMEOUT_MS: '300', CRITICAL_BALANCE_THRESHOLD: '', ...env },
  });
  const smsQueue = await subscribeQueue(
    motoUrl,
    monitor.topicArn,
    filterPolicyOf(routeSchema.parse({})),
  );
  // The DEXCHANGE client's backoff draws its waits from Math.random: 0 waits nothing.
  const random = vi.spyOn(Math, 'random').mockReturnValue(0);
  const handler = await monitor.newContainer();
  // The next full hour (the hourly cap counts clock hours): never before the real time, since
  // the sandbox dates each balance at the real time, and a balance dated in the future of the
  // check is refused.
  const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  const logs: string[] = [];
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  try {
    for (let i = 0; i < checks; i += 1) {
      vi.setSystemTime(start + i * 5 * 60_000);
      const reading = read(i);
      await monitor.script(
        reading === 'failed'
          ? { faults: Array<Fault>(3).fill('503'), balances: [500_000] }
          : { balances: [reading] },
      );
      const run = await monitor.invoke({}, handler);
      logs.push(run.logs);
      if (run.result.status !== 'fulfilled') throw new Error(`check ${i} failed`);
    }
  } finally {
    vi.useRealTimers();
    random.mockRestore();
  }
  const messages = await monitor.sent();
  const sent = messages.map((m) => m.attributes.severity ?? '');
  const queued = await clients(motoUrl).sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: smsQueue,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return {
    apiKey: monitor.apiKey,
    logs: [...logs, JSON.stringify(messages)],
    sent,
    sms: Number(queued.Attributes?.ApproximateNumberOfMessages ?? -1),
    messages,
    count: (severity: string) => sent.filter((s) => s === severity).length,
  };
}
