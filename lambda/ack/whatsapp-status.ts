import * as z from 'zod';
import { readCallbackData, type WhatsAppCallback } from '../contract/whatsapp-callback';
import { EVENT_MAX_BYTES, webhookEntryOf } from './whatsapp-event';

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
  id: z.string().max(256),
  status: z.string(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z
    .array(
      z.object({
        code: z.coerce.number().int().optional(),
        title: z.string().max(512).optional(),
        message: z.string().max(512).optional(),
      }),
    )
    .optional(),
});

/** The failed statuses of our messages in one SNS message; none when it carries none. */
export function failedStatuses(snsMessage: string): FailedStatus[] {
  if (Buffer.byteLength(snsMessage) > EVENT_MAX_BYTES) return [];
  const entry = webhookEntryOf(snsMessage);
  if (entry === undefined) return [];
  return entry.changes.flatMap((change) =>
    (change.value.statuses ?? []).flatMap((raw): FailedStatus[] => {
      const status = statusSchema.safeParse(raw);
      if (!status.success || status.data.status !== 'failed') return [];
      const callback = readCallbackData(status.data.biz_opaque_callback_data);
      if (callback === undefined) return [];
      const error = status.data.errors?.[0];
      return [
        {
          id: status.data.id,
          callback,
          code: error?.code,
          title: error?.title ?? error?.message ?? 'failed',
        },
      ];
    }),
  );
}

/**
 * Failed statuses that carry none of our data: a message someone else sent from the number, or
 * a failure reported without the echo. Not parked (nothing says which alert it was), but logged
 * by Meta's message id and code, so that an operator looking for a lost WhatsApp alert finds it.
 */
export function unclaimedFailures(snsMessage: string): { id: string; code: number | undefined }[] {
  if (Buffer.byteLength(snsMessage) > EVENT_MAX_BYTES) return [];
  const entry = webhookEntryOf(snsMessage);
  if (entry === undefined) return [];
  return entry.changes.flatMap((change) =>
    (change.value.statuses ?? []).flatMap((raw) => {
      const status = statusSchema.safeParse(raw);
      if (!status.success || status.data.status !== 'failed') return [];
      if (readCallbackData(status.data.biz_opaque_callback_data) !== undefined) return [];
      return [{ id: status.data.id, code: status.data.errors?.[0]?.code }];
    }),
  );
}
