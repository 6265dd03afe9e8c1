import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createChannelSecret } from '../channels/channel-secret';
import { formatIssues } from '../contract/env-rules';
import { telegramWebhookEnvironmentSchema } from '../contract/telegram-webhook-environment';
import { healedStateReport, metrics } from '../observability';
import { createStateTable } from '../stores/dynamodb';
import { dynamoLinkKeyItems, linkKeyForVerifying } from '../stores/link-key';
import {
  handleTelegramWebhook,
  type TelegramWebhookDeps,
  type TelegramWebhookResponse,
} from './telegram-webhook';

/**
 * The Telegram webhook as a Lambda Function URL (an entry of the same bundle, its own function
 * and role: infra/telegram-buttons.ts). Reads the webhook's secret token and the link
 * key once per container (cached), and the state of the account a button names. Logs the
 * outcome only, never the update, the data or who pressed.
 */

/** The Function URL event (payload format 2.0), as much of it as the webhook reads. */
export interface TelegramUrlEvent {
  readonly requestContext?: { readonly http?: { readonly method?: string } };
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

let deps: TelegramWebhookDeps | undefined;

function build(): TelegramWebhookDeps {
  const parsed = telegramWebhookEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const env = parsed.data;
  const dynamo = new DynamoDBClient({});
  const secrets = new SecretsManagerClient({});
  const secret = (secretId: string, purpose: string) =>
    createChannelSecret({
      client: secrets,
      secretId,
      purpose,
      maxAgeSeconds: env.SECRET_CACHE_SECONDS,
    });
  const key = linkKeyForVerifying({
    items: dynamoLinkKeyItems(dynamo, env.STATE_TABLE_NAME),
    maxAgeSeconds: env.SECRET_CACHE_SECONDS,
  });
  const secretToken = secret(env.TELEGRAM_WEBHOOK_SECRET_ID, "the Telegram webhook's secret token");
  return {
    key: () => key.read(),
    secretToken: () => secretToken.read(),
    accounts: env.ACCOUNT_NAMES,
    store: (account) => createStateTable(dynamo, env.STATE_TABLE_NAME, account),
    now: () => new Date(),
    locale: env.ALERT_LOCALE,
    stateHealed: (account, problems) => {
      healedStateReport(account, 'ack')(problems);
    },
  };
}

export async function handler(event: TelegramUrlEvent): Promise<TelegramWebhookResponse> {
  deps ??= build();
  const raw = event.body ?? '';
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const { response, outcome } = await handleTelegramWebhook(
    {
      method: event.requestContext?.http?.method ?? 'GET',
      headers,
      body: event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw,
    },
    deps,
  );
  console.log(
    JSON.stringify({ message: 'telegram webhook', status: response.statusCode, outcome }),
  );
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return response;
}
