import * as z from '../contract/zod';
import { readCallbackData, type WhatsAppCallback } from '../contract/whatsapp-callback';
import { webhookEntryOf, type WebhookEntry } from './whatsapp-event';

/**
 * A message Meta accepted and then could not deliver: a `statuses[]` entry with
 * `status: "failed"` and Meta's `errors[]` ({code, title}), in the webhook entry End User
 * Messaging Social publishes on the event topic. Most permanent failures come this way, not as
 * a refusal of SendWhatsAppMessage: a number not on WhatsApp (131026), a marketing limit
 * (131049), an experiment (130472), a template paused after the send. Only statuses carrying
 * our `biz_opaque_callback_data` are read (contract/whatsapp-callback.ts); the rest (sent,
 * delivered, read, and whatever else the number sends) is ignored.
 */

export interface FailedStatus {
  /** Meta's message id (wamid...): logged, never the number. */
  readonly id: string;
  readonly callback: WhatsAppCallback;
  /** Meta's first error code, when it gave one. */
  readonly code: number | undefined;
  /** Its title, as Meta wrote it. */
  readonly title: string;
}

const statusSchema = z.object({
  id: z.string().check(z.maxLength(256)),
  status: z.string(),
  biz_opaque_callback_data: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.object({
        code: z.optional(z.coerce.number().check(z.int())),
        title: z.optional(z.string().check(z.maxLength(512))),
        message: z.optional(z.string().check(z.maxLength(512))),
      }),
    ),
  ),
});

export interface FailedStatuses {
  /** Those of our messages (they carry our callback data): parked. */
  readonly claimed: FailedStatus[];
  /**
   * Those that carry none of our data: a message someone else sent from the number, or a
   * failure reported without the echo. Not parked (nothing says which alert it was), but logged
   * by Meta's message id and code, so that an operator looking for a lost alert finds it.
   */
  readonly unclaimed: { id: string; code: number | undefined }[];
}

/**
 * The failed statuses of one event, in one pass over its statuses. The event as the SNS
 * message's text, or as its entry already read (the handler reads each event once for its
 * presses and its statuses).
 */
export function failedStatusesOf(event: string | WebhookEntry | undefined): FailedStatuses {
  const entry = typeof event === 'string' ? webhookEntryOf(event) : event;
  const found: FailedStatuses = { claimed: [], unclaimed: [] };
  for (const change of entry?.changes ?? [])
    for (const raw of change.value.statuses ?? []) {
      const status = statusSchema.safeParse(raw);
      if (!status.success || status.data.status !== 'failed') continue;
      const error = status.data.errors?.[0];
      const callback = readCallbackData(status.data.biz_opaque_callback_data);
      if (callback === undefined) found.unclaimed.push({ id: status.data.id, code: error?.code });
      else
        found.claimed.push({
          id: status.data.id,
          callback,
          code: error?.code,
          title: error?.title ?? error?.message ?? 'failed',
        });
    }
  return found;
}

/** The failed statuses of our messages in one SNS message; none when it carries none. */
export const failedStatuses = (event: string): FailedStatus[] => failedStatusesOf(event).claimed;

/** The failed statuses in one SNS message that are not ours (FailedStatuses.unclaimed). */
export const unclaimedFailures = (event: string): FailedStatuses['unclaimed'] =>
  failedStatusesOf(event).unclaimed;
