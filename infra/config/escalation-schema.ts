import { z } from 'zod';
import { quietSchema } from '../../lambda/contract/channels';
import {
  afterMinutesSchema,
  escalatingLevelsSchema,
  tierListSchema,
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
    afterMinutes: afterMinutesSchema,
    emails: z.array(email).default([]),
    smsNumbers: z.array(e164).default([]),
    /** What these quiet hours hold waits for their end; CRITICAL goes through by default. */
    quietHours: z.optional(quietSchema),
  })
  .refine((tier) => tier.emails.length + tier.smsNumbers.length > 0, {
    error: 'must list at least one address in emails or one number in smsNumbers',
  });

export const escalationConfigSchema = z.strictObject({
  /** The levels that escalate; LOW, CRITICAL and FAILING by default. */
  levels: escalatingLevelsSchema,
  tiers: tierListSchema(tierConfigSchema),
});
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;
export type TierConfig = EscalationConfig['tiers'][number];
