import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeIncludingSockets } from './closable-server';
import { readRequestBody } from './read-request';

/**
 * A stand-in for the Telegram Bot API's `sendMessage` (core.telegram.org/bots/api), to its
 * documented request and error shapes: the token in the path, `chat_id`, `text` (1 to 4096
 * characters after entity parsing), `parse_mode` HTML with only Telegram's tags and entities;
 * answers `{"ok": true, "result": Message}` or `{"ok": false, "error_code", "description"}`
 * (400 "Bad Request: chat not found", 429 with `parameters.retry_after`, 401 for a bad token).
 *
 * And the inline buttons' round trip: `reply_markup.inline_keyboard` is checked
 * (`callback_data` 1 to 64 bytes, else 400 BUTTON_DATA_INVALID); `setWebhook` (its
 * `secret_token` 1 to 256 of A-Z a-z 0-9 _ -, `allowed_updates`), `deleteWebhook`,
 * `getWebhookInfo`, and `getUpdates`, refused with 409 while a webhook is set, as Telegram
 * does. `press()` is a person pressing a button: the callback query is POSTed to the webhook
 * with the `X-Telegram-Bot-Api-Secret-Token` header, and an `answerCallbackQuery` in the
 * webhook's reply is checked (a query id of ours, text at most 200 characters) and kept.
 */

export interface SentMessage {
  readonly chatId: string;
  /** As sent (HTML). */
  readonly text: string;
  /** As the chat shows it: tags applied, entities decoded. */
  readonly plain: string;
  readonly parseMode: string | undefined;
  readonly messageId: number;
  /** The inline keyboard's buttons, row after row. */
  readonly buttons: readonly { readonly text: string; readonly callbackData: string }[];
}

/** Who presses a button (Telegram's User). */
export interface TelegramUser {
  readonly id: number;
  readonly first_name: string;
  readonly last_name?: string;
  readonly username?: string;
}

/** What pressing a button came to. */
export interface PressResult {
  /** The webhook's HTTP status. */
  readonly status: number;
  /** The answerCallbackQuery text the webhook replied with, if it did. */
  readonly answer: string | undefined;
}

export interface WebhookSetting {
  readonly url: string;
  readonly secretToken: string | undefined;
  readonly allowedUpdates: readonly string[] | undefined;
}

export type TelegramFault = { readonly status: 429; readonly retryAfter: number } | 500 | 'hang';

export interface FakeTelegram {
  readonly url: string;
  readonly messages: SentMessage[];
  /** Requests refused, with the description sent back. */
  readonly refused: { readonly status: number; readonly description: string }[];
  /** Faults answered, one per request, before normal answers. */
  fail(...faults: TelegramFault[]): void;
  /** The webhook set by setWebhook, if any. */
  webhook(): WebhookSetting | undefined;
  /**
   * Someone presses a message's button (the first, by default) in its chat: the callback
   * query goes to the webhook. `data` replaces the button's callback_data (a modified client).
   */
  press(
    message: SentMessage,
    from: TelegramUser,
    options?: { readonly data?: string; readonly chatId?: string },
  ): Promise<PressResult>;
  close(): Promise<void>;
}

const SECRET_TOKEN = /^[\w-]{1,256}$/;

/** The buttons of an inline keyboard, or why Telegram would refuse it. */
function keyboardOf(markup: unknown): { buttons: SentMessage['buttons'] } | { error: string } {
  if (markup === undefined) return { buttons: [] };
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row)))
    return { error: "Bad Request: can't parse reply keyboard markup JSON object" };
  const buttons: { text: string; callbackData: string }[] = [];
  for (const button of (rows as unknown[][]).flat()) {
    const { text, callback_data: data } = button as { text?: unknown; callback_data?: unknown };
    if (typeof text !== 'string' || text === '')
      return { error: 'Bad Request: BUTTON_TEXT_INVALID' };
    if (typeof data !== 'string' || data === '' || Buffer.byteLength(data) > 64)
      return { error: 'Bad Request: BUTTON_DATA_INVALID' };
    buttons.push({ text, callbackData: data });
  }
  return { buttons };
}

