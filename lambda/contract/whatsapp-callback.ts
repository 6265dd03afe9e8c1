import * as z from './zod';
import { SEVERITIES } from './severities';

/**
 * What a WhatsApp alert carries in `biz_opaque_callback_data`: a string of at most 512
 * characters the Cloud API does not read and echoes back on every status of that message
 * (sent, delivered, read, failed), through the WhatsApp Business Account's event topic. Enough
 * to park the delivery if Meta reports it failed after it was accepted: the account, the outbox
 * entry, the channel and the alert's severity and time, which the parked record holds anyway.
 * No secret, no number, no text. Anything that does not parse (a message someone else sent
 * from the same number) is ignored.
 */

export const CALLBACK_DATA_MAX_CHARS = 512;

/**
 * Built on first use: the check sends callback data (a JSON.stringify) and never reads it, so
 * its cold start does not build this schema; the WhatsApp events function reads it.
 */
const buildSchema = () =>
  z.strictObject({
    /** Which shape: this one. */
    v: z.literal(1),
    /** The account. */
    a: z.string().check(z.minLength(1), z.maxLength(256)),
    /** The outbox entry's id. */
    e: z.string().check(z.minLength(1), z.maxLength(256)),
    /** The channel, `whatsapp:NAME`. */
    c: z.string().check(z.regex(/^whatsapp:.+$/)),
    /** The alert's severity and time. */
    s: z.enum(SEVERITIES),
    t: z.iso.datetime({ offset: true }),
  });
let schema: ReturnType<typeof buildSchema> | undefined;
export type WhatsAppCallback = z.infer<ReturnType<typeof buildSchema>>;

/** The string to send, or undefined when it would not fit (the send goes without it). */
export function callbackData(callback: Omit<WhatsAppCallback, 'v'>): string | undefined {
  const text = JSON.stringify({ v: 1, ...callback });
  return text.length <= CALLBACK_DATA_MAX_CHARS ? text : undefined;
}

/** The callback a status carries, when it is one of ours. */
export function readCallbackData(text: string | undefined): WhatsAppCallback | undefined {
  if (text === undefined || text.length > CALLBACK_DATA_MAX_CHARS) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  schema ??= buildSchema();
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
