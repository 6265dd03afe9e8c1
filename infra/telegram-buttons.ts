import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FunctionUrlAuthType, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import path from 'node:path';
import type { Locale } from '../lambda/contract/severities';
import { telegramWebhookEnvironmentSchema } from '../lambda/contract/telegram-webhook-environment';
import { checkedEnvironment, ENVIRONMENT_MAX_BYTES } from './function-environment';
import { itemGrant } from './item-grant';
import { linkKeyGrant } from './link-key';
import { MonitorFunction } from './monitor-function';

/** The Telegram webhook's entry (another handler of the same code). */
export const TELEGRAM_WEBHOOK_ENTRY = path.join(
  import.meta.dirname,
  '..',
  'lambda',
  'ack',
  'telegram-handler.ts',
);

/** Requests served at once: its own cap, as the page's (acknowledge-page.ts), for the same reason. */
export const TELEGRAM_WEBHOOK_CONCURRENCY = 2;

export interface TelegramButtonsProps {
  readonly stateTable: ITableV2;
  /** The accounts with a Telegram chat: the webhook writes their items only. */
  readonly accountNames: readonly string[];
  /** The secret holding the bot's token, for the set-webhook command (never read by the function). */
  readonly botTokenSecret: ISecret;
  readonly locale: Locale;
  readonly logRetention: RetentionDays;
}

/**
 * The environment, checked at synth with the function's own schema and measured, every token at
 * its longest, against Lambda's 4 KB (each account adds its name).
 */
export function telegramWebhookEnvironment(settings: {
  readonly tableName: string;
  readonly webhookSecretArn: string;
  readonly accountNames: readonly string[];
  readonly locale: Locale;
}): Record<string, string> {
  const environment = {
    STATE_TABLE_NAME: settings.tableName,
    TELEGRAM_WEBHOOK_SECRET_ID: settings.webhookSecretArn,
    ACCOUNT_NAMES: JSON.stringify(settings.accountNames),
    ALERT_LOCALE: settings.locale,
  };
  return checkedEnvironment(environment, {
    schema: telegramWebhookEnvironmentSchema,
    field: 'telegramButtons',
    name: 'the Telegram webhook',
    tooLarge: (bytes) =>
      `the Telegram webhook's environment would take ${bytes} bytes with the accounts' names, past Lambda's ${ENVIRONMENT_MAX_BYTES}; deploy the accounts with Telegram chats in more than one stack`,
  });
}

/**
 * "I'm on it" from Telegram: the webhook Telegram posts a button's press to (a Function URL,
 * no IAM auth: the secret-token header and the button's MAC are the credentials, checked before
 * anything is read), its own function and role, and the secret token Telegram sends. The role
 * reads the link key (infra/link-key.ts) and that secret, and gets and puts the Telegram accounts' state
 * items: nothing else (no bot token: the webhook answers the press in its own reply).
 */
export class TelegramButtons extends Construct {
  readonly secretToken: Secret;
  readonly url: FunctionUrl;
  readonly function: MonitorFunction;

  constructor(scope: Construct, id: string, props: TelegramButtonsProps) {
    super(scope, id);
    // setWebhook's secret_token: 1 to 256 of A-Z, a-z, 0-9, _ and -.
    this.secretToken = new Secret(this, 'WebhookSecretToken', {
      description:
        "The secret token Telegram sends with each update to the DEXCHANGE balance monitor's webhook",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secretToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating it would need setWebhook called again with the new value; it is replaced by hand (and the command run again) if it leaks.',
    });
    this.function = new MonitorFunction(this, 'Webhook', {
      entry: TELEGRAM_WEBHOOK_ENTRY,
      roleDescription:
        "The DEXCHANGE balance monitor's Telegram webhook: its secret token, the link key (read), the Telegram accounts' state items",
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      reservedConcurrency: TELEGRAM_WEBHOOK_CONCURRENCY,
      environment: telegramWebhookEnvironment({
        tableName: props.stateTable.tableName,
        webhookSecretArn: this.secretToken.secretArn,
        accountNames: props.accountNames,
        locale: props.locale,
      }),
    });
    this.function.addToRolePolicy(linkKeyGrant(props.stateTable, 'read'));
    this.secretToken.grantRead(this.function);
    this.function.addToRolePolicy(itemGrant(props.stateTable, props.accountNames));
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    new CfnOutput(Stack.of(this), 'TelegramSetWebhookCommand', {
      description:
        'Run once after the bot token is put: Telegram then posts button presses to the stack (and getUpdates stops working for this bot)',
      value: setWebhookCommand(
        Stack.of(this).region,
        props.botTokenSecret.secretName,
        this.secretToken.secretName,
        this.url.url,
      ),
    });
  }
}

/**
 * The shell command that sets the webhook: `setWebhook` with the URL, the secret token and
 * `allowed_updates: ["callback_query"]`. The two secrets are read by the AWS CLI and handed to
 * curl on its standard input (`-K -`), never as arguments, so no process list shows them.
 */
export function setWebhookCommand(
  region: string,
  botTokenSecretName: string,
  secretTokenName: string,
  url: string,
  api = 'https://api.telegram.org',
): string {
  const get = (name: string) =>
    `$(aws secretsmanager get-secret-value --region ${region} --secret-id ${name} --query SecretString --output text)`;
  return [
    `{ printf 'url = "${api}/bot%s/setWebhook"\\n' "${get(botTokenSecretName)}";`,
    `printf 'data-urlencode = "secret_token=%s"\\n' "${get(secretTokenName)}"; }`,
    `| curl -sS -K - --data-urlencode "url=${url}" --data-urlencode 'allowed_updates=["callback_query"]'`,
  ].join(' ');
}
