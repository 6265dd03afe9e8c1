import * as z from './zod';
import { TOP_UP_CONTACT_MAX, TOP_UP_TEXT_MAX } from './settings';

/**
 * How to top up, as the deploy config gives it (the stack's, or an account's own) and as the
 * acknowledge page's environment carries it: a link (https only: it is shown as a button to
 * people who pay), instructions, a contact short enough for an SMS.
 */
export const topUpHelpSchema = z.strictObject({
  instructions: z.optional(z.string().check(z.minLength(1), z.maxLength(TOP_UP_TEXT_MAX))),
  url: z.optional(
    z
      .string()
      .check(
        z.regex(/^https:\/\/\S+$/, { error: 'must be an https URL' }),
        z.maxLength(TOP_UP_TEXT_MAX),
      ),
  ),
  contact: z.optional(
    z.string().check(
      z.minLength(1),
      z.maxLength(TOP_UP_CONTACT_MAX, {
        error: `must be at most ${TOP_UP_CONTACT_MAX} characters (it goes in SMS)`,
      }),
    ),
  ),
});

/**
 * The page's `ACK_TOP_UP`: the stack's help for every account without its own, and each
 * account's own, by name.
 */
export const ackTopUpSchema = z.strictObject({
  stack: z.optional(topUpHelpSchema),
  accounts: z._default(z.record(z.string(), topUpHelpSchema), {}),
});

export type AckTopUp = z.output<typeof ackTopUpSchema>;

/** Lambda's limit on a function's whole environment; the page's other variables are short. */
export const ACK_TOP_UP_MAX_CHARS = 3500;
