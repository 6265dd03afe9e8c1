import * as z from '../contract/zod';
import { FAILURE_KINDS } from '../contract/failures';
import { alertStateSchema, type AlertState } from '../alerting/state';
import { escalationRunSchema } from '../alerting/escalation-state';
import { MAX_RELEASES, MAX_SENT_COUNTS } from '../delivery/limits';
import {
  legacyMessageSchema,
  parkedSchema,
  releaseSchema,
  sentCountSchema,
  parseOutboxEntry,
  type OutboxEntry,
  type OutboxState,
  type ParkedDelivery,
} from '../delivery/outbox-entry';

/**
 * What the monitor keeps per account: the policy's state, the outbox of events being
 * delivered, and the deliveries parked as undeliverable. Stored as JSON (a DynamoDB item, a
 * file), with a schema number; every older schema has a migration, and a record that does not
 * parse keeps whatever does (an outbox entry, an open episode) instead of being reset.
 */

export const RECORD_SCHEMA = 2;

/**
 * What the monitor's code reads and saves: the policy's state and the outbox. The envelope
 * around it (the schema number, the last writers) is the store's alone (envelope.ts).
 */
export interface RecordBody extends OutboxState {
  readonly state: AlertState;
}

/** A record as stored: the body in its envelope. Only stores/ sees this shape. */
export interface StoredRecord extends RecordBody {
  readonly schema: typeof RECORD_SCHEMA;
  /**
   * The ids of the last checks that saved this record, newest last. A check whose save lost
   * its answer while another check wrote after it finds its id here and knows its save holds.
   */
  readonly writers?: readonly string[];
}

/** How many recent writers a record remembers. */
export const MAX_WRITERS = 5;
/** The longest writer id a record keeps. */
export const MAX_WRITER_LENGTH = 64;

/** A record as read back: what could be kept, and what could not (for the logs and metrics). */
export interface HealedRecord {
  readonly record: StoredRecord | undefined;
  readonly problems: readonly string[];
}

const isoDate = z.iso.datetime({ offset: true });
const fullRecordSchema = z.object({
  schema: z.literal(RECORD_SCHEMA),
  state: alertStateSchema,
  outbox: z.array(z.unknown()),
  undeliverable: z.array(parkedSchema),
  writers: z.optional(
    z.array(z.string().check(z.maxLength(MAX_WRITER_LENGTH))).check(z.maxLength(MAX_WRITERS)),
  ),
  releases: z.optional(z.array(releaseSchema).check(z.maxLength(MAX_RELEASES))),
  sent: z.optional(z.array(sentCountSchema).check(z.maxLength(MAX_SENT_COUNTS))),
});

/** Schema 1 (before the outbox stored events): one claimed batch of rendered messages. */
const v1OutboxSchema = z.object({
  claimedAt: isoDate,
  messages: z.array(legacyMessageSchema).check(z.minLength(1)),
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A part of the policy state that records something already said (an open episode, a FAILING
 * or STALE sent, a FORECAST sent) is rebuilt rather than dropped: dropping it would say it
 * again. What cannot be read is dated `now`: reminders count from here. A part that only helps
 * (the last reading, the history) is dropped.
 */
function rebuild(field: string, raw: unknown, now: Date): unknown {
  const at = now.toISOString();
  const part = isObject(raw) ? raw : {};
  const date = (value: unknown) => {
    const parsed = isoDate.safeParse(value);
    return parsed.success ? parsed.data : at;
  };
  switch (field) {
    case 'episode':
      return {
        since: date(part.since),
        level: part.level === 'CRITICAL' ? 'CRITICAL' : 'LOW',
        lastAlertAt: at,
      };
    case 'failure':
      // Unknown whether FAILING went out: assume it did (a RESOLVED too many beats a second
      // FAILING for one outage).
      return {
        since: date(part.since),
        count:
          typeof part.count === 'number' && Number.isInteger(part.count) && part.count > 0
            ? part.count
            : 100,
        kind: FAILURE_KINDS.some((kind) => kind === part.kind) ? part.kind : 'unavailable',
        reason: 'the stored failure could not be read back',
        alertedAt: date(part.alertedAt),
        lastAlertAt: at,
      };
    case 'staleSince':
    case 'forecastSentAt':
      return at;
    case 'escalations': {
      // Each escalation on its own: a damaged one stops (no tier is told of it again), the
      // others keep their clocks.
      const runs = (Array.isArray(raw) ? raw : []).flatMap((run) => {
        const parsed = escalationRunSchema.safeParse(run);
        return parsed.success ? [parsed.data] : [];
      });
      return runs.length === 0 ? undefined : runs.slice(0, 2);
    }
    default:
      return undefined;
  }
}

/**
 * Each part of the policy state on its own: a damaged part is dropped (and named), the rest is
 * kept. An episode that cannot be read is not forgotten but rebuilt, so that healing never
 * sends a second LOW for an episode that already alerted; its reminders count from `now`.
 */
function healState(raw: unknown, now: Date, problems: string[]): AlertState | undefined {
  if (!isObject(raw)) {
    problems.push('the policy state is missing or not an object');
    return undefined;
  }
  const whole = alertStateSchema.safeParse({ ...raw, schema: 1 });
  if (whole.success) return whole.data;
  const shape = alertStateSchema.shape;
  const lastCheckAt = isoDate.safeParse(raw.lastCheckAt);
  const state: Record<string, unknown> = {
    schema: 1,
    lastCheckAt: lastCheckAt.success ? lastCheckAt.data : now.toISOString(),
  };
  if (!lastCheckAt.success) problems.push('state.lastCheckAt was unreadable');
  for (const [field, schema] of Object.entries(shape)) {
    if (field === 'schema' || field === 'lastCheckAt' || raw[field] === undefined) continue;
    const parsed = schema.safeParse(raw[field]);
    if (parsed.success) {
      state[field] = parsed.data;
      continue;
    }
    const rebuilt = rebuild(field, raw[field], now);
    problems.push(
      `state.${field} was unreadable and was ${rebuilt === undefined ? 'dropped' : 'rebuilt'}`,
    );
    if (rebuilt !== undefined) state[field] = rebuilt;
  }
  const rebuilt = alertStateSchema.safeParse(state);
  return rebuilt.success ? rebuilt.data : undefined;
}

function healOutbox(raw: unknown, problems: string[]): OutboxEntry[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('the outbox was not a list and was dropped');
    return [];
  }
  const entries: OutboxEntry[] = [];
  for (const [index, item] of raw.entries()) {
    const entry = parseOutboxEntry(item);
    if (entry === undefined) problems.push(`outbox entry ${index} was unreadable and was dropped`);
    else entries.push(entry);
  }
  return entries;
}

function healUndeliverable(raw: unknown, problems: string[]): ParkedDelivery[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push('the undeliverable list was not a list and was dropped');
    return [];
  }
  const kept: ParkedDelivery[] = [];
  for (const item of raw) {
    const parsed = parkedSchema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
  }
  if (kept.length < raw.length)
    problems.push(`${raw.length - kept.length} undeliverable records were dropped`);
  return kept;
}

