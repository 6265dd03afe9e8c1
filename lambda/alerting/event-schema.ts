import * as z from 'zod';
import { failureDetailSchema } from '../contract/failure-detail';
import { FAILURE_KINDS } from '../contract/failures';
import { REMINDED_SEVERITIES } from '../contract/severities';
import type { AlertEvent } from './types';

/**
 * The alert events as the outbox stores them (DESIGN.md: "an outbox of EVENTS"), validated when
 * read back, so that an entry damaged in storage is dropped alone instead of taking the state
 * with it, and a channel never renders something the policy could not have produced.
 */

const isoDate = z.iso.datetime({ offset: true });
const failureKind = z.enum(FAILURE_KINDS);

const base = { account: z.string(), at: isoDate };
const amount = { balance: z.number(), currency: z.string() };
const runway = z.object({ minutes: z.number(), earliest: z.number(), latest: z.number() });
const failure = z.object({
  kind: failureKind,
  status: z.number().int().optional(),
  code: z.string().optional(),
  reason: z.string(),
  detail: failureDetailSchema.optional(),
  attempts: z.number().int().optional(),
});
const level = z.enum(['LOW', 'CRITICAL']);
const topUp = z.object({
  toRecover: z.number(),
  toCover: z.number().optional(),
  hours: z.number().optional(),
});

const simpleEventSchemas = [
  z.object({
    severity: z.enum(['LOW', 'CRITICAL']),
    ...base,
    ...amount,
    threshold: z.number(),
    since: isoDate,
    runway: runway.optional(),
    recovery: z.number(),
    topUp,
    opens: z.boolean().optional(),
  }),
  z.object({
    severity: z.literal('REMINDER'),
    ...base,
    remindsOf: z.enum(REMINDED_SEVERITIES),
    // Balance reminders carry the amount; failure reminders carry the failure.
    balance: z.number().optional(),
    currency: z.string().optional(),
    threshold: z.number().optional(),
    low: z.number().optional(),
    recovery: z.number().optional(),
    topUp: topUp.optional(),
    since: isoDate,
    runway: runway.optional(),
    failure: failure.optional(),
    failedChecks: z.number().int().optional(),
  }),
  z.object({
    severity: z.literal('FORECAST'),
    ...base,
    ...amount,
    reason: z.enum(['low', 'runway']),
    threshold: z.number(),
    toLow: runway.optional(),
    toZero: runway,
    perHour: z.number(),
    topUp: topUp.optional(),
  }),
  z.object({
    severity: z.literal('RECOVERED'),
    ...base,
    ...amount,
    threshold: z.number(),
    since: isoDate,
    peak: level,
    acknowledgedBy: z.string().max(40).optional(),
  }),
  z.object({
    severity: z.literal('FAILING'),
    ...base,
    failure,
    failedChecks: z.number().int(),
    since: isoDate,
  }),
  z.object({
    severity: z.literal('FAILING_RESOLVED'),
    ...base,
    ...amount,
    since: isoDate,
    acknowledgedBy: z.string().max(40).optional(),
  }),
  z.object({
    severity: z.literal('STALE'),
    ...base,
    ...amount,
    lastUpdate: isoDate,
    staleAfterMinutes: z.number(),
  }),
  z.object({
    severity: z.literal('STALE_RESOLVED'),
    ...base,
    ...amount,
    lastUpdate: isoDate,
    since: isoDate,
  }),
  z.object({ severity: z.literal('TEST'), ...base }),
  z.object({
    severity: z.literal('ACKNOWLEDGED'),
    ...base,
    about: z.enum(REMINDED_SEVERITIES),
    since: isoDate,
    by: z.string().max(40),
    acknowledgedAt: isoDate,
  }),
  z.object({
    severity: z.literal('DIGEST'),
    ...base,
    currency: z.string(),
    balance: z.number().optional(),
    lastReadAt: isoDate.optional(),
    change24h: z.number().optional(),
    lowest: z.number().optional(),
    highest: z.number().optional(),
    belowLowMinutes: z.number(),
    low: z.number(),
    runway: runway.optional(),
    episode: z
      .object({ level, since: isoDate, acknowledgedBy: z.string().max(40).optional() })
      .optional(),
    failing: z
      .object({
        since: isoDate,
        failedChecks: z.number().int().positive(),
        acknowledgedBy: z.string().max(40).optional(),
      })
      .optional(),
    failedChecks: z.number().int(),
    checks: z.number().int(),
  }),
] as const;

