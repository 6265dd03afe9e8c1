import type { Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import {
  runCheck,
  sendTestAlert,
  type CheckPorts,
  type CheckSettings,
  type CheckSummary,
} from './check';
import { loadConfig } from './config';
import { createApiKeySource } from './aws/secret';
import { createStateTable } from './aws/state-table';
import { createAlertTopic } from './aws/topic';
import { createDexchangeClient } from './dexchange/client';
import { ConfigurationError } from './errors';
import { logger, metrics, recordBrokenCheck, recordCheck } from './observability';

/**
 * The Lambda entry. Adapters are built once per container (on the first invocation, so that a
 * bad environment fails an invocation with a readable error rather than the init phase) and
 * reused by warm invocations, which keeps the secret cache and the HTTP connections warm.
 */

/** Time kept back from the function timeout for saving, publishing and flushing metrics. */
const PUBLISH_RESERVE_MS = 5000;

interface Runtime {
  readonly settings: CheckSettings;
  readonly ports: CheckPorts;
}

let runtime: Runtime | undefined;

function buildRuntime(): Runtime {
  const config = loadConfig(process.env);
  return {
    settings: {
      account: config.accountName,
      locale: config.locale,
      policy: {
        thresholds: config.thresholds,
        repeatAfterMinutes: config.repeatAfterMinutes,
        recoveryMarginPercent: config.recoveryMarginPercent,
        failureAlertAfter: config.failureAlertAfter,
        staleAfterMinutes: config.staleAfterMinutes,
        forecastHorizonMinutes: config.forecastHorizonMinutes,
      },
    },
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
      alerts: createAlertTopic(
        new SNSClient({}),
        config.topicArn,
        config.smsSenderId === undefined ? {} : { senderId: config.smsSenderId },
      ),
      state: createStateTable(new DynamoDBClient({}), config.stateTableName, config.accountName),
    },
  };
}

/** The scheduled event carries nothing we need; a manual `{"action": "test-alert"}` sends a TEST. */
const eventSchema = z.union([
  z.object({ action: z.literal('test-alert') }),
  z.object({ action: z.undefined().optional() }).loose(),
  z.null(),
  z.undefined(),
]);

export interface TestAlertSummary {
  readonly account: string;
  readonly action: 'test-alert';
  readonly events: readonly ['TEST'];
}

export async function handler(
  event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<CheckSummary | TestAlertSummary> {
  const started = Date.now();
  let account = process.env.ACCOUNT_NAME ?? 'default';
  try {
    const parsedEvent = eventSchema.safeParse(event);
    if (!parsedEvent.success) {
      throw new ConfigurationError(
        'unknown event: the function takes the scheduled event or {"action": "test-alert"}',
      );
    }
    runtime ??= buildRuntime();
    const { settings, ports } = runtime;
    account = settings.account;
    logger.appendKeys({ account });

    if (parsedEvent.data?.action === 'test-alert') {
      await sendTestAlert(ports, settings, new Date(started));
      logger.info('test alert published', { account });
      return { account, action: 'test-alert', events: ['TEST'] };
    }

    const remaining = context?.getRemainingTimeInMillis();
    const outcome = await runCheck(ports, settings, {
      now: new Date(started),
      ...(remaining === undefined ? {} : { deadline: started + remaining - PUBLISH_RESERVE_MS }),
    });
    recordCheck(account, outcome);
    return outcome.summary;
  } catch (error) {
    // Only a broken monitor gets here: a failed read is an outcome (status UNKNOWN).
    recordBrokenCheck(account, error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
