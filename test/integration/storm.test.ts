import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { Fault } from '../../tools/sandbox';
import { filterPolicyOf, routeSchema } from '../../infra/routing';
import { clients, subscribeQueue } from '../support/aws';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * Issue 20, item 3, through the real handler: moto's SNS, DynamoDB and Secrets Manager, the
 * DEXCHANGE sandbox, 3 hours of checks every 5 minutes on the fake Date clock (as the fault
 * matrix's 'api-outage-3h'). SMS are counted by moto itself: an SQS queue subscribed with the
 * stack's default SMS filter policy (CRITICAL and above, and FAILING) takes what a phone would.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');

const CHECKS = 36;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** 3 hours of checks, the sandbox scripted before each: `read(i)` is what check i gets. */
async function threeHours(read: (check: number) => number | 'failed') {
  const endpoint = motoUrl ?? '';
  const monitor = await createMonitorFixture(endpoint, sandboxUrl, {
    // No CRITICAL threshold: 0 is CRITICAL (empty), as in the issue.
    env: { REQUEST_TIMEOUT_MS: '300', CRITICAL_BALANCE_THRESHOLD: '' },
  });
  const smsQueue = await subscribeQueue(
    endpoint,
    monitor.topicArn,
    filterPolicyOf(routeSchema.parse({})),
  );
  // The DEXCHANGE client's backoff draws its waits from Math.random: 0 waits nothing.
  vi.spyOn(Math, 'random').mockReturnValue(0);
  const handler = await monitor.newContainer();
  const start = Date.parse('2026-12-07T08:00:00Z');
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  for (let i = 0; i < CHECKS; i += 1) {
    vi.setSystemTime(start + i * 5 * 60_000);
    const reading = read(i);
    // A failed check is 3 requests (the client's attempts), each answered 503.
    await monitor.script(
      reading === 'failed'
        ? { faults: Array<Fault>(3).fill('503'), balances: [500_000] }
        : { balances: [reading] },
    );
    const run = await monitor.invoke({}, handler);
    expect(run.result.status, `check ${i}`).toBe('fulfilled');
  }
  vi.useRealTimers();
  const sent = (await monitor.sent()).map((m) => m.attributes.severity ?? '');
  const { sqs } = clients(endpoint);
  const queued = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: smsQueue,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  const sms = Number(queued.Attributes?.ApproximateNumberOfMessages ?? -1);
  const count = (severity: string) => sent.filter((s) => s === severity).length;
  return { sent, sms, count };
}

describe.skipIf(motoUrl === null)('storm control through the handler (issue 20, item 3)', () => {
  it('3 hours of 500 000 / 0 flapping: at most 2 LOW/CRITICAL and 2 RECOVERED, 3 SMS', async () => {
    const { sent, sms, count } = await threeHours((i) => (i % 2 === 0 ? 500_000 : 0));
    expect(count('LOW') + count('CRITICAL')).toBeLessThanOrEqual(2);
    expect(count('RECOVERED')).toBeLessThanOrEqual(2);
    expect(sent).toEqual(['CRITICAL', 'RECOVERED', 'CRITICAL']);
    // Without the cool-off: 18 CRITICAL and 17 RECOVERED, 35 SMS (test/unit/storm.test.ts).
    expect(sms).toBe(3);
  });

  it('3 hours of "3 failed reads, 1 good": at most 2 FAILING and 2 FAILING_RESOLVED, 3 SMS', async () => {
    const { sent, sms, count } = await threeHours((i) => (i % 4 === 3 ? 500_000 : 'failed'));
    expect(count('FAILING')).toBeLessThanOrEqual(2);
    expect(count('FAILING_RESOLVED')).toBeLessThanOrEqual(2);
    expect(sent).toEqual(['FAILING', 'FAILING_RESOLVED', 'FAILING']);
    // Without the cool-off: 9 FAILING and 9 FAILING_RESOLVED, 18 SMS.
    expect(sms).toBe(3);
  });
});
