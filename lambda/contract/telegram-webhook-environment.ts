import * as z from 'zod';
import { fromJson, numberWithDefault, optionalString, requiredString } from './env-rules';
import { LOCALES } from './severities';

/**
 * The Telegram webhook's environment (lambda/ack/telegram-handler.ts): checked by the function
 * at its first request and by the stack at synth (infra/telegram-buttons.ts).
 */
export const telegramWebhookEnvironmentSchema = z.object({
  STATE_TABLE_NAME: requiredString(),
  TELEGRAM_WEBHOOK_SECRET_ID: requiredString(),
  /** The accounts whose buttons it takes, as a JSON list of names. */
  ACCOUNT_NAMES: requiredString().transform(
    fromJson(z.array(z.string().min(1)).min(1), 'must be a JSON list of account names'),
  ),
  ALERT_LOCALE: optionalString()
    .transform((v) => v ?? 'en')
    .pipe(z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` })),
  SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
});
