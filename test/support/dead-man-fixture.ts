import { expect, vi } from 'vitest';
import { SUBSCRIPTION_HEALTH_WATCH } from '../../lambda/contract/watchdog';
import type { OverdueError } from '../../lambda/watchdog/overdue';
import { alarmDescription } from '../../infra/alarm-texts';
import { captureConsole } from './console-capture';
import { createMonitorFixture } from './monitor-fixture';

/**
 * An account's runs stop (row account-runs-stop): what EventBridge Scheduler leaves when it cannot
 * start its check (its role lost, the function gone, throttled past its retries), among other
 * causes. moto runs no schedule, so the lost runs are runs not made, and Scheduler's dead letter
 * is not made either: what this proves is that the watchdog (the input the stack gives it, the
 * subscription-health job included) names the account once its window has passed and fails its
 * run, the dead-man switch's alarm, and that this alarm's text names the schedules' dead-letter
 * queue where Scheduler's reason would be. That queue has no alarm of its own
 * (test/infra/alarm-count.test.ts).
 */
export async function checksNotStarted(
  motoUrl: string,
  sandboxUrl: string,
): Promise<{ apiKey: string; texts: string[] }> {
  const monitor = await createMonitorFixture(motoUrl, sandboxUrl, {
    account: { balances: [250_000] },
  });
  const checkedAt = Date.now();
  const checked = await monitor.invoke();
  expect(checked.result).toMatchObject({ status: 'fulfilled', value: { status: 'OK' } });
  const event = {
    watched: [{ account: 'Boutique Dakar', overdueAfterMinutes: 30 }, SUBSCRIPTION_HEALTH_WATCH],
  };
  const runAt = async (minutes: number) => {
    vi.useFakeTimers({ toFake: ['Date'], now: checkedAt + minutes * 60_000 });
    try {
      vi.resetModules();
      const { handler } = await import('../../lambda/watchdog/handler');
      return await captureConsole(() => handler(event));
    } finally {
      vi.useRealTimers();
    }
  };

  // Scheduler starts no further check. Within the window: nothing to say.
  const within = await runAt(20);
  expect(within.result).toMatchObject({
    status: 'fulfilled',
    value: { watched: 1, overdue: [], jobs: 1, overdueJobs: [] },
  });
  // Past it: the watchdog fails, naming the account (the job, first seen 11 minutes ago, is
  // within its own grace).
  const late = await runAt(31);
  if (late.result.status !== 'rejected') throw new Error('the watchdog should have failed');
  const error = late.result.reason as OverdueError;
  expect(error.message).toBe('1 of 1 accounts without a completed check: Boutique Dakar (31 min)');
  expect(error.jobs).toEqual([]);
  expect(late.output).toContain('"message": "account without a completed check"');

  // The alarm that failed run raises says where Scheduler's reason is, in both languages.
  const queue = 'DexchangeBalanceMonitor-ScheduleDeadLetters1A2B3C4D-AbCdEfGhIjKl';
  expect(alarmDescription('no-completed-check', 'en', { deadLetterQueueName: queue })).toContain(
    `The dead-letter queue ${queue} holds Scheduler's reason for a run it could not start.`,
  );
  expect(alarmDescription('no-completed-check', 'fr', { deadLetterQueueName: queue })).toContain(
    `La file de lettres mortes ${queue} garde la raison de Scheduler s'il n'a pu lancer une exécution.`,
  );
  // For the matrix's search for a piece of the key in what the row wrote.
  return {
    apiKey: monitor.apiKey,
    texts: [checked.logs, within.output, late.output, error.message],
  };
}
