import { startFakeTelegram, type FakeTelegram } from '../../tools/fake-telegram';
import { startWebhookReceiver, type WebhookReceiver } from '../../tools/webhook-receiver';
import { createSecret, createTopicWithQueue, type DeliveredAlert } from './aws';

/**
 * The channels the function delivers itself, on real local servers: a chat topic in moto (with
 * an SQS inbox standing in for the chat integration), a fake Telegram Bot API and a webhook
 * receiver that verifies signatures and the schema, their secrets in moto's Secrets Manager.
 * `env` is what the stack would give the function for them.
 */

export const TELEGRAM_CHAT = '-1001234567890';

export interface ChannelsFixture {
  readonly env: Record<string, string>;
  readonly telegram: FakeTelegram;
  readonly webhook: WebhookReceiver;
  readonly chat: { readonly topicArn: string; delivered(): Promise<DeliveredAlert[]> };
  readonly secrets: { readonly token: string; readonly signing: string };
  close(): Promise<void>;
}

export async function createChannelsFixture(
  motoUrl: string,
  options: {
    /** What the token secret holds (empty: "put the token"). */
    readonly token?: string;
    readonly signing?: string;
    /** The chat topic, or a topic ARN that does not exist. */
    readonly chatTopicArn?: string;
    readonly telegramChat?: string;
    /** Quiet hours of the Telegram chat ("22:00-07:00"), CRITICAL let through. */
    readonly telegramQuiet?: string;
  } = {},
): Promise<ChannelsFixture> {
  const token = options.token ?? '123456:ABC-fake-bot-token-for-tests';
  const signing = options.signing ?? 'whsec_bG9jYWwtdGVzdC1zaWduaW5nLWtleS0wMTIzNDU2Nzg5YWJjZGVm';
  const telegram = await startFakeTelegram({ token, chats: [TELEGRAM_CHAT] });
  const webhook = await startWebhookReceiver({ secret: signing });
  const chat = await createTopicWithQueue(motoUrl);
  // An empty secret stands for one created and never filled (moto refuses an empty string).
  const tokenSecretId = await createSecret(motoUrl, token === '' ? ' ' : token);
  const signingSecretId = await createSecret(motoUrl, signing === '' ? ' ' : signing);
  const everything = { minLevel: 'LOW', also: ['FAILING', 'FORECAST', 'STALE', 'DIGEST', 'TEST'] };
  const channels = [
    {
      kind: 'chat',
      name: 'ops',
      topicArn: options.chatTopicArn ?? chat.topicArn,
      route: everything,
    },
    {
      kind: 'telegram',
      name: 'finance',
      chatId: options.telegramChat ?? TELEGRAM_CHAT,
      route: everything,
      ...(options.telegramQuiet === undefined
        ? {}
        : { quiet: { hours: options.telegramQuiet, allow: ['CRITICAL'] } }),
    },
    {
      kind: 'webhook',
      name: 'erp',
      url: webhook.url,
      secretId: signingSecretId,
      route: everything,
    },
  ];
  return {
    env: {
      CHANNELS: JSON.stringify(channels),
      TELEGRAM_BOT_TOKEN_SECRET_ID: tokenSecretId,
      TELEGRAM_API_URL: telegram.url,
    },
    telegram,
    webhook,
    chat: { topicArn: chat.topicArn, delivered: chat.delivered },
    secrets: { token, signing },
    async close() {
      await Promise.all([telegram.close(), webhook.close()]);
    },
  };
}
