import * as z from './zod';
import { fromJson, localeVariable, numberWithDefault, requiredString } from './env-rules';

/**
 * The Telegram webhook's environment (lambda/ack/telegram-handler.ts): checked by the function
 * at its first request and by the stack at synth (infra/telegram-buttons.ts).
 */
export const telegramWebhookEnvironmentSchema = z.object({
  STATE_TABLE_NAME: requiredString(),
  TELEGRAM_WEBHOOK_SECRET_ID: requiredString(),
  /** The accounts whose buttons it takes, as a JSON list of names. */
  ACCOUNT_NAMES: z.pipe(
    requiredString(),
    z.transform(
      fromJson(
        z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
        'must be a JSON list of account names',
      ),
    ),
  ),
  ALERT_LOCALE: localeVariable(),
  SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
});
