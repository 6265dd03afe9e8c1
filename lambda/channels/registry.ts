import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Locale } from '../alerting/types';
import { channelKey, type ChannelSpec } from '../contract/channels';
import type { RenderContext } from '../messages/render';
import { createChannelSecret, type ChannelSecret } from './channel-secret';
import { createChatChannel } from './chat';
import { quietOf } from './quiet';
import type { Notifier } from '../delivery/channel-port';
import { createTelegramChannel } from './telegram';
import { createWebhookChannel } from './webhook';
import { META_API_VERSION } from '../contract/meta-api-version';
import { createWhatsAppChannel } from './whatsapp';
import { createSmsChannel } from './sms';
import type { SmsOptions } from './sns';

/**
 * The channels the function delivers itself, built from their specs (the `CHANNELS` variable).
 * A new kind of channel is its file, its spec in contract/channels.ts, one case here, and its
 * config in infra/ (docs/channels.md, "Adding a channel").
 */

export interface ChannelContext {
  readonly sns: SNSClient;
  readonly secrets: SecretsManagerClient;
  readonly locale: Locale;
  readonly render: RenderContext;
  readonly timeoutMs: number;
  readonly secretCacheSeconds: number;
  readonly telegram: { readonly apiUrl: string; readonly tokenSecretId: string | undefined };
  readonly sms: SmsOptions;
  /** WhatsApp's client; made on first use when absent (tests pass their own). */
  readonly socialMessaging?: SocialMessagingClient;
}

export function createChannels(specs: readonly ChannelSpec[], context: ChannelContext): Notifier[] {
  const secret = (secretId: string, purpose: string): ChannelSecret =>
    createChannelSecret({
      client: context.secrets,
      secretId,
      purpose,
      maxAgeSeconds: context.secretCacheSeconds,
    });
  // One token for every Telegram chat: the stack's bot.
  const tokenSecretId = context.telegram.tokenSecretId;
  const token =
    tokenSecretId === undefined ? undefined : secret(tokenSecretId, 'the Telegram bot token');
  const common = { locale: context.locale, render: context.render };
  let socialMessaging = context.socialMessaging;
  // Two attempts: the SDK waits out a throttle once; the outbox's backoff takes the rest.
  const whatsappClient = () => (socialMessaging ??= new SocialMessagingClient({ maxAttempts: 2 }));
  return specs.map((spec): Notifier => {
    const channel = create(spec);
    // Quiet hours are read in the schedule's zone, like every time in the texts.
    return { ...channel, ...quietOf(spec.quiet, context.render.timeZone) };
  });

  function create(spec: ChannelSpec): Notifier {
    const name = channelKey(spec);
    switch (spec.kind) {
      case 'sms':
        return createSmsChannel({
          ...common,
          name,
          client: context.sns,
          topicArn: spec.topicArn,
          route: spec.route,
          sms: context.sms,
        });
      case 'chat':
        return createChatChannel({
          ...common,
          name,
          client: context.sns,
          topicArn: spec.topicArn,
          route: spec.route,
        });
      case 'telegram':
        if (token === undefined)
          throw new Error('TELEGRAM_BOT_TOKEN_SECRET_ID is required for a telegram channel');
        return createTelegramChannel({
          ...common,
          name,
          chatId: spec.chatId,
          route: spec.route,
          token,
          apiUrl: context.telegram.apiUrl,
          timeoutMs: context.timeoutMs,
        });
      case 'webhook':
        return createWebhookChannel({
          ...common,
          name,
          url: spec.url,
          route: spec.route,
          secret: secret(spec.secretId, `the signing secret of webhook ${spec.name}`),
          timeoutMs: context.timeoutMs,
        });
      case 'whatsapp':
        return createWhatsAppChannel({
          ...common,
          locale: spec.language ?? context.locale,
          name,
          client: whatsappClient(),
          phoneNumberId: spec.phoneNumberId,
          to: spec.to,
          metaApiVersion: spec.metaApiVersion ?? META_API_VERSION,
          route: spec.route,
        });
    }
  }
}
