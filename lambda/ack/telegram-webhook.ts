import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from '../contract/zod';
import type { Locale } from '../alerting/types';
import { catalogOf } from '../messages/locales/all';
import type { StateStore } from '../stores/state-store';
import { cleanName } from './acknowledge';
import { recordPress } from './button-press';
import { verifyButton } from './button-token';

/**
 * The stack's Telegram webhook: where a press of the "I'm on it" button comes back. Telegram
 * POSTs each update with the `X-Telegram-Bot-Api-Secret-Token` header set by `setWebhook`; it
 * is compared (as hashes, in constant time) before anything else is read. A callback query's
 * data is the button's token (button-token.ts), checked against the chat it was pressed in;
 * the acknowledgment is recorded as the page records it (acknowledge.ts): the episode still
 * open, not already covered, one conditional write, named after who pressed. The answer is
 * the webhook's own reply, an `answerCallbackQuery` call Telegram makes on our behalf, so
 * this function never holds the bot's token. Logs the outcome only.
 */

export interface TelegramWebhookRequest {
  readonly method: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface TelegramWebhookResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface TelegramWebhookDeps {
  /** The secret token given to setWebhook. */
  readonly secretToken: () => Promise<string>;
  /** The link key (the buttons' MAC key); undefined while none was ever made: all refused. */
  readonly key: () => Promise<string | undefined>;
  /** The accounts whose buttons this webhook takes. */
  readonly accounts: readonly string[];
  readonly store: (account: string) => StateStore;
  readonly now: () => Date;
  /** The language of an answer when the button names none we can read. */
  readonly locale: Locale;
  readonly stateHealed: (account: string, problems: readonly string[]) => void;
}

export type PressOutcome =
  'taken' | 'already' | 'ended' | 'expired' | 'refused' | 'ignored' | 'unauthorized';

/** An update is a small JSON object; anything bigger is not one. */
export const WEBHOOK_BODY_MAX_BYTES = 64 * 1024;

const user = z.object({
  id: z.number(),
  first_name: z.optional(z.string().check(z.maxLength(256))),
  last_name: z.optional(z.string().check(z.maxLength(256))),
  username: z.optional(z.string().check(z.maxLength(64))),
});

/** As much of Telegram's Update as a press needs; other updates are answered and ignored. */
const updateSchema = z.object({
  update_id: z.number(),
  callback_query: z.optional(
    z.object({
      id: z.string().check(z.minLength(1), z.maxLength(128)),
      from: user,
      message: z.optional(
        z.object({
          chat: z.object({
            id: z.number(),
            title: z.optional(z.string().check(z.maxLength(256))),
            username: z.optional(z.string().check(z.maxLength(64))),
          }),
        }),
      ),
      data: z.optional(z.string().check(z.maxLength(256))),
    }),
  ),
});

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether the header carries the secret: compared as hashes, so lengths leak nothing either. */
export function secretTokenMatches(given: string | undefined, secret: string): boolean {
  return given !== undefined && secret !== '' && timingSafeEqual(digest(given), digest(secret));
}

/** Who pressed, as the others will read it: their name, else their username, else the chat's. */
export function presserName(
  from: z.infer<typeof user>,
  chat: { readonly title?: string | undefined },
): string {
  return (
    [`${from.first_name ?? ''} ${from.last_name ?? ''}`, from.username ?? '', chat.title ?? '']
      .map(cleanName)
      .find((name) => name !== '') ?? ''
  );
}

const json = (statusCode: number, body: unknown): TelegramWebhookResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

export async function handleTelegramWebhook(
  request: TelegramWebhookRequest,
  deps: TelegramWebhookDeps,
): Promise<{ response: TelegramWebhookResponse; outcome: PressOutcome }> {
  if (request.method.toUpperCase() !== 'POST')
    return { response: json(405, { error: 'POST only' }), outcome: 'ignored' };
  if (
    !secretTokenMatches(
      request.headers['x-telegram-bot-api-secret-token'],
      await deps.secretToken(),
    )
  )
    return { response: json(401, { error: 'unauthorized' }), outcome: 'unauthorized' };
  let parsed: z.infer<typeof updateSchema> | undefined;
  try {
    const value: unknown =
      Buffer.byteLength(request.body) > WEBHOOK_BODY_MAX_BYTES
        ? undefined
        : JSON.parse(request.body);
    parsed = updateSchema.safeParse(value).data;
  } catch {
    parsed = undefined;
  }
  const query = parsed?.callback_query;
  // Anything but a callback query (allowed_updates keeps them out anyway): taken, so that
  // Telegram does not send it again.
  if (query === undefined) return { response: json(200, {}), outcome: 'ignored' };
  const answer = (outcome: PressOutcome, text: string) => ({
    response: json(200, { method: 'answerCallbackQuery', callback_query_id: query.id, text }),
    outcome,
  });
  const chat = query.message?.chat;
  if (chat === undefined || query.data === undefined)
    return answer('refused', catalogOf(deps.locale).button.refused);
  const now = deps.now();
  const key = await deps.key();
  // The chat as the deploy config may name it: its id, or a public chat's @username.
  const chats = [String(chat.id), ...(chat.username === undefined ? [] : [`@${chat.username}`])];
  const verdicts = chats.map((c) =>
    key === undefined
      ? ({ ok: false, reason: 'tampered' } as const)
      : verifyButton(query.data ?? '', c, deps.accounts, key, Math.floor(now.getTime() / 1000)),
  );
  const verdict = verdicts.find((v) => v.ok);
  if (verdict === undefined) {
    const expired = verdicts.some((v) => !v.ok && v.reason === 'expired');
    const named = verdicts.map((v) => (v.ok ? undefined : v.locale)).find((l) => l !== undefined);
    const say = catalogOf(named ?? deps.locale).button;
    return expired ? answer('expired', say.expired) : answer('refused', say.refused);
  }
  const { claim } = verdict;
  const say = catalogOf(claim.locale).button;
  const name = presserName(query.from, chat);
  const result = await recordPress(
    deps.store(claim.account),
    claim,
    name,
    now,
    'ack-telegram',
    (problems) => {
      deps.stateHealed(claim.account, problems);
    },
  );
  if (result.kind === 'ended') return answer('ended', say.ended);
  if (result.kind === 'already') return answer('already', say.already(result.by));
  return answer('taken', say.taken(name));
}
