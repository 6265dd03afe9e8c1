import { vi } from 'vitest';
import type { SandboxAccountInput } from '../../tools/sandbox';
import { createSecret, createStateTable, createTopicWithQueue, sentNotifications } from './aws';
import { captureConsole } from './console-capture';
import { createParkedAlertsQueue } from './parked-queue';
import { sandboxAccount, sandboxRequests } from './sandbox-client';

/**
 * One deployed monitor, made of real local servers: a secret, a topic with an SQS inbox and a
 * state table in moto, an account in the sandbox, and the function's environment. `invoke()`
 * runs the real handler; `newContainer()` gives a cold one (fresh module: fresh caches).
 */

export interface FixtureOptions {
  readonly account?: SandboxAccountInput;
  /** What the secret holds, given the sandbox key; 'missing' for no secret at all. */
  readonly secret?: ((key: string) => string) | 'missing';
  readonly env?: Record<string, string>;
}

type Handler = (
  event: unknown,
  context?: { getRemainingTimeInMillis(): number },
) => Promise<unknown>;

export async function createMonitorFixture(
  motoUrl: string,
  sandboxUrl: string,
  options: FixtureOptions = {},
) {
  const apiKey = await sandboxAccount(sandboxUrl, options.account ?? {});
  const secretId =
    options.secret === 'missing'
      ? 'dexchange-key-that-does-not-exist'
      : await createSecret(motoUrl, (options.secret ?? ((k: string) => k))(apiKey));
  const { topicArn, delivered } = await createTopicWithQueue(motoUrl);
  const tableName = await createStateTable(motoUrl);
  // The stack's queue of alerts given up on: what the check parks lands there (its alarm).
  const parkedQueue = await createParkedAlertsQueue(motoUrl);
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: motoUrl,
    DEXCHANGE_API_URL: sandboxUrl,
    DEXCHANGE_API_KEY_SECRET_ID: secretId,
    ALERT_TOPIC_ARN: topicArn,
    STATE_TABLE_NAME: tableName,
    ACCOUNT_NAME: 'Boutique Dakar',
    LOW_BALANCE_THRESHOLD: '100000',
    CRITICAL_BALANCE_THRESHOLD: '25000',
    REQUEST_TIMEOUT_MS: '1000',
    PARKED_ALERTS_QUEUE_URL: parkedQueue.queueUrl,
    ...options.env,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);

  async function newContainer(): Promise<Handler> {
    vi.resetModules();
    const module = await import('../../lambda/handler');
    return module.handler;
  }
  let container: Handler | undefined;

  return {
    apiKey,
    secretId,
    topicArn,
    tableName,
    newContainer,
    /** Scripts the sandbox account again (balances, faults). */
    script: (input: SandboxAccountInput) =>
      fetch(`${sandboxUrl}/__sandbox/accounts/${apiKey}`, {
        method: 'PUT',
        body: JSON.stringify(input),
      }),
    /** Runs the handler in the current container (cold on the first call). */
    async invoke(event: unknown = {}, handler?: Handler) {
      const run = handler ?? (container ??= await newContainer());
      const { result, output } = await captureConsole(() =>
        run(event, { getRemainingTimeInMillis: () => 30_000 }),
      );
      return { result, logs: output };
    },
    delivered,
    /** The messages the check sent to the parked-alerts queue (each read once). */
    parkedQueue: parkedQueue.received,
    sent: () => sentNotifications(motoUrl, topicArn),
    requests: () => sandboxRequests(sandboxUrl, apiKey),
  };
}

export function rejection(result: PromiseSettledResult<unknown>): Error {
  if (result.status === 'fulfilled')
    throw new Error(`expected a failed check, got ${JSON.stringify(result.value)}`);
  return result.reason as Error;
}

/** A handled failure: the invocation completed with status UNKNOWN and the error. */
export function unknown(result: PromiseSettledResult<unknown>): {
  status: 'UNKNOWN';
  error: { kind: string; message: string };
  events: string[];
} {
  if (result.status === 'rejected')
    throw new Error(`expected a handled failure, the invocation failed: ${String(result.reason)}`);
  const summary = result.value as { status?: string };
  if (summary.status !== 'UNKNOWN')
    throw new Error(`expected status UNKNOWN, got ${JSON.stringify(result.value)}`);
  return result.value as ReturnType<typeof unknown>;
}