/** Schema 1 -> 2: its claimed messages become outbox entries published as rendered (SNS only). */
function migrateV1Outbox(raw: unknown, problems: string[]): OutboxEntry[] {
  if (raw === undefined) return [];
  const parsed = v1OutboxSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push('the schema 1 outbox was unreadable and was dropped');
    return [];
  }
  const { claimedAt, messages } = parsed.data;
  return messages.map((message, index) => ({
    id: `${message.attributes.account}/${claimedAt}/v1-${index}/${message.attributes.severity}`,
    // A minimal event: enough for logs; the rendered message is what is published.
    event: { severity: 'TEST', account: message.attributes.account, at: claimedAt },
    createdAt: claimedAt,
    legacy: message,
    // The old claim is honoured like a new one: the lease decides.
    deliveries: { sns: { attempts: 0, notBefore: claimedAt, claimedAt } },
  }));
}

/**
 * Reads a stored record of any schema this code has known: whole when it parses, part by part
 * when it does not. `now` dates what has to be rebuilt.
 */
export function healRecord(raw: unknown, now: Date): HealedRecord {
  if (raw === undefined || raw === null) return { record: undefined, problems: [] };
  if (!isObject(raw))
    return { record: undefined, problems: ['the stored record is not an object'] };
  const problems: string[] = [];
  if (raw.schema === RECORD_SCHEMA) {
    const whole = fullRecordSchema.safeParse(raw);
    if (whole.success) {
      const outbox = healOutbox(whole.data.outbox, problems);
      return {
        record: {
          schema: RECORD_SCHEMA,
          state: whole.data.state,
          outbox,
          undeliverable: whole.data.undeliverable,
          ...(whole.data.writers === undefined ? {} : { writers: whole.data.writers }),
          ...(whole.data.releases === undefined ? {} : { releases: whole.data.releases }),
          ...(whole.data.sent === undefined ? {} : { sent: whole.data.sent }),
        },
        problems,
      };
    }
  } else if (raw.schema !== 1 && raw.schema !== undefined) {
    problems.push(
      `the stored record has schema ${JSON.stringify(raw.schema)}, not one this version knows; read as schema ${RECORD_SCHEMA}`,
    );
  }
  // Schema 1 kept the policy state's own schema number at the top of `state`, and one outbox.
  const v1 = raw.schema === undefined || raw.schema === 1;
  const state = healState(raw.state, now, problems);
  const outbox = v1 ? migrateV1Outbox(raw.outbox, problems) : healOutbox(raw.outbox, problems);
  const undeliverable = v1 ? [] : healUndeliverable(raw.undeliverable, problems);
  if (state === undefined && outbox.length === 0) return { record: undefined, problems };
  // Lost, they cost at most one reminder too soon on a channel whose hold ended: not a problem.
  const releases = z.array(releaseSchema).check(z.maxLength(MAX_RELEASES)).safeParse(raw.releases);
  // Lost, the hour's cap counts from 0 again: a few messages more, once.
  const sent = z.array(sentCountSchema).check(z.maxLength(MAX_SENT_COUNTS)).safeParse(raw.sent);
  return {
    record: {
      schema: RECORD_SCHEMA,
      state: state ?? { schema: 1, lastCheckAt: now.toISOString() },
      outbox,
      undeliverable,
      ...(releases.success && releases.data.length > 0 ? { releases: releases.data } : {}),
      ...(sent.success && sent.data.length > 0 ? { sent: sent.data } : {}),
    },
    problems,
  };
}

/** Parses a stored record from its JSON text. */
export function parseRecordJson(json: string, now: Date): HealedRecord {
  try {
    return healRecord(JSON.parse(json), now);
  } catch {
    return { record: undefined, problems: ['the stored record is not JSON'] };
  }
}