const simpleEventSchema = z.discriminatedUnion('severity', simpleEventSchemas);

export const alertEventSchema = z.discriminatedUnion('severity', [
  ...simpleEventSchemas,
  z.object({
    severity: z.literal('HELD'),
    ...base,
    reason: z.enum(['silence', 'quiet']),
    events: z.array(simpleEventSchema).min(1).max(20),
    latest: z.object({ ...amount, at: isoDate }).optional(),
  }),
]);

/**
 * Events stored by the version before levels and top-up advice lack a few fields; an entry still
 * waiting in an outbox at the upgrade must still go out. Filled from what the event says:
 * recovery and LOW from its threshold (and that version's 5% margin), no top-up amount (none
 * was computed), the RECOVERED
 * routed as CRITICAL (so everyone who may have been told hears it ended), the forecast's only
 * crossing as its time to zero too, STALE with that version's only age limit.
 */
function upgradeStoredEvent(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const e = value as Record<string, unknown>;
  const threshold = e.threshold;
  const noTopUp = { toRecover: 0 };
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL':
      // Only LOW's recovery is known (5% above it); with no amount to add it is not stated.
      return {
        recovery:
          e.severity === 'LOW' && typeof threshold === 'number'
            ? Math.round(threshold * 1.05)
            : threshold,
        topUp: noTopUp,
        ...e,
      };
    case 'REMINDER': {
      if (e.remindsOf === 'FAILING' || 'low' in e) return e;
      const balance = typeof e.balance === 'number' ? e.balance : Number.NaN;
      const limit = typeof threshold === 'number' ? threshold : Number.NaN;
      // That version's only margin was 5% of LOW. A LOW reminder then knows both levels. A
      // CRITICAL one knows only CRITICAL: below it, that is all it says; in the band above it
      // nothing true could be said of LOW, and a reminder is a repeat: it is left out.
      if (e.remindsOf === 'LOW')
        return { low: limit, recovery: Math.round(limit * 1.05), topUp: noTopUp, ...e };
      return balance < limit ? { low: limit, recovery: limit, topUp: noTopUp, ...e } : undefined;
    }
    case 'FORECAST':
      return { reason: 'low', toZero: e.toLow, ...e };
    case 'RECOVERED':
      return { peak: 'CRITICAL', ...e };
    case 'STALE':
      // The only value that version could have: the stack did not set STALE_AFTER_MINUTES.
      return { staleAfterMinutes: 1440, ...e };
    default:
      return e;
  }
}

/** A reminder is of a balance or of a failure, with the fields of its kind. */
function reminderHolds(event: Record<string, unknown>): boolean {
  return event.remindsOf === 'FAILING'
    ? event.failure !== undefined && event.failedChecks !== undefined
    : ['balance', 'currency', 'threshold', 'low', 'recovery', 'topUp'].every(
        (field) => event[field] !== undefined,
      );
}

/** An event read back from storage: the schema is looser than the union type, so check it. */
export function parseAlertEvent(value: unknown): AlertEvent | undefined {
  const parsed = alertEventSchema.safeParse(upgradeStoredEvent(value));
  if (!parsed.success) return undefined;
  const event = parsed.data as Record<string, unknown> & { severity: string };
  if (event.severity === 'REMINDER' && !reminderHolds(event)) return undefined;
  if (
    event.severity === 'HELD' &&
    !(event.events as Record<string, unknown>[]).every(
      (held) => held.severity !== 'REMINDER' || reminderHolds(held),
    )
  )
    return undefined;
  return event as unknown as AlertEvent;
}
