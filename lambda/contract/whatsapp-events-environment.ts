import * as z from 'zod';
import { WHATSAPP_E164 } from './channels';
import { fromJson, numberWithDefault, requiredString } from './env-rules';

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
  z.string().min(1),
  z.array(z.object({ name: z.string(), number: z.string().regex(WHATSAPP_E164) })).min(1),
);

export const whatsappEventsEnvironmentSchema = z.object({
  STATE_TABLE_NAME: requiredString(),
  ACK_KEY_SECRET_ID: requiredString(),
  /** Per account, its WhatsApp recipients' names and numbers, as JSON: only they can press. */
  WHATSAPP_RECIPIENTS: requiredString().transform(
    fromJson(recipients, 'must be a JSON object of account name to [{ name, number }]'),
  ),
  SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
});
