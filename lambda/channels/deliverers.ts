import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Locale } from '../alerting/types';
import type { ChannelSpec } from '../contract/channels';
import type { Tier } from '../contract/escalation';
import type { Notifier } from '../delivery/channel-port';
import type { RenderContext } from '../messages/render';
import { createOperatorNotice, type OperatorNotice } from './operator-notice';
import { createChannels } from './registry';
import { createSnsChannel } from './sns';
import { createTierChannel } from './tier';

/**
 * Everything that delivers: the alert topic, the channels of `CHANNELS`, the escalation tiers
 * and the operator topic's notice, with their SNS client. The check function builds them only
 * when it has something to deliver (lambda/handler.ts, through channels/lazy.ts); until then it
 * plans with their routes (channels/routes.ts).
 */

export interface DeliverersOptions {
  readonly secrets: SecretsManagerClient;
  readonly topicArn: string;
  readonly locale: Locale;
  readonly render: RenderContext;
  /** The alert topic's render: it alone says that IT hears the alert too. */
  readonly topicRender: RenderContext;
  readonly smsSenderId: string | undefined;
  readonly channels: readonly ChannelSpec[];
  readonly tiers: readonly Tier[];
  readonly timeoutMs: number;
  readonly secretCacheSeconds: number;
  readonly telegram: { readonly apiUrl: string; readonly tokenSecretId: string | undefined };
  readonly operatorTopicArn: string | undefined;
}

export interface Deliverers {
  readonly channels: readonly Notifier[];
  /** Alerts given up on go to the operator topic, apart from the alert topic that may have failed. */
  readonly operatorNotice: OperatorNotice | undefined;
}

export function createDeliverers(options: DeliverersOptions): Deliverers {
  const { locale, render } = options;
  const sns = new SNSClient({});
  const sms = options.smsSenderId === undefined ? {} : { senderId: options.smsSenderId };
  return {
    channels: [
      createSnsChannel(sns, options.topicArn, { locale, render: options.topicRender, sms }),
      ...createChannels(options.channels, {
        sns,
        secrets: options.secrets,
        locale,
        render,
        timeoutMs: options.timeoutMs,
        secretCacheSeconds: options.secretCacheSeconds,
        telegram: options.telegram,
        sms,
      }),
      ...options.tiers.map((tier) => createTierChannel({ client: sns, tier, locale, render, sms })),
    ],
    operatorNotice:
      options.operatorTopicArn === undefined
        ? undefined
        : createOperatorNotice(sns, options.operatorTopicArn, { locale, render }),
  };
}
