import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../alerting/types';
import { LOCALES } from '../contract/severities';

/**
 * The acknowledge token: which account, which episode, until when, in which language, signed
 * with HMAC-SHA256 (the key from Secrets Manager) and compared in constant time. It is a
 * capability: whoever has the link may say "I'm on it" for that episode, until it expires or
 * the episode ends. Never logged.
 */

export interface AckClaim {
  /** Account name. */
  readonly account: string;
  /** Episode id: "b:<since>" (balance) or "f:<since>" (failure). */
  readonly episode: string;
  /** Expiry, epoch seconds. */
  readonly expires: number;
  readonly locale: Locale;
}

/** How long a link works: long enough for a weekend, bounded so an old mail is not a key. */
export const ACK_TTL_HOURS = 72;

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signAck(claim: AckClaim, key: string): string {
  const payload = b64(JSON.stringify([claim.account, claim.episode, claim.expires, claim.locale]));
  return `${payload}.${b64(mac(key, payload))}`;
}

export type AckVerdict =
  | { readonly ok: true; readonly claim: AckClaim }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'tampered' | 'expired';
      readonly locale?: Locale;
    };

const isLocale = (value: unknown): value is Locale =>
  (LOCALES as readonly unknown[]).includes(value);

/** Checks the signature first (in constant time), then the expiry. */
export function verifyAck(token: string, key: string, nowSeconds: number): AckVerdict {
  if (token.length > 600) return { ok: false, reason: 'malformed' };
  const [payload, signature, ...rest] = token.split('.');
  if (
    payload === undefined ||
    signature === undefined ||
    rest.length > 0 ||
    !/^[\w-]+$/.test(payload + signature)
  )
    return { ok: false, reason: 'malformed' };
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'tampered' };
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    !Array.isArray(fields) ||
    typeof fields[0] !== 'string' ||
    typeof fields[1] !== 'string' ||
    typeof fields[2] !== 'number' ||
    !isLocale(fields[3])
  )
    return { ok: false, reason: 'malformed' };
  const claim: AckClaim = {
    account: fields[0],
    episode: fields[1],
    expires: fields[2],
    locale: fields[3],
  };
  if (nowSeconds > claim.expires) return { ok: false, reason: 'expired', locale: claim.locale };
  return { ok: true, claim };
}
