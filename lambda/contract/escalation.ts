import * as z from './zod';
import { CHANNEL_NAME_PATTERN, CHANNEL_NAME_RULE, quietSchema } from './channels';
import { fromJson } from './env-rules';
import { REMINDED_SEVERITIES } from './severities';
import { TOPIC_ARN_PATTERN } from './settings';

/**
 * Escalation (PagerDuty's escalation policies, per account): tiers of recipients after the
 * usual ones, each with a delay. An alert of an escalating level that nobody acknowledged
 * within the next tier's delay is told to that tier too, with who was told before. The stack
 * hands the tiers over in the `ESCALATION` variable (JSON); each tier has a topic of its own
 * (its e-mail and SMS subscriptions), which the function publishes to itself.
 */

/** The levels that can escalate: what can be acknowledged ("I'm on it"). */
export const ESCALATING_LEVELS = REMINDED_SEVERITIES;
export type EscalatingLevel = (typeof ESCALATING_LEVELS)[number];

/** At most this many tiers after the usual recipients. */
export const MAX_TIERS = 4;
/** The longest delay of one tier: a day. */
export const MAX_TIER_DELAY_MINUTES = 1440;

/** A tier's delay, as the deploy config and the function's variable both give it. */
export const afterMinutesSchema = z
  .number({ error: 'must be a number of minutes' })
  .check(
    z.int({ error: 'must be a whole number of minutes' }),
    z.gte(1, { error: 'must be at least 1 minute' }),
    z.lte(MAX_TIER_DELAY_MINUTES, { error: `must be at most ${MAX_TIER_DELAY_MINUTES} (a day)` }),
  );

/** The levels that escalate; all of them unless listed. */
export const escalatingLevelsSchema = z._default(
  z
    .array(
      z.enum(ESCALATING_LEVELS, {
        error: `must list levels among ${ESCALATING_LEVELS.join(', ')} (in capitals)`,
      }),
    )
    .check(z.minLength(1, { error: 'must list at least one level (or leave escalation out)' })),
  [...ESCALATING_LEVELS],
);

/** One to MAX_TIERS tiers, each name once: the deploy config's tiers and the variable's alike. */
export function tierListSchema<T extends z.core.$ZodType<{ name: string }>>(tier: T) {
  return z.array(tier).check(
    z.minLength(1, { error: 'must list at least one tier' }),
    z.maxLength(MAX_TIERS, { error: `must list at most ${MAX_TIERS} tiers` }),
    z.superRefine((tiers, ctx) => {
      const seen = new Set<string>();
      tiers.forEach((t, index) => {
        if (seen.has(t.name))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `tier ${t.name} is listed twice`,
          });
        seen.add(t.name);
      });
    }),
  );
}

/** Built at its first parse (`z.lazy`), as escalationSchema: most functions never parse one. */
export const tierSchema = z.lazy(() =>
  z.strictObject({
    /** Names the tier in the texts ("told before: ...") and keys its deliveries ("tier:NAME"). */
    name: z.string().check(z.regex(CHANNEL_NAME_PATTERN, { error: CHANNEL_NAME_RULE })),
    /** How long after the tier before it was told, without an acknowledgment, this one is told. */
    afterMinutes: afterMinutesSchema,
    /** The tier's own topic: its people's e-mail and SMS subscriptions. */
    topicArn: z.string().check(z.regex(TOPIC_ARN_PATTERN, { error: 'must be an SNS topic ARN' })),
    /** The tier's quiet hours (what they hold waits; CRITICAL goes through by default). */
    quiet: z.optional(quietSchema),
  }),
);
export type Tier = z.infer<typeof tierSchema>;

/** Built at the first ESCALATION read (`z.lazy`): a check without escalation never builds it. */
export const escalationSchema = z.lazy(() =>
  z.strictObject({
    /** The levels that escalate when nobody acknowledges them. */
    levels: escalatingLevelsSchema,
    tiers: tierListSchema(tierSchema),
  }),
);
export type EscalationSettings = z.infer<typeof escalationSchema>;

/** The outbox key of a tier's deliveries: "tier:it-oncall". */
export function tierChannelName(tier: Pick<Tier, 'name'>): string {
  return `tier:${tier.name}`;
}

/** The `ESCALATION` variable: JSON of escalationSchema, or nothing (no escalation). */
export const escalationVariable = z.pipe(
  z.optional(z.string().check(z.trim())),
  z.transform((value: string | undefined, ctx): EscalationSettings | undefined => {
    if (value === undefined || value === '') return undefined;
    return fromJson(escalationSchema, 'must be JSON: {"levels": [...], "tiers": [...]}')(
      value,
      ctx,
    );
  }),
);
