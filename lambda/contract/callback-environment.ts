import * as z from './zod';
import { accountNameSchema } from './account-name';
import { fromJson, numberWithDefault, optionalString, requiredString } from './env-rules';

/**
 * The callback receiver's environment (lambda/callback/handler.ts), in the contract so that the
 * stack checks what it sets with this same schema at synth (infra/callback-environment.ts), as
 * it does for the check functions: a value the receiver would refuse at every request fails
 * `cdk synth` instead.
 */

const callbackAccountSchema = z.strictObject({
  account: accountNameSchema,
  /** The account's check function (its name, as the stack sets it, or its ARN). */
  function: z.string().check(z.minLength(1)),
  /** Its DEXCHANGE signing secret, when its callbacks are signed. */
  signingSecretId: z.optional(z.string().check(z.minLength(1))),
});

export type CallbackAccount = z.input<typeof callbackAccountSchema>;

/** Callbacks of one account within this many seconds start one check. */
export const CALLBACK_WINDOW_SECONDS = { min: 10, max: 300, integer: true } as const;

export const callbackEnvironmentSchema = z.object({
  STATE_TABLE_NAME: requiredString(),
  CALLBACK_KEY_SECRET_ID: requiredString(),
  CALLBACK_ACCOUNTS: z.pipe(
    requiredString(),
    z.transform(fromJson(z.array(callbackAccountSchema).check(z.minLength(1)), 'must be JSON')),
  ),
  CALLBACK_WINDOW_SECONDS: numberWithDefault(CALLBACK_WINDOW_SECONDS, 20),
  /** The header DEXCHANGE's signature comes in (it documents none). */
  CALLBACK_SIGNATURE_HEADER: z.pipe(
    z.pipe(
      optionalString(),
      z.transform((v: string | undefined) => (v ?? 'x-signature').toLowerCase()),
    ),
    z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'must be a header name')),
  ),
  SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
});
