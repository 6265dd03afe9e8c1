import * as z from './zod';
import { WHATSAPP_E164 } from './channels';
import {
  fromJson,
  localeVariable,
  numberWithDefault,
  optionalFlag,
  optionalString,
  requiredString,
  timeZoneVariable,
} from './env-rules';
import { parkedQueueUrl } from './parked-queue';

/**
 * The WhatsApp event function's environment (lambda/ack/whatsapp-handler.ts): checked by the
 * function at its first event and by the stack at synth (infra/whatsapp-buttons.ts).
 */
/** A number registered for an account, and the name the deploy config gives it. */
export interface WhatsAppRecipient {
  readonly name: string;
  /** E.164. */
  readonly number: string;
}

const recipients = z.record(
  z.string().check(z.minLength(1)),
  z
    .array(z.object({ name: z.string(), number: z.string().check(z.regex(WHATSAPP_E164)) }))
    .check(z.minLength(1)),
);

export const whatsappEventsEnvironmentSchema = z.object({
  STATE_TABLE_NAME: requiredString(),
  /** "true": the links are on, button presses are read (with the link key); else they are not. */
  ACK_WHATSAPP_BUTTONS: optionalFlag(),
  /** Per account, its WhatsApp recipients' names and numbers, as JSON: only they can press. */
  WHATSAPP_RECIPIENTS: z.pipe(
    requiredString(),
    z.transform(
      fromJson(recipients, 'must be a JSON object of account name to [{ name, number }]'),
    ),
  ),
  SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
  /** The operator topic: told of WhatsApp alerts Meta reported failed after accepting them. */
  OPERATOR_TOPIC_ARN: optionalString(),
  /** The stack's queue of alerts given up on: each late failure parked is sent there. */
  PARKED_ALERTS_QUEUE_URL: parkedQueueUrl(),
  /** The language and time zone of that notice: the stack's. */
  ALERT_LOCALE: localeVariable(),
  ALERT_TIME_ZONE: timeZoneVariable(),
});
