import * as z from '../contract/zod';
import { addIssue } from '../contract/env-rules';
import { ESCALATING_LEVELS, MAX_TIERS } from '../contract/escalation';
import { parseAlertEvent } from './event-schema';
import type { AlertEvent } from './types';

/**
 * The escalation clock, as the state record keeps it (state.ts `escalations`): one run per open
 * episode that escalates, saved with the rest of the state in the check's one conditional
 * write. So the clock survives a container restart, and of two racing checks only the one that
 * saves tells the next tier (the other re-reads, and finds the tier already told).
 */

const isoDate = z.iso.datetime({ offset: true });

/** An event kept in the state: read back like an outbox's, refused when it does not parse. */
const storedEvent = z.pipe(
  z.unknown(),
  z.transform((value, ctx): AlertEvent => {
    const event = parseAlertEvent(value);
    if (event === undefined) {
      addIssue(ctx, 'is not an alert event');
      return z.NEVER;
    }
    return event;
  }),
);

const toldSchema = z.object({ tier: z.string().check(z.maxLength(32)), at: isoDate });

// Built at their first parse (z.lazy), not when the module loads: a run's schema only when a
// state holds an escalation (most hold none: the list is parsed, empty or absent), the note's
// only with an outbox entry (BENCHMARKS.md).
export const escalationRunSchema = z.lazy(() =>
  z.object({
    /** The episode escalated: "b:<since>" (a balance episode) or "f:<since>" (a failure). */
    episode: z.string().check(z.minLength(1), z.maxLength(200)),
    /** What is escalated: LOW, CRITICAL (a LOW that became CRITICAL) or FAILING. */
    about: z.enum(ESCALATING_LEVELS),
    /** The alert the next tier is told: the episode's latest LOW, CRITICAL or FAILING. */
    alert: storedEvent,
    /** When the usual recipients were told (again, after an acknowledgment that did not cover it). */
    started: isoDate,
    /** When the last told (the usual recipients, then each tier) was told: the delay counts from here. */
    since: isoDate,
    /** The tiers told so far, in order. */
    told: z.array(toldSchema).check(z.maxLength(MAX_TIERS)),
    /** Set once someone said "I'm on it" for what is escalated: no further tier is told. */
    acknowledged: z.optional(z.boolean()),
    /**
     * Set while the episode is paused: ended within the cool-off (it may continue, storm.ts) or
     * recovering. That time does not count towards the next tier's delay.
     */
    pausedAt: z.optional(isoDate),
  }),
);
export type EscalationRun = z.output<typeof escalationRunSchema>;

/**
 * At most one balance episode and one failure are open at once. Not lazy: a state's optional
 * field is read by every parse of a state (state.ts), so a lazy one would be built there
 * anyway; the run's schema inside it is what waits for a run.
 */
export const escalationsSchema = z.array(escalationRunSchema).check(z.maxLength(2));

/**
 * What a tier's message says besides the alert: which tier it is, how long nobody answered,
 * and who was told before (the usual recipients have no tier name). Kept on the outbox entry.
 */
export const escalationNoteSchema = z.lazy(() =>
  z.object({
    tier: z.string().check(z.maxLength(32)),
    afterMinutes: z.int().check(z.nonnegative()),
    told: z
      .array(z.object({ tier: z.optional(z.string().check(z.maxLength(32))), at: isoDate }))
      .check(z.minLength(1), z.maxLength(MAX_TIERS + 1)),
  }),
);
export type EscalationNote = z.output<typeof escalationNoteSchema>;
