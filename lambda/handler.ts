import type { Context } from 'aws-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { runCheck, type CheckPorts, type CheckSummary } from './check';
import { loadConfig, type Config } from './config';
import { createApiKeySource } from './aws/secret';
import { createAlertTopic } from './aws/topic';
import { createDexchangeClient } from './dexchange/client';
import { logger, metrics, recordFailure, recordSuccess } from './observability';

/**
 * The Lambda entry. Adapters are built once per container (on the first invocation, so that a
 * bad environment fails an invocation with a readable error rather than the init phase) and
 * reused by warm invocations, which keeps the secret cache and the HTTP connections warm.
 */

/** Time kept back from the function timeout for publishing and flushing metrics. */
const PUBLISH_RESERVE_MS = 3000;

interface Runtime {
  readonly config: Config;
  readonly ports: CheckPorts;
}

let runtime: Runtime | undefined;

function buildRuntime(): Runtime {
  const config = loadConfig(process.env);
  return {
    config,
    ports: {
      apiKey: createApiKeySource({
        secretId: config.apiKeySecretId,
        maxAgeSeconds: config.secretCacheSeconds,
        client: new SecretsManagerClient({}),
      }),
      dexchange: createDexchangeClient({
        baseUrl: config.apiUrl,
        timeoutMs: config.requestTimeoutMs,
        expectedCurrency: config.expectedCurrency,
      }),
      alerts: createAlertTopic(new SNSClient({}), config.topicArn),
    },
  };
}

export async function handler(
  _event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<CheckSummary> {
  const started = Date.now();
  let account = process.env.ACCOUNT_NAME ?? 'default';
  try {
    runtime ??= buildRuntime();
    account = runtime.config.accountName;
    logger.appendKeys({ account });
    const remaining = context?.getRemainingTimeInMillis();
    const outcome = await runCheck(
      runtime.ports,
      {
        account,
        thresholds: runtime.config.thresholds,
        locale: runtime.config.locale,
      },
      {
        now: new Date(started),
        ...(remaining === undefined ? {} : { deadline: started + remaining - PUBLISH_RESERVE_MS }),
      },
    );
    recordSuccess(account, outcome);
    return outcome.summary;
  } catch (error) {
    recordFailure(account, error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
