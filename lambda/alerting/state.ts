import * as z from 'zod';
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
  acknowledgedAt: isoDate.optional(),
  /** The name they gave ("Awa"), or empty. */
  acknowledgedBy: z.string().max(40).optional(),
  /** Set once ACKNOWLEDGED went out to the others. */
  ackAnnounced: z.boolean().optional(),
};

/** A silence: notifications of this account held until `until` (the events still recorded). */
export const silenceSchema = z.object({
  id: z.string().min(1).max(40),
  from: isoDate,
  until: isoDate,
  reason: z.string().max(200).optional(),
  /** Only these severities are held (a REMINDER as what it reminds of); all when absent. */
  severities: z.array(z.string()).max(20).optional(),
});
export type Silence = z.infer<typeof silenceSchema>;

/** Checks and failed checks per hour, for the digest: at most 25 hours, oldest first. */
const checkLogSchema = z
  .array(
    z.object({
      hour: isoDate,
      checks: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      /** Checks a DEXCHANGE callback started (off-schedule.ts): not in `checks` nor `failed`. */
      callbacks: z.number().int().nonnegative().optional(),
    }),
  )
  .max(25);

/** The balance is below LOW: from the first low check until it climbs back over the margin. */
const lowEpisodeSchema = z.object({
  /** The level someone acknowledged: one taken at LOW does not cover a CRITICAL. */
  acknowledgedLevel: level.optional(),
  since: isoDate,
  /** LOW or CRITICAL, after hysteresis: what the last notification was about. */
  level,
  /** Last LOW, CRITICAL or REMINDER of this episode: reminders count from here. */
  lastAlertAt: isoDate,
  /** The worst level reached: RECOVERED goes to whoever heard of it. */
  peak: level.optional(),
  /** When CRITICAL last went out: at most one per reminder interval, however it flaps. */
  lastCriticalAt: isoDate.optional(),
  /** Since when it has been below CRITICAL without counting yet (minBelowMinutes). */
  criticalBelowSince: isoDate.optional(),
  /** Reopened within the cool-off after its end (storm.ts): its readings are unstable. */
  reopenedAt: isoDate.optional(),
  /** Unstable and back above the recovery level since then: its end waits for the cool-off. */
  recoveringSince: isoDate.optional(),
  ...acknowledgment,
});

/** Consecutive failed reads, from the first one until a good read. */
const failureEpisodeSchema = z.object({
  since: isoDate,
  count: z.number().int().positive(),
  kind: failureKind,
  status: z.number().int().optional(),
  code: z.string().optional(),
  reason: z.string(),
  detail: z.optional(failureDetailSchema),
  attempts: z.number().int().optional(),
  /** Set once FAILING went out; reminders count from lastAlertAt. */
  alertedAt: isoDate.optional(),
  lastAlertAt: isoDate.optional(),
  /** Reopened within the cool-off after its end (storm.ts): the reads are unstable. */
  reopenedAt: isoDate.optional(),
  /** Unstable and reading well since then: its end waits for the cool-off. */
  resolvingSince: isoDate.optional(),
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
  scheduledAt: isoDate.optional(),
  /** The last good reading. */
  last: z.object({ balance: z.number(), currency: z.string(), at: isoDate }).optional(),
  episode: lowEpisodeSchema.optional(),
  failure: failureEpisodeSchema.optional(),
  /** Set while `lastUpdate` is stale and STALE has gone out for it. */
  staleSince: isoDate.optional(),
  /** The `lastUpdate` that was stale: STALE_RESOLVED needs a newer one, not a new threshold. */
  staleLastUpdate: isoDate.optional(),
  /** Recent balances for the forecast (see history.ts for the encoding). */
  history: z.object({ base: isoDate, points: z.array(z.number()) }).optional(),
  /** Unconfirmed points from callbacks, kept apart from the history and deciding nothing (hinted.ts). */
  hinted: z.object({ base: isoDate, points: z.array(z.number()) }).optional(),
  /** A callback's checks' readings the history left out, for UNUSUAL_OUTFLOW only (recent-readings.ts). */
  recent: z.object({ base: isoDate, points: z.array(z.number()) }).optional(),
  /** When FORECAST went out; cleared (re-armed) by a top-up, a recovery, or its expiry. */
  forecastSentAt: isoDate.optional(),
  /** When the last FORECAST's crossing should have happened at the latest: past it, re-armed. */
  forecastExpiresAt: isoDate.optional(),
  /** When UNUSUAL_OUTFLOW went out; cleared (re-armed) OUTFLOW_REARM_MINUTES later (policy.ts). */
  outflowSentAt: isoDate.optional(),
  /** Since when the balance has been below LOW without counting yet (minBelowMinutes). */
  belowSince: isoDate.optional(),
  /** Since when it has been below CRITICAL too, before an episode opens (minBelowMinutes). */
  belowCriticalSince: isoDate.optional(),
  silences: z.array(silenceSchema).max(10).optional(),
  checkLog: checkLogSchema.optional(),
  /** The balance episode that ended last, kept for the cool-off (storm.ts). */
  closedEpisode: lowEpisodeSchema.extend({ closedAt: isoDate }).optional(),
  /** The failure episode that ended last (its FAILING had gone out), kept for the cool-off. */
  closedFailure: failureEpisodeSchema.extend({ closedAt: isoDate }).optional(),
  /** The escalation clock of each open episode that escalates (escalation.ts). */
  escalations: escalationsSchema.optional(),
  /** The levels the last check judged by, for the acknowledge page (page-limits.ts). */
  limits: pageLimitsSchema.optional(),
});

export type AlertState = z.infer<typeof alertStateSchema>;
export type LowEpisode = z.infer<typeof lowEpisodeSchema>;
export type FailureEpisode = z.infer<typeof failureEpisodeSchema>;
