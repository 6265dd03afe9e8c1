import * as z from './zod';

/**
 * The key that signs the "I'm on it" links and buttons, kept as one item of the state table
 * (no account name starts with `#`, and no other function's grant names this key): created by
 * the first check that needs it (lambda/stores/link-key.ts), read by the checks and by the
 * page and the button functions that verify, granted to them alone by `dynamodb:LeadingKeys`
 * (infra/link-key.ts). Its value is 32 random bytes, written as base64url.
 */

export const LINK_KEY_ITEM_KEY = '#link-key';

/** The key's length in bytes: HMAC-SHA256's block gives nothing past 64, 32 is its output. */
export const LINK_KEY_BYTES = 32;

/** 32 bytes in base64url without padding: 43 characters. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface LinkKeyItem {
  readonly account: typeof LINK_KEY_ITEM_KEY;
  /** The key, base64url. Never logged, never in an error. */
  readonly key: string;
  /** When a check created it (ISO 8601): when to rotate. */
  readonly createdAt: string;
}

let schema: z.ZodMiniType<LinkKeyItem> | undefined;

/** The stored item's schema, built on first use (not when the module loads). */
export function linkKeyItemSchema(): z.ZodMiniType<LinkKeyItem> {
  schema ??= z.object({
    account: z.literal(LINK_KEY_ITEM_KEY),
    key: z.string().check(
      z.regex(KEY_PATTERN, {
        error: `must be ${LINK_KEY_BYTES} bytes in base64url (43 characters of A-Z, a-z, 0-9, - and _)`,
      }),
    ),
    createdAt: z.iso.datetime({ error: 'must be an ISO 8601 time' }),
  });
  return schema;
}
