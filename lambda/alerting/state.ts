import * as z from '../contract/zod';
import { failureDetailSchema } from '../contract/failure-detail';
import { FAILURE_KINDS } from '../contract/failures';
import { escalationsSchema } from './escalation-state';
import { pageLimitsSchema } from './page-limits-schema';

/**
 * What the monitor remembers between checks, per account. Persisted as JSON (DynamoDB or a local
 * file) and validated with this schema when read back, so a hand-edited or older item cannot
 * feed the policy something it does not expect.
 */

const isoDate = z.iso.datetime({ offset: true });
const failureKind = z.enum(FAILURE_KINDS);
const level = z.enum(['LOW', 'CRITICAL']);

/** "I'm on it" (lambda/ack): set by the acknowledge page, announced once by the next check. */
const acknowledgment = {
  acknowledgedAt: z.optional(isoDate),
  /** The name they gave ("Awa"), or empty. */
  acknowledgedBy: z.optional(z.string().check(z.maxLength(40))),
  /** Set once ACKNOWLEDGED went out to the others. */
  ackAnnounced: z.optional(z.boolean()),
};

// A silence is built at its first parse (z.lazy, inside the array of silences), not when the
// module loads: most states hold none and never build it (BENCHMARKS.md). Not the episodes: an
// optional field's schema is read at every parse of the state (zod asks whether it may be
// absent), so a lazy one there would be built by the first parse of any state.

/** A silence: notifications of this account held until `until` (the events still recorded). */
export const silenceSchema = z.lazy(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(40)),
    from: isoDate,
    until: isoDate,
    reason: z.optional(z.string().check(z.maxLength(200))),
    /** Only these severities are held (a REMINDER as what it reminds of); all when absent. */
    severities: z.optional(z.array(z.string()).check(z.maxLength(20))),
  }),
);
export type Silence = z.infer<typeof silenceSchema>;

/** Checks and failed checks per hour, for the digest: at most 25 hours, oldest first. */
const checkLogSchema = z
  .array(
    z.object({
      hour: isoDate,
      checks: z.int().check(z.nonnegative()),
      failed: z.int().check(z.nonnegative()),
      /** Checks a DEXCHANGE callback started (off-schedule.ts): not in `checks` nor `failed`. */
      callbacks: z.optional(z.int().check(z.nonnegative())),
    }),
  )
  .check(z.maxLength(25));

/** The balance is below LOW: from the first low check until it climbs back over the margin. */
const lowEpisodeSchema = z.object({
  /** The level someone acknowledged: one taken at LOW does not cover a CRITICAL. */
  acknowledgedLevel: z.optional(level),
  since: isoDate,
  /** LOW or CRITICAL, after hysteresis: what the last notification was about. */
  level,
  /** Last LOW, CRITICAL or REMINDER of this episode: reminders count from here. */
  lastAlertAt: isoDate,
  /** The worst level reached: RECOVERED goes to whoever heard of it. */
  peak: z.optional(level),
  /** When CRITICAL last went out: at most one per reminder interval, however it flaps. */
  lastCriticalAt: z.optional(isoDate),
  /** Since when it has been below CRITICAL without counting yet (minBelowMinutes). */
  criticalBelowSince: z.optional(isoDate),
  /** Reopened within the cool-off after its end (storm.ts): its readings are unstable. */
  reopenedAt: z.optional(isoDate),
  /** Unstable and back above the recovery level since then: its end waits for the cool-off. */
  recoveringSince: z.optional(isoDate),
  ...acknowledgment,
});

/** Consecutive failed reads, from the first one until a good read. */
const failureEpisodeSchema = z.object({
  since: isoDate,
  count: z.int().check(z.positive()),
  kind: failureKind,
  status: z.optional(z.int()),
  code: z.optional(z.string()),
  reason: z.string(),
  detail: z.optional(failureDetailSchema),
  attempts: z.optional(z.int()),
  /** Set once FAILING went out; reminders count from lastAlertAt. */
  alertedAt: z.optional(isoDate),
  lastAlertAt: z.optional(isoDate),
  /** Reopened within the cool-off after its end (storm.ts): the reads are unstable. */
  reopenedAt: z.optional(isoDate),
  /** Unstable and reading well since then: its end waits for the cool-off. */
  resolvingSince: z.optional(isoDate),
  ...acknowledgment,
});

export const alertStateSchema = z.object({
  schema: z.literal(1),
  /** The latest check's time; never goes backwards, even if the clock does. */
  lastCheckAt: isoDate,
  /**
   * The latest scheduled check's time, when a callback's check came after it: what the save
   * policy times its saves by and the watchdog reads. Absent, `lastCheckAt` is it (the last
   * check was the schedule's, or the state was saved before callbacks).
   */
  scheduledAt: z.optional(isoDate),
  /** The last good reading. */
  last: z.optional(z.object({ balance: z.number(), currency: z.string(), at: isoDate })),
  episode: z.optional(lowEpisodeSchema),
  failure: z.optional(failureEpisodeSchema),
  /** Set while `lastUpdate` is stale and STALE has gone out for it. */
  staleSince: z.optional(isoDate),
  /** The `lastUpdate` that was stale: STALE_RESOLVED needs a newer one, not a new threshold. */
  staleLastUpdate: z.optional(isoDate),
  /** Recent balances for the forecast (see history.ts for the encoding). */
  history: z.optional(z.object({ base: isoDate, points: z.array(z.number()) })),
  /** Unconfirmed points from callbacks, kept apart from the history and deciding nothing (hinted.ts). */
  hinted: z.optional(z.object({ base: isoDate, points: z.array(z.number()) })),
  /** A callback's checks' readings the history left out, for UNUSUAL_OUTFLOW only (recent-readings.ts). */
  recent: z.optional(z.object({ base: isoDate, points: z.array(z.number()) })),
  /** When FORECAST went out; cleared (re-armed) by a top-up, a recovery, or its expiry. */
  forecastSentAt: z.optional(isoDate),
  /** When the last FORECAST's crossing should have happened at the latest: past it, re-armed. */
  forecastExpiresAt: z.optional(isoDate),
  /** When UNUSUAL_OUTFLOW went out; cleared (re-armed) OUTFLOW_REARM_MINUTES later (policy.ts). */
  outflowSentAt: z.optional(isoDate),
  /** Since when the balance has been below LOW without counting yet (minBelowMinutes). */
  belowSince: z.optional(isoDate),
  /** Since when it has been below CRITICAL too, before an episode opens (minBelowMinutes). */
  belowCriticalSince: z.optional(isoDate),
  silences: z.optional(z.array(silenceSchema).check(z.maxLength(10))),
  checkLog: z.optional(checkLogSchema),
  /** The balance episode that ended last, kept for the cool-off (storm.ts). */
  closedEpisode: z.optional(z.extend(lowEpisodeSchema, { closedAt: isoDate })),
  /** The failure episode that ended last (its FAILING had gone out), kept for the cool-off. */
  closedFailure: z.optional(z.extend(failureEpisodeSchema, { closedAt: isoDate })),
  /** The escalation clock of each open episode that escalates (escalation.ts). */
  escalations: z.optional(escalationsSchema),
  /** The levels the last check judged by, for the acknowledge page (page-limits.ts). */
  limits: z.optional(pageLimitsSchema),
});

export type AlertState = z.infer<typeof alertStateSchema>;
export type LowEpisode = z.infer<typeof lowEpisodeSchema>;
export type FailureEpisode = z.infer<typeof failureEpisodeSchema>;
