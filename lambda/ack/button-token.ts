import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../alerting/types';
import { LOCALES } from '../contract/severities';
import { ACK_TTL_HOURS } from './token';

/**
 * The "I'm on it" button's token, for Telegram's `callback_data` (at most 64 bytes): the
 * page's token (token.ts) would not fit, so the facts are packed and the MAC truncated.
 *
 *   1 b 1 . Xk3_Qa . mivx0a2b . tn0h5c . <22 characters>
 *   │ │ │   │        │          │        └ HMAC-SHA256 under the acknowledge key, first 16 bytes
 *   │ │ │   │        │          └ expiry, epoch seconds, base 36 (ACK_TTL_HOURS, as the page's)
 *   │ │ │   │        └ the episode's start, epoch milliseconds, base 36
 *   │ │ │   └ the account's reference: 6 base64url characters of SHA-256(name) (not secret)
 *   │ │ └ the locale's index in LOCALES
 *   │ └ the episode's kind: b (balance) or f (failure)
 *   └ the layout's version
 *
 * 49 bytes until 2039 (51 at most before the year 2059), all ASCII. The MAC covers the whole
 * account name, the episode, the expiry, the locale and the chat the button was sent to, under
 * its own domain ("tg-button/1"), so neither a page token's MAC nor another chat's button can
 * stand in for it. The account reference only picks which name to check: two names sharing
 * one are both tried. Never logged.
 */

export interface ButtonClaim {
  readonly account: string;
  /** "b:<since>" or "f:<since>", as the page's claim (since: an ISO instant). */
  readonly episode: string;
  /** Expiry, epoch seconds. */
  readonly expires: number;
  readonly locale: Locale;
  /** The Telegram chat the button was sent to (the chat id as configured). */
  readonly chat: string;
}

/**
 * What a WhatsApp button is bound to in place of a chat: the recipient's number, E.164. The
 * prefix keeps it apart from any Telegram chat (an id or an @username), so a button sent to
 * one can never be taken from the other.
 */
export const whatsappBinding = (number: string): string => `wa:${number}`;

/** Telegram's limit on callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
/** The MAC kept: 128 bits. */
export const BUTTON_MAC_BYTES = 16;
const VERSION = '1';

/** The account's 6-character reference: where a button says which account it is about. */
export function accountRef(account: string): string {
  return createHash('sha256').update(account, 'utf8').digest('base64url').slice(0, 6);
}

/**
 * A public chat's @username as the MAC covers it: lower case, since Telegram treats
 * "@BoutiqueDakar" and "@boutiquedakar" as one chat, and the config and Telegram's update may
 * spell it differently. Chat ids and WhatsApp bindings are left as they are.
 */
export function chatBinding(chat: string): string {
  return chat.startsWith('@') ? chat.toLowerCase() : chat;
}

function mac(key: string, claim: ButtonClaim): string {
  const chat = chatBinding(claim.chat);
  return createHmac('sha256', key)
    .update(
      ['tg-button/1', claim.account, claim.episode, claim.expires, claim.locale, chat].join('\n'),
    )
    .digest()
    .subarray(0, BUTTON_MAC_BYTES)
    .toString('base64url');
}

/** The callback_data; undefined when the episode id is not one a button can carry. */
export function signButton(claim: ButtonClaim, key: string): string | undefined {
  const kind = claim.episode.slice(0, 2);
  const since = Date.parse(claim.episode.slice(2));
  if ((kind !== 'b:' && kind !== 'f:') || !Number.isFinite(since) || since < 0) return undefined;
  // The receiver rebuilds the episode from the milliseconds: the MAC covers that spelling.
  const canonical = { ...claim, episode: `${kind}${new Date(since).toISOString()}` };
  const data = [
    `${VERSION}${kind[0] ?? ''}${LOCALES.indexOf(claim.locale)}`,
    accountRef(claim.account),
    since.toString(36),
    claim.expires.toString(36),
    mac(key, canonical),
  ].join('.');
  return Buffer.byteLength(data) <= CALLBACK_DATA_MAX_BYTES ? data : undefined;
}

/** A button for an episode, valid for ACK_TTL_HOURS from `nowMs`. */
export function buttonFor(
  fields: Omit<ButtonClaim, 'expires'>,
  key: string,
  nowMs: number,
): string | undefined {
  return signButton({ ...fields, expires: Math.floor(nowMs / 1000) + ACK_TTL_HOURS * 3600 }, key);
}

export type ButtonVerdict =
  | { readonly ok: true; readonly claim: ButtonClaim }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'tampered' | 'expired';
      /** The locale the data names, to answer in (it says nothing more when tampered). */
      readonly locale?: Locale;
    };

const BASE36 = /^[0-9a-z]{1,12}$/;

/**
 * Checks the MAC in constant time against each account whose reference matches and the chat
 * the press came from, then the expiry. `accounts`: the accounts this receiver serves.
 */
export function verifyButton(
  data: string,
  chat: string,
  accounts: readonly string[],
  key: string,
  nowSeconds: number,
): ButtonVerdict {
  if (data.length > CALLBACK_DATA_MAX_BYTES) return { ok: false, reason: 'malformed' };
  const [head, ref, since36, expires36, given, ...rest] = data.split('.');
  if (
    head?.length !== 3 ||
    head[0] !== VERSION ||
    ref === undefined ||
    since36 === undefined ||
    expires36 === undefined ||
    given === undefined ||
    rest.length > 0 ||
    !BASE36.test(since36) ||
    !BASE36.test(expires36) ||
    !/^[\w-]{22}$/.test(given)
  )
    return { ok: false, reason: 'malformed' };
  const kind = head[1];
  const locale = LOCALES[Number(head[2])];
  if ((kind !== 'b' && kind !== 'f') || locale === undefined)
    return { ok: false, reason: 'malformed' };
  const since = new Date(parseInt(since36, 36));
  if (Number.isNaN(since.getTime())) return { ok: false, reason: 'malformed' };
  const expires = parseInt(expires36, 36);
  const episode = `${kind}:${since.toISOString()}`;
  // Compared as text, not as decoded bytes: the 22nd character carries 4 unused bits, and
  // decoding would let 16 spellings of one MAC through.
  const givenText = Buffer.from(given, 'ascii');
  const match = accounts
    .filter((account) => accountRef(account) === ref)
    .map((account): ButtonClaim => ({ account, episode, expires, locale, chat }))
    .find((claim) => timingSafeEqual(Buffer.from(mac(key, claim), 'ascii'), givenText));
  if (match === undefined) return { ok: false, reason: 'tampered', locale };
  if (nowSeconds > match.expires) return { ok: false, reason: 'expired', locale };
  return { ok: true, claim: match };
}
