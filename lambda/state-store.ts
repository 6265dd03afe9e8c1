import * as z from 'zod';
import { alertStateSchema, type AlertState } from './alerting/state';
import { SEVERITIES, type AlertAttributes } from './alerting/types';
import type { RenderedAlert } from './alerting/messages';

/**
 * The port to wherever alert state lives (DynamoDB in the function, a file for `npm start`),
 * and the record it keeps: the policy's state plus an outbox of messages being published.
 *
 * Why an outbox: "publish first, then save" alone cannot stop two concurrent checks from both
 * publishing. So a check that has something to say first claims it, by saving the next state
 * with the messages in the outbox (a conditional write: only one check wins); then publishes;
 * then saves again with the outbox emptied. A crash in between leaves the outbox full, and the
 * next check publishes it: an alert can be repeated, never lost.
 */

const severity = z.enum(SEVERITIES);

const outboxMessageSchema = z.object({
  alert: z.object({ subject: z.string(), email: z.string(), sms: z.string(), default: z.string() }),
  attributes: z.object({ severity, account: z.string(), remindsOf: severity.optional() }),
});

export const storedRecordSchema = z.object({
  state: alertStateSchema,
  outbox: z
    .object({
      claimedAt: z.iso.datetime({ offset: true }),
      messages: z.array(outboxMessageSchema).min(1),
    })
    .optional(),
});

export interface OutboxMessage {
  readonly alert: RenderedAlert;
  readonly attributes: AlertAttributes;
}

export interface StoredRecord {
  readonly state: AlertState;
  readonly outbox?: { readonly claimedAt: string; readonly messages: readonly OutboxMessage[] };
}

export interface LoadedRecord {
  readonly record: StoredRecord | undefined;
  /** 0 when nothing is stored yet. */
  readonly version: number;
  /**
   * Set when a stored record could not be read back (hand-edited, corrupt). The check then
   * starts from no state rather than stop alerting; at worst one alert is repeated.
   */
  readonly problem?: string;
}

export interface StateStore {
  /** One read per check. */
  load(): Promise<LoadedRecord>;
  /**
   * Saves `record` as version `expectedVersion + 1` if the stored version is still
   * `expectedVersion`; returns false, writing nothing, if another check saved first.
   */
  save(record: StoredRecord, expectedVersion: number): Promise<boolean>;
}

/** A stored record from a parsed value, or the reason it is not one we can trust. */
export function storedRecordFrom(value: unknown): { record: StoredRecord } | { problem: string } {
  const parsed = storedRecordSchema.safeParse(value);
  return parsed.success
    ? { record: parsed.data }
    : { problem: `the stored state is not valid: ${parsed.error.issues[0]?.message ?? ''}` };
}

/** Parses a stored record from its JSON text. */
export function parseStoredRecord(json: string): { record: StoredRecord } | { problem: string } {
  try {
    return storedRecordFrom(JSON.parse(json));
  } catch {
    return { problem: 'the stored state is not JSON' };
  }
}
