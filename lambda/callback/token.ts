import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Each account's callback token: HMAC-SHA256 of the account's name under the stack's one
 * callback key, base64url (43 characters, 256 bits). Derived rather than stored, so the stack
 * keeps one secret for every account's token instead of one each; isolation holds because a
 * token says nothing of the key or of another account's token. The token is the callback URL's
 * last path segment and the only identity of a callback: never logged.
 */
export function callbackToken(key: string, account: string): string {
  return createHmac('sha256', key).update(`dexchange-callback:${account}`).digest('base64url');
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The accounts' tokens, as hashes, to find which account a path's token names. */
export interface TokenBook {
  /** The account whose token this is, or undefined; the time taken does not depend on which. */
  accountOf(token: string): string | undefined;
}

export function tokenBook(key: string, accounts: readonly string[]): TokenBook {
  const entries = accounts.map((account) => ({
    account,
    hash: digest(callbackToken(key, account)),
  }));
  return {
    accountOf(token) {
      // Hashes of equal length, compared in constant time, every entry every time: neither
      // how much of a token is right nor which account it is shows in the time taken.
      const given = digest(token);
      let found: string | undefined;
      for (const entry of entries) if (timingSafeEqual(given, entry.hash)) found ??= entry.account;
      return found;
    },
  };
}

/**
 * DEXCHANGE's signature (its SDK's `verifySignature`): HMAC-SHA256 of the raw body, hex. Its
 * SDK compares with `===`; here in constant time, either hex case, after a length check.
 */
export function signatureMatches(signature: string, body: Buffer, secret: string): boolean {
  const trimmed = signature.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(trimmed, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
