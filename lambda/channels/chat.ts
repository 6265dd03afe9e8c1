import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { attributesOf, episodeIdOf, type AlertEvent, type Locale } from '../alerting/types';
import type { OutboxEntry } from '../delivery/outbox-entry';
import { draftOf, renderAlert, titleOf, type RenderContext } from '../messages/render';
import {
  refuseLegacy,
  wantsRoute,
  type ChannelOptions,
  type Notifier,
} from '../delivery/channel-port';
import { snsDeliveryError } from './sns';

/**
 * Slack and Microsoft Teams through AWS's own chat integration (Amazon Q Developer in chat
 * applications, formerly AWS Chatbot): the function publishes a *custom notification* to a
 * topic of its own, which the chat channel configuration reads. The format is AWS's
 * (docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html): `version` "1.0",
 * `source` "custom", `content` with a title and a description in the chat's markdown, and
 * metadata the integration uses to thread updates. Routing is the function's: a chat topic
 * carries only what its route lets through.
 */

const EMOJI: Record<string, string> = {
  LOW: ':warning:',
  CRITICAL: ':rotating_light:',
  REMINDER: ':bell:',
  RECOVERED: ':white_check_mark:',
  FORECAST: ':chart_with_downwards_trend:',
  UNUSUAL_OUTFLOW: ':money_with_wings:',
  FAILING: ':x:',
  FAILING_RESOLVED: ':white_check_mark:',
  STALE: ':hourglass:',
  STALE_RESOLVED: ':white_check_mark:',
  TEST: ':wave:',
};

/**
 * Limits of the custom notification fields: title 250, description 8000, each next step 350,
 * each keyword 75 characters (AWS's schema as client libraries state it; the page's own table
 * is what test/unit/channel-formats.test.ts checks the rendering against).
 */
export const CHAT_LIMITS = {
  title: 250,
  description: 8000,
  nextSteps: 5,
  nextStep: 350,
  keyword: 75,
} as const;

export interface CustomNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: {
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

/**
 * Slack and Teams markdown read `*`, `_`, `~` and backticks; the texts mean none of them. Links
 * are left whole (an invisible character inside one would break it).
 */
const plainMarkdown = (text: string) =>
  text
    .split(/(https?:\/\/\S+)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[*_~`]/g, (c) => `\u200b${c}\u200b`)))
    .join('');

/**
 * What to do, as chat's next steps, in the e-mail's order: a line indented under a bullet (a
 * HELD's "- top up" and its amounts) is one step with it, and a heading alone ("What to do:")
 * is the next steps' own title. Past the limit of steps, the last takes the rest. A step that
 * would still be too long for chat, and all of what to do goes below the description instead,
 * whole and in order: never a step cut, a bullet split, or a line moved above its heading.
 */
export function chatSteps(action: readonly string[]): {
  readonly steps: readonly string[];
  readonly overflow: readonly string[];
} {
  const lines = action.filter((line) => line.trim() !== '');
  const items: string[] = [];
  for (const line of lines) {
    const last = items.length - 1;
    if (/^\s/.test(line) && last >= 0) items[last] = `${items[last] ?? ''}\n${line}`;
    else if (!/^[^:]{1,30}:$/.test(line.trim())) items.push(line);
  }
  const steps = [
    ...items.slice(0, CHAT_LIMITS.nextSteps - 1),
    ...(items.length >= CHAT_LIMITS.nextSteps
      ? [items.slice(CHAT_LIMITS.nextSteps - 1).join('\n')]
      : []),
  ];
  return steps.every((step) => step.length <= CHAT_LIMITS.nextStep)
    ? { steps, overflow: [] }
    : { steps: [], overflow: lines };
}

export function renderChat(
  entry: Pick<OutboxEntry, 'id' | 'event'>,
  locale: Locale,
  context: RenderContext,
): CustomNotification {
  const event: AlertEvent = entry.event;
  // One draft for every part (each draft signs the acknowledge link again).
  const draft = draftOf(event, locale, context);
  const alert = renderAlert(event, locale, context, draft);
  const attributes = attributesOf(event);
  const emoji = EMOJI[event.severity] ?? '';
  const { steps, overflow } = chatSteps(draft.action);
  return {
    version: '1.0',
    source: 'custom',
    id: entry.id,
    content: {
      textType: 'client-markdown',
      // The subject with its accents: the SNS subject is ASCII only because e-mail needs it.
      // No emoji (an acknowledgment, a digest, a summary): no space before the title either.
      title: [emoji, plainMarkdown(titleOf(draft, event.account))]
        .filter((part) => part !== '')
        .join(' ')
        .slice(0, CHAT_LIMITS.title),
      description: plainMarkdown(
        [[draft.headline, ...draft.details], overflow]
          .filter((block) => block.length > 0)
          .map((block) => block.join('\n'))
          .join('\n\n'),
      ).slice(0, CHAT_LIMITS.description),
      ...(steps.length === 0
        ? {}
        : { nextSteps: steps.map((step) => plainMarkdown(step).slice(0, CHAT_LIMITS.nextStep)) }),
      keywords: [
        event.account,
        event.severity,
        ...(attributes.level === undefined ? [] : [attributes.level]),
      ].map((k) => k.slice(0, CHAT_LIMITS.keyword)),
    },
    metadata: {
      // One thread per episode: its LOW, reminders, acknowledgment and RECOVERED read as one
      // story; other alerts stand alone.
      threadId: `dexchange-${event.account}-${episodeIdOf(event) ?? entry.id}`.slice(0, 200),
      summary: alert.sms,
      eventType: event.severity,
      additionalContext: {
        account: event.account,
        severity: event.severity,
        ...(attributes.level === undefined ? {} : { level: attributes.level }),
        ...(attributes.remindsOf === undefined ? {} : { remindsOf: attributes.remindsOf }),
      },
    },
  };
}

export function createChatChannel(
  options: ChannelOptions & {
    readonly client: SNSClient;
    readonly topicArn: string;
  },
): Notifier {
  return {
    name: options.name,
    wants: wantsRoute(options.route),
    async deliver(entry, signal) {
      refuseLegacy(entry, 'chat');
      const notification = JSON.stringify(renderChat(entry, options.locale, options.render));
      try {
        // The same JSON for every protocol: the integration subscribes over https.
        await options.client.send(
          new PublishCommand({
            TopicArn: options.topicArn,
            MessageStructure: 'json',
            Message: JSON.stringify({ default: notification, https: notification }),
          }),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        throw snsDeliveryError(error);
      }
    },
  };
}
