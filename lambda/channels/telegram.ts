import type { Locale } from '../alerting/types';
import type { OutboxEntry } from '../delivery/outbox-entry';
import { catalogOf } from '../messages/locales/all';
import {
  acknowledgeTargetOf,
  draftOf,
  renderAlert,
  titleOf,
  type RenderContext,
} from '../messages/render';
import type { ChannelSecret } from './channel-secret';
import { CHANNEL_ATTEMPT_MS, excerpt, pause, postOnce, transportProblem } from './http';
import {
  DeliveryError,
  refuseLegacy,
  wantsRoute,
  type ChannelOptions,
  type Notifier,
} from '../delivery/channel-port';

/**
 * Telegram, from the function: the Bot API's `sendMessage` (core.telegram.org/bots/api) with
 * `parse_mode` HTML, the token from Secrets Manager (it sits in the request path, so it is
 * redacted from every error), the chat id from the deploy config. A timeout per attempt, at
 * most 3 attempts, `retry_after` honoured when it fits the check's time, the answer read up to
 * a cap.
 */

/** sendMessage takes 1 to 4096 characters of text after entity parsing. */
export const TELEGRAM_TEXT_MAX = 4096;
const ATTEMPTS = 3;
/** A 429's retry_after is waited for only up to this; longer, the outbox's backoff takes over. */
const MAX_WAIT_MS = 2000;

/** HTML mode escapes exactly these three (the Bot API's formatting options). */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderTelegram(
  entry: Pick<OutboxEntry, 'event'>,
  locale: Locale,
  context: RenderContext,
): string {
  const draft = draftOf(entry.event, locale, context);
  const alert = renderAlert(entry.event, locale, context, draft);
  // The subject with its accents ("à 0 h 26"): only SNS's e-mail subject must be ASCII.
  const title = `<b>${escapeHtml(titleOf(draft, entry.event.account))}</b>\n\n`;
  return title + escapeHtml(fitEscaped(alert.email, TELEGRAM_TEXT_MAX - title.length));
}

/** How long a character is once escaped for HTML mode. */
const escapedLength = (char: string) =>
  char === '&' ? 5 : char === '<' || char === '>' ? 4 : char.length;

/**
 * The longest start of `text` whose escaped form fits `max` UTF-16 units. Cut before escaping,
 * so that no entity (`&amp;`) is cut in half, and by code points, so that no emoji (a surrogate
 * pair) is: a lone surrogate is not valid text, and Telegram would refuse or mangle it.
 */
export function fitEscaped(text: string, max: number): string {
  let length = 0;
  let end = 0;
  for (const char of text) {
    length += escapedLength(char);
    if (length > max) return text.slice(0, end);
    end += char.length;
  }
  return text;
}

/**
 * The inline "I'm on it" button under an alert that asks someone to act, when Telegram buttons
 * are on: its callback_data is the signed token (lambda/ack/button-token.ts) for this chat.
 * The press reaches the stack's Telegram webhook (lambda/ack/telegram-webhook.ts).
 */
export function telegramButton(
  entry: Pick<OutboxEntry, 'event'>,
  locale: Locale,
  context: RenderContext,
  chatId: string,
): { inline_keyboard: { text: string; callback_data: string }[][] } | undefined {
  const target = acknowledgeTargetOf(entry.event);
  const data = target === undefined ? undefined : context.acknowledgeButton?.(target, chatId);
  if (data === undefined) return undefined;
  return {
    inline_keyboard: [[{ text: catalogOf(locale).render.acknowledgeButton, callback_data: data }]],
  };
}

interface TelegramAnswer {
  readonly ok?: boolean;
  readonly error_code?: number;
  readonly description?: string;
  readonly parameters?: { readonly retry_after?: number };
}

function parseAnswer(text: string): TelegramAnswer {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

export function createTelegramChannel(
  options: ChannelOptions & {
    readonly chatId: string;
    readonly token: ChannelSecret;
    readonly apiUrl: string;
    readonly timeoutMs: number;
  },
): Notifier {
  // Each attempt within both the configured timeout and what a delivery may take.
  const attemptMs = Math.min(options.timeoutMs, CHANNEL_ATTEMPT_MS);
  return {
    name: options.name,
    wants: wantsRoute(options.route),
    async deliver(entry, signal) {
      refuseLegacy(entry, 'Telegram');
      const token = await options.token.read();
      const secrets = [token];
      const button = telegramButton(entry, options.locale, options.render, options.chatId);
      const body = JSON.stringify({
        chat_id: options.chatId,
        text: renderTelegram(entry, options.locale, options.render),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(button === undefined ? {} : { reply_markup: button }),
      });
      let last = '';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        let status: number;
        let answer: TelegramAnswer;
        try {
          const response = await postOnce(`${options.apiUrl}/bot${token}/sendMessage`, body, {
            headers: {},
            timeoutMs: attemptMs,
            ...(signal === undefined ? {} : { signal }),
          });
          status = response.status;
          answer = parseAnswer(response.text);
        } catch (error) {
          last = `Telegram ${transportProblem(error, attemptMs)}`;
          if (signal?.aborted === true) break;
          continue;
        }
        if (status >= 200 && status < 300 && answer.ok === true) return;
        const said = excerpt(answer.description ?? '', secrets);
        last = `Telegram answered ${status}${said === '' ? '' : `: ${said}`}`;
        if (status === 429) {
          const wait = (answer.parameters?.retry_after ?? 1) * 1000;
          if (wait > MAX_WAIT_MS || attempt === ATTEMPTS) break;
          await pause(wait, signal);
          continue;
        }
        if (status >= 500) {
          await pause(500, signal);
          continue;
        }
        // A text Telegram cannot take is ours to fix: this message will never go out.
        if (status === 400 && /parse entities|too long|text must be non-empty/i.test(said))
          throw new DeliveryError(last, true);
        // 400 (a chat not found), 401/404 (the token), 403 (the bot was
        // removed from the chat): another attempt now would get the same answer. Not parked
        // at once either: fixing the chat id, the token or the bot's membership fixes the next
        // attempt, and after 6 hours of failing the outbox parks it with an alarm.
        throw new DeliveryError(`${last}${hint(status)}`, false);
      }
      throw new DeliveryError(last === '' ? 'Telegram did not answer' : last, false);
    },
  };
}

function hint(status: number): string {
  if (status === 401 || status === 404)
    return ' (the bot token is not valid: put the one BotFather gave)';
  if (status === 403) return ' (the bot is not a member of the chat, or was blocked: add it again)';
  if (status === 400)
    return ' (check the chat id in the deploy config, and that the bot was added to that chat)';
  return '';
}
