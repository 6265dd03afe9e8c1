import { z } from 'zod';
import { quietSchema } from '../../lambda/contract/channels';
import {
  ESCALATING_LEVELS,
  MAX_TIER_DELAY_MINUTES,
  MAX_TIERS,
} from '../../lambda/contract/escalation';
import { channelName, e164, email } from './fields';

/**
 * An account's escalation policy in the deploy config (accounts[].escalation): tiers of people
 * after the account's usual recipients, each told when an alert of an escalating level is
 * still unacknowledged `afterMinutes` after the tier before it was told. The stack gives each
 * tier an SNS topic of its own with these e-mail and SMS subscriptions (infra/escalation-tiers.ts).
 */

const tierConfigSchema = z
  .strictObject({
    /** Names the tier in the texts ("Already told: it-oncall at 10:35") and in resource names. */
    name: channelName,
    afterMinutes: z
      .number({ error: 'must be a number of minutes' })
      .int({ error: 'must be a whole number of minutes' })
      .min(1, { error: 'must be at least 1 minute' })
      .max(MAX_TIER_DELAY_MINUTES, {
        error: `must be at most ${MAX_TIER_DELAY_MINUTES} (a day)`,
      }),
    emails: z.array(email).default([]),
    smsNumbers: z.array(e164).default([]),
    /** What these quiet hours hold waits for their end; CRITICAL goes through by default. */
    quietHours: quietSchema.optional(),
  })
  .refine((tier) => tier.emails.length + tier.smsNumbers.length > 0, {
    error: 'must list at least one address in emails or one number in smsNumbers',
  });

export const escalationConfigSchema = z.strictObject({
  /** The levels that escalate; LOW, CRITICAL and FAILING by default. */
  levels: z
    .array(
      z.enum(ESCALATING_LEVELS, {
        error: `must list levels among ${ESCALATING_LEVELS.join(', ')} (in capitals)`,
      }),
    )
    .min(1, { error: 'must list at least one level (or leave escalation out)' })
    .default([...ESCALATING_LEVELS]),
  tiers: z
    .array(tierConfigSchema)
    .min(1, { error: 'must list at least one tier' })
    .max(MAX_TIERS, { error: `must list at most ${MAX_TIERS} tiers` })
    .superRefine((tiers, ctx) => {
      const seen = new Set<string>();
      tiers.forEach((tier, index) => {
        if (seen.has(tier.name))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `tier ${tier.name} is listed twice`,
          });
        seen.add(tier.name);
      });
    }),
});
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;
export type TierConfig = EscalationConfig['tiers'][number];
