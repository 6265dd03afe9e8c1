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
 */

export interface SentMessage {
  readonly chatId: string;
  /** As sent (HTML). */
  readonly text: string;
  /** As the chat shows it: tags applied, entities decoded. */
  readonly plain: string;
  readonly parseMode: string | undefined;
}

export type TelegramFault = { readonly status: 429; readonly retryAfter: number } | 500 | 'hang';

export interface FakeTelegram {
  readonly url: string;
  readonly messages: SentMessage[];
  /** Requests refused, with the description sent back. */
  readonly refused: { readonly status: number; readonly description: string }[];
  /** Faults answered, one per request, before normal answers. */
  fail(...faults: TelegramFault[]): void;
  close(): Promise<void>;
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
      if (match[2] !== 'sendMessage' || req.method !== 'POST')
        return refuse(res, 404, 'Not Found: method not found');
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
      messages.push({ chatId, text, plain, parseMode });
      answer(res, 200, {
        ok: true,
        result: {
          message_id: nextId++,
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
    close,
  };
}
