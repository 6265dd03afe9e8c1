import { z } from 'zod';
import { LOCALES } from '../../lambda/contract/severities';
import { amountProblem, CAP_PER_HOUR, LIFECYCLE_RANGES } from '../../lambda/contract/settings';
import { CHANNEL_NAME_PATTERN, CHANNEL_NAME_RULE } from '../../lambda/contract/channels';
import { EVERYTHING, routeSchema } from '../routing';
import { scheduleExpressionProblem } from '../schedule-expression';

/**
 * The rules of single fields that more than one part of the deploy config uses. Each takes the
 * function's own rule where there is one, so the environment the stack writes is one the
 * function accepts.
 */

/** A rule written as "what is wrong with this value, if anything", as a zod refinement. */
export const refusing =
  <T>(problemOf: (value: T) => string | undefined) =>
  (value: T, ctx: z.RefinementCtx<T>): void => {
    const problem = problemOf(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  };

/** A threshold: the function's own amount rule. */
export const amount = z.number({ error: 'must be a number' }).superRefine(refusing(amountProblem));

/** One of the alert lifecycle settings, within the range the function accepts. */
export const lifecycle = (
  r: (typeof LIFECYCLE_RANGES)[keyof typeof LIFECYCLE_RANGES] | typeof CAP_PER_HOUR,
) => {
  const base = z
    .number({ error: 'must be a number' })
    .min(r.min, { error: `must be at least ${r.min}` })
    .max(r.max, { error: `must be at most ${r.max}` });
  return (r.integer ? base.int({ error: 'must be a whole number' }) : base).default(r.fallback);
};

export const scheduleExpression = z
  .string({ error: 'must be a string' })
  .superRefine(refusing(scheduleExpressionProblem));

export const locale = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });

/** The stack's language when `locale` is not set; `npm start` speaks it too. */
export const DEFAULT_LOCALE = 'fr' satisfies (typeof LOCALES)[number];

/** A morning digest: at 08:00 local time unless `at` says otherwise. */
export const digestSchema = z.strictObject({
  at: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
      error: 'must be a time of day from 00:00 to 23:59, such as 08:00',
    })
    .default('08:00'),
});

export const EMAIL_RULE = 'must be an e-mail address';
export const email = z.email({ error: EMAIL_RULE });
export const E164 = /^\+[1-9]\d{7,14}$/;
export const E164_RULE = 'must be an E.164 phone number such as +221771234567';
export const e164 = z.string().regex(E164, { error: E164_RULE });

/** In an object, a missing field is "required", not "not an e-mail address". */
export const required = (rule: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : rule;

export const channelName = z.string().regex(CHANNEL_NAME_PATTERN, { error: CHANNEL_NAME_RULE });

/** Chat, Telegram and webhooks get everything unless told otherwise. */
export const everythingRoute = z._default(routeSchema, {
  ...EVERYTHING,
  also: [...EVERYTHING.also],
});
