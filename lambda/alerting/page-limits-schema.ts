import * as z from '../contract/zod';

/**
 * The levels a check judged the balance by, kept in the state for the acknowledge page: the
 * page serves every account of a stack from one function, and 100 accounts' thresholds and
 * margins do not fit in its 4 KB environment. They change only with a deploy, so keeping
 * them costs no extra write (stores/save-policy.ts compares them like any settled field).
 */
export const pageLimitsSchema = z.object({
  low: z.number(),
  /** The configured CRITICAL threshold; absent: CRITICAL means empty (0). */
  critical: z.optional(z.number()),
  /** Where an alert ends: LOW plus the margin (policy.ts recoveryLevel). */
  recovery: z.number(),
  /** The hours the advised amount covers at the current pace (topUpCoverHours). */
  coverHours: z.int().check(z.positive()),
});

export type PageLimits = z.infer<typeof pageLimitsSchema>;