const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'tg-spoiler',
  'blockquote',
  'span',
  'tg-emoji',
]);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Telegram's HTML: the text as shown, or the reason it cannot be parsed. */
export function parseTelegramHtml(html: string): { plain: string } | { error: string } {
  const open: string[] = [];
  let plain = '';
  for (let i = 0; i < html.length;) {
    const c = html[i] ?? '';
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { error: `Unclosed start tag at byte offset ${i}` };
      const inner = html.slice(i + 1, end).trim();
      const closing = inner.startsWith('/');
      const name = (closing ? inner.slice(1) : inner).split(/\s/)[0]?.toLowerCase() ?? '';
      if (!TAGS.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (open.pop() !== name)
          return {
            error: `Unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"`,
          };
      } else open.push(name);
      i = end + 1;
    } else if (c === '&') {
      const end = html.indexOf(';', i);
      const entity = end < 0 ? '' : html.slice(i + 1, end);
      if (NAMED[entity] !== undefined) plain += NAMED[entity];
      else if (/^#\d+$/.test(entity)) plain += String.fromCodePoint(Number(entity.slice(1)));
      else if (/^#x[0-9a-f]+$/i.test(entity))
        plain += String.fromCodePoint(parseInt(entity.slice(2), 16));
      else return { error: `Character entity expected at byte offset ${i}` };
      i = end + 1;
    } else if (c === '>') {
      // A bare ">" is accepted by Telegram; "<" and "&" are not.
      plain += c;
      i += 1;
    } else {
      plain += c;
      i += 1;
    }
  }
  if (open.length > 0)
    return { error: `Can't find end tag corresponding to start tag "${open.at(-1) ?? ''}"` };
  return { plain };
}

export async function startFakeTelegram(options: {
  readonly token: string;
  readonly chats: readonly string[];
  readonly port?: number;
}): Promise<FakeTelegram> {
  const messages: SentMessage[] = [];
  const refused: { status: number; description: string }[] = [];
  const faults: TelegramFault[] = [];
  let nextId = 1;
  let hook: WebhookSetting | undefined;
  let nextUpdate = 1;
  const openQueries = new Set<string>();
  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const refuse = (
    res: ServerResponse,
    status: number,
    description: string,
    parameters?: unknown,
  ) => {
    refused.push({ status, description });
    answer(res, status, {
      ok: false,
      error_code: status,
      description,
      ...(parameters === undefined ? {} : { parameters }),
    });
  };
  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (match === null) return refuse(res, 404, 'Not Found');
      const body = await readRequestBody(req);
      if (match[1] !== options.token) return refuse(res, 401, 'Unauthorized');
      if (req.method !== 'POST') return refuse(res, 404, 'Not Found: method not found');
      if (match[2] === 'getUpdates') {
        if (hook !== undefined)
          return refuse(
            res,
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        return answer(res, 200, { ok: true, result: [] });
      }
      if (match[2] === 'getWebhookInfo')
        return answer(res, 200, {
          ok: true,
          result: {
            url: hook?.url ?? '',
            has_custom_certificate: false,
            pending_update_count: 0,
            ...(hook?.allowedUpdates === undefined ? {} : { allowed_updates: hook.allowedUpdates }),
          },
        });
      if (match[2] === 'deleteWebhook') {
        hook = undefined;
        return answer(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
      }
      if (match[2] === 'setWebhook') {
        // JSON or a form, as the Bot API takes either (a form's allowed_updates is JSON text).
        let json: Record<string, unknown>;
        try {
          if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
            const form = Object.fromEntries(new URLSearchParams(body));
            json = {
              ...form,
              ...(form.allowed_updates === undefined
                ? {}
                : { allowed_updates: JSON.parse(form.allowed_updates) as unknown }),
            };
          } else json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          return refuse(res, 400, 'Bad Request: request body is not JSON');
        }
        const url = typeof json.url === 'string' ? json.url : '';
        if (url === '') {
          hook = undefined;
          return answer(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
        }
        if (!/^https?:\/\//.test(url))
          return refuse(
            res,
            400,
            'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
          );
        const secretToken = json.secret_token;
        if (
          secretToken !== undefined &&
          (typeof secretToken !== 'string' || !SECRET_TOKEN.test(secretToken))
        )
          return refuse(res, 400, 'Bad Request: secret token contains unallowed characters');
        const allowed = json.allowed_updates;
        if (
          allowed !== undefined &&
          (!Array.isArray(allowed) || allowed.some((u) => typeof u !== 'string'))
        )
          return refuse(res, 400, "Bad Request: can't parse allowed updates");
        hook = {
          url,
          secretToken,
          allowedUpdates: allowed as string[] | undefined,
        };
        return answer(res, 200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (match[2] !== 'sendMessage') return refuse(res, 404, 'Not Found: method not found');
      const fault = faults.shift();
      if (fault === 'hang') return;
      if (fault === 500) return refuse(res, 500, 'Internal Server Error');
      if (fault !== undefined)
        return refuse(res, 429, `Too Many Requests: retry after ${fault.retryAfter}`, {
          retry_after: fault.retryAfter,
        });
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return refuse(res, 400, 'Bad Request: request body is not JSON');
      }
      const chatId =
        typeof json.chat_id === 'string' || typeof json.chat_id === 'number'
          ? String(json.chat_id)
          : '';
      if (chatId === '') return refuse(res, 400, 'Bad Request: chat_id is empty');
      const text = typeof json.text === 'string' ? json.text : '';
      if (text === '') return refuse(res, 400, 'Bad Request: message text is empty');
      const parseMode = typeof json.parse_mode === 'string' ? json.parse_mode : undefined;
      if (
        parseMode !== undefined &&
        !['html', 'markdownv2', 'markdown'].includes(parseMode.toLowerCase())
      )
        return refuse(res, 400, 'Bad Request: unsupported parse_mode');
      let plain = text;
      if (parseMode?.toLowerCase() === 'html') {
        const parsed = parseTelegramHtml(text);
        if ('error' in parsed)
          return refuse(res, 400, `Bad Request: can't parse entities: ${parsed.error}`);
        plain = parsed.plain;
      }
      if (plain.length > 4096) return refuse(res, 400, 'Bad Request: message is too long');
      if (!options.chats.includes(chatId)) return refuse(res, 400, 'Bad Request: chat not found');
      const keyboard = keyboardOf(json.reply_markup);
      if ('error' in keyboard) return refuse(res, 400, keyboard.error);
      const messageId = nextId++;
      messages.push({ chatId, text, plain, parseMode, messageId, buttons: keyboard.buttons });
      answer(res, 200, {
        ok: true,
        result: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId },
          text: plain,
        },
      });
    })();
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    refused,
    fail: (...more) => faults.push(...more),
    webhook: () => hook,
    async press(message, from, pressOptions = {}) {
      if (hook === undefined)
        throw new Error('no webhook is set: the press would wait in getUpdates');
      if (hook.allowedUpdates !== undefined && !hook.allowedUpdates.includes('callback_query'))
        throw new Error('the webhook does not take callback_query updates');
      const data = pressOptions.data ?? message.buttons[0]?.callbackData;
      if (data === undefined) throw new Error('the message has no button');
      const queryId = `${nextUpdate}0${from.id}`;
      openQueries.add(queryId);
      const chatId = pressOptions.chatId ?? message.chatId;
      const update = {
        update_id: nextUpdate++,
        callback_query: {
          id: queryId,
          from: { ...from, is_bot: false },
          chat_instance: `-${chatId}`,
          data,
          message: {
            message_id: message.messageId,
            date: Math.floor(Date.now() / 1000),
            chat: /^-?\d+$/.test(chatId)
              ? { id: Number(chatId), type: 'supergroup', title: 'Finance' }
              : { id: -1009999999999, type: 'channel', username: chatId.replace(/^@/, '') },
            text: message.plain,
          },
        },
      };
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(hook.secretToken === undefined
            ? {}
            : { 'x-telegram-bot-api-secret-token': hook.secretToken }),
        },
        body: JSON.stringify(update),
      });
      const reply = await response.text();
      if (response.status !== 200 || reply === '')
        return { status: response.status, answer: undefined };
      const call = JSON.parse(reply) as Record<string, unknown>;
      if (call.method === undefined) return { status: response.status, answer: undefined };
      if (call.method !== 'answerCallbackQuery')
        throw new Error(
          `the webhook replied with ${JSON.stringify(call.method)}, not answerCallbackQuery`,
        );
      if (typeof call.callback_query_id !== 'string' || !openQueries.delete(call.callback_query_id))
        throw new Error('answerCallbackQuery: QUERY_ID_INVALID');
      if (typeof call.text === 'string' && call.text.length > 200)
        throw new Error('answerCallbackQuery: MESSAGE_TOO_LONG (text over 200 characters)');
      return {
        status: response.status,
        answer: typeof call.text === 'string' ? call.text : undefined,
      };
    },
    close,
  };
}
