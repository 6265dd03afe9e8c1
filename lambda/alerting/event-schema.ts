import * as z from 'zod';
import type { AlertEvent } from './types';

/**
 * The alert events as the outbox stores them (DESIGN.md: "an outbox of EVENTS"), validated when
 * read back, so that an entry damaged in storage is dropped alone instead of taking the state
 * with it, and a channel never renders something the policy could not have produced.
 */

const isoDate = z.iso.datetime({ offset: true });
const failureKind = z.enum(['authentication', 'unavailable', 'invalid-response', 'configuration']);

const base = { account: z.string(), at: isoDate };
const amount = { balance: z.number(), currency: z.string() };
const runway = z.object({ minutes: z.number(), earliest: z.number(), latest: z.number() });
const failure = z.object({
  kind: failureKind,
  status: z.number().int().optional(),
  code: z.string().optional(),
  reason: z.string(),
});

export const alertEventSchema = z.discriminatedUnion('severity', [
  z.object({
    severity: z.enum(['LOW', 'CRITICAL']),
    ...base,
    ...amount,
    threshold: z.number(),
    since: isoDate,
    runway: runway.optional(),
  }),
  z.object({
    severity: z.literal('REMINDER'),
    ...base,
    remindsOf: z.enum(['LOW', 'CRITICAL', 'FAILING']),
    // Balance reminders carry the amount; failure reminders carry the failure.
    balance: z.number().optional(),
    currency: z.string().optional(),
    threshold: z.number().optional(),
    since: isoDate,
    runway: runway.optional(),
    failure: failure.optional(),
    failedChecks: z.number().int().optional(),
  }),
  z.object({
    severity: z.literal('FORECAST'),
    ...base,
    ...amount,
    threshold: z.number(),
    toLow: runway,
    perHour: z.number(),
  }),
  z.object({
    severity: z.literal('RECOVERED'),
    ...base,
    ...amount,
    threshold: z.number(),
    since: isoDate,
  }),
  z.object({
    severity: z.literal('FAILING'),
    ...base,
    failure,
    failedChecks: z.number().int(),
    since: isoDate,
  }),
  z.object({ severity: z.literal('FAILING_RESOLVED'), ...base, ...amount, since: isoDate }),
  z.object({ severity: z.literal('STALE'), ...base, ...amount, lastUpdate: isoDate }),
  z.object({ severity: z.literal('TEST'), ...base }),
]);

/** An event read back from storage: the schema is looser than the union type, so check it. */
export function parseAlertEvent(value: unknown): AlertEvent | undefined {
  const parsed = alertEventSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  if (event.severity !== 'REMINDER') return event;
  const balanceReminder =
    event.remindsOf !== 'FAILING' &&
    event.balance !== undefined &&
    event.currency !== undefined &&
    event.threshold !== undefined;
  const failureReminder =
    event.remindsOf === 'FAILING' &&
    event.failure !== undefined &&
    event.failedChecks !== undefined;
  return balanceReminder || failureReminder ? (event as AlertEvent) : undefined;
}
