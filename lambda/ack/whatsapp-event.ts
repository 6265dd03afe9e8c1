import * as z from '../contract/zod';

/**
 * A message End User Messaging Social publishes to the WhatsApp Business Account's event
 * destination (an SNS topic): an AWS header and, as a JSON string, Meta's webhook entry
 * (`whatsAppWebhookEntry`). Every event of the account comes this way (sent, delivered, read,
 * received); a press of a template's quick-reply button is a received message of type
 * `button`, whose `button.payload` is the payload the template message was sent with and whose
 * `from` is the sender's number (digits, no "+"). Only these are read; the rest is ignored.
 */

export interface ButtonPress {
  /** The sender's number, E.164 ("+" and Meta's digits). */
  readonly from: string;
  /** The payload the button was sent with: our token (button-token.ts), or anything else. */
  readonly payload: string;
  /** Meta's message id, to log nothing personal yet tell two presses apart. */
  readonly id: string;
}

/** An event is a small JSON object; anything bigger is not one of ours. */
export const EVENT_MAX_BYTES = 256 * 1024;

const headerSchema = z.object({
  whatsAppWebhookEntry: z.string().check(z.maxLength(EVENT_MAX_BYTES)),
});

const messageSchema = z.object({
  from: z.string().check(z.regex(/^\d{6,15}$/)),
  id: z.string().check(z.maxLength(256)),
  type: z.string(),
  button: z.optional(z.object({ payload: z.string().check(z.maxLength(256)) })),
});

const entrySchema = z.object({
  changes: z.array(
    z.object({
      field: z.optional(z.string()),
      value: z.object({
        messages: z.optional(z.array(z.unknown())),
        statuses: z.optional(z.array(z.unknown())),
      }),
    }),
  ),
});

/**
 * The button presses in one event (a webhook entry may batch several messages), given as the
 * SNS message's text or its entry already read; none when it is not an event we can read, or
 * carries no press.
 */
export function buttonPresses(event: string | WebhookEntry | undefined): ButtonPress[] {
  const entry = typeof event === 'string' ? webhookEntryOf(event) : event;
  if (entry === undefined) return [];
  return entry.changes.flatMap((change) =>
    (change.value.messages ?? []).flatMap((raw): ButtonPress[] => {
      const message = messageSchema.safeParse(raw);
      if (!message.success || message.data.type !== 'button') return [];
      const payload = message.data.button?.payload;
      return payload === undefined
        ? []
        : [{ from: `+${message.data.from}`, payload, id: message.data.id }];
    }),
  );
}

export type WebhookEntry = z.infer<typeof entrySchema>;

/** Meta's webhook entry an SNS message carries, when it is one (and not oversized). */
export function webhookEntryOf(snsMessage: string): WebhookEntry | undefined {
  if (Buffer.byteLength(snsMessage) > EVENT_MAX_BYTES) return undefined;
  const header = headerSchema.safeParse(parseJson(snsMessage));
  if (!header.success) return undefined;
  const entry = entrySchema.safeParse(parseJson(header.data.whatsAppWebhookEntry));
  return entry.success ? entry.data : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
