import { createHmac } from 'node:crypto';

/**
 * How the monitor signs a webhook: the Standard Webhooks headers (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`),
 * so that a receiver verifies with the `standardwebhooks` library of its language instead of a
 * verifier of its own.
 *
 * The signing secret, as stored, is read in one of two forms:
 * - `whsec_<base64>`, or two of them separated by a space during a rotation: the keys are the
 *   decoded bytes, and each signs the request (`v1,A v1,B`), so a receiver holding either key
 *   verifies. Only the standard headers are sent.
 * - anything else: a secret from before the standard (the stack generated 48 letters and digits).
 *   Its bytes (UTF-8) are the key, so its `whsec_` spelling, `whsec_` + base64 of the secret,
 *   verifies with the library; and the old headers (`X-Timestamp`, `X-Signature: sha256=<hex
 *   HMAC of "timestamp.body">`, `Idempotency-Key`) are sent too, exactly as before, so that a
 *   receiver not yet moved keeps verifying. Storing the `whsec_` spelling (the same key) is how
 *   an operator says every receiver has moved: the old headers stop.
 */

export const WHSEC_PREFIX = 'whsec_';
/** Keys shorter than this are refused: a guessable key signs for anyone. */
export const MIN_KEY_BYTES = 16;
/** One key, or two while a rotation lasts. */
export const MAX_KEYS = 2;

// Padding optional: the standardwebhooks libraries accept a key copied without its "=", so a
// secret that verifies at the receiver must sign here too.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export interface SigningKeys {
  /** The HMAC keys, the newest first. */
  readonly keys: readonly Buffer[];
  /** The secret as stored when it predates the standard: the old headers are sent with it. */
  readonly legacy: string | undefined;
}

/**
 * The keys of a stored secret, or what is wrong with it, worded after "the signing secret"
 * and never quoting it.
 */
export function signingKeysOf(secret: string): SigningKeys | { readonly problem: string } {
  const parts = secret.trim().split(/\s+/u);
  if (!parts.some((part) => part.startsWith(WHSEC_PREFIX)))
    return { keys: [Buffer.from(secret.trim(), 'utf8')], legacy: secret.trim() };
  if (parts.length > MAX_KEYS)
    return {
      problem: `holds ${parts.length} keys; at most ${MAX_KEYS} (the new one and the old one, separated by a space, while receivers move to the new one)`,
    };
  const keys: Buffer[] = [];
  for (const [index, part] of parts.entries()) {
    const which = parts.length === 1 ? 'its key' : `key ${index + 1}`;
    if (!part.startsWith(WHSEC_PREFIX))
      return {
        problem: `has a key that does not start with whsec_ among whsec_ ones (${which}): write an older key as whsec_ followed by the base64 of its bytes`,
      };
    const encoded = part.slice(WHSEC_PREFIX.length);
    if (!BASE64.test(encoded))
      return {
        problem: `has a key that is not whsec_ followed by base64 (${which}; A-Z, a-z, 0-9, + and /)`,
      };
    const key = Buffer.from(encoded, 'base64');
    if (key.length < MIN_KEY_BYTES)
      return {
        problem: `has a key of ${key.length} bytes (${which}); at least ${MIN_KEY_BYTES}, such as whsec_ and the output of openssl rand -base64 32`,
      };
    keys.push(key);
  }
  return { keys, legacy: undefined };
}

/**
 * The `webhook-id` of an outbox entry: its id, which retries keep, with what a header cannot
 * carry as is (letters outside ASCII, as in "Thiès", and "%") percent-encoded, so that it
 * reads the same on every receiver and decodeURIComponent gives the body's `id` back.
 */
export function webhookIdOf(entryId: string): string {
  return entryId.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** The `webhook-signature` value: one `v1,<base64>` per key, separated by spaces. */
export function standardSignature(
  keys: readonly Buffer[],
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  return keys
    .map(
      (key) =>
        `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`,
    )
    .join(' ');
}

/** The headers of one attempt: the standard ones, and the old ones with a legacy secret. */
export function signedHeaders(
  signing: SigningKeys,
  entryId: string,
  body: string,
  timestampSeconds: number,
): Record<string, string> {
  const id = webhookIdOf(entryId);
  const standard = {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': standardSignature(signing.keys, id, timestampSeconds, body),
  };
  if (signing.legacy === undefined) return standard;
  return {
    ...standard,
    // As before for the receivers not yet moved: the id itself where a header can carry it.
    'idempotency-key': /^[\x20-\xff]*$/u.test(entryId) ? entryId : id,
    ...legacySignatureHeaders(signing.legacy, body, timestampSeconds),
  };
}

/** The headers from before the standard, for receivers not yet moved (a legacy secret only). */
export function legacySignatureHeaders(
  secret: string,
  body: string,
  timestampSeconds: number,
): { 'x-timestamp': string; 'x-signature': string } {
  const timestamp = String(timestampSeconds);
  const hmac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-timestamp': timestamp, 'x-signature': `sha256=${hmac}` };
}

/** The `whsec_` spelling of a legacy secret: the same key, for the standard libraries. */
export function whsecSpellingOf(secret: string): string {
  const trimmed = secret.trim();
  return trimmed.startsWith(WHSEC_PREFIX)
    ? trimmed
    : `${WHSEC_PREFIX}${Buffer.from(trimmed, 'utf8').toString('base64')}`;
}
