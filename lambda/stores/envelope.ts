import {
  MAX_WRITER_LENGTH,
  MAX_WRITERS,
  RECORD_SCHEMA,
  type RecordBody,
  type StoredRecord,
} from './record';
import type { LoadedRecord, StateStore, StoredVersion, WriteOutcome } from './state-store';

/**
 * The record's envelope, stamped in this one place for every store: the schema number, the
 * last writers, and the conditional write's outcome. An adapter (DynamoDB, a file, memory)
 * only reads a stored record and writes one on a condition; the monitor's code only sees
 * bodies (state-store.ts).
 *
 * A write can commit and lose its answer (a timeout, a retry that meets its own write as a
 * condition failure), and another writer can save after it before anyone looks. The writers
 * list is how such a write is recognised: each save names its writer, and a writer that finds
 * its name there, when it was not there in the version it expected, knows its write holds.
 */

/** A stored record as an adapter reads it, with the adapter's mark of the version read. */
export interface RawRead {
  readonly record: StoredRecord | undefined;
  /** What the adapter needs to recognise this version (an attribute, a counter). */
  readonly token: unknown;
  readonly problems: readonly string[];
}

/** What an adapter provides. Only the envelope calls it. */
export interface RecordTable {
  read(now: Date): Promise<RawRead>;
  /**
   * Writes `record` if the stored version is still the one `expected` marks: the new
   * version's token, or undefined (nothing written) when another write came first. A write
   * whose answer was lost and that the adapter itself recognises (DynamoDB's writeId) is a
   * write.
   */
  write(record: StoredRecord, expected: unknown): Promise<{ readonly token: unknown } | undefined>;
}

/** Inside a StoredVersion: the adapter's token, and the writers the record named then. */
interface Version {
  readonly token: unknown;
  readonly writers: readonly string[];
}

const sealed = (version: Version): StoredVersion => version as unknown as StoredVersion;
const opened = (version: StoredVersion): Version => version as unknown as Version;

/** The body's own fields alone: what callers see of a stored record, what is stored of a body. */
export function bodyOf(record: RecordBody): RecordBody {
  return {
    state: record.state,
    outbox: record.outbox,
    undeliverable: record.undeliverable,
    ...(record.releases === undefined ? {} : { releases: record.releases }),
    ...(record.sent === undefined ? {} : { sent: record.sent }),
  };
}

/** The record to store: the body's own fields, in the envelope. */
function enveloped(body: RecordBody, writers: readonly string[]): StoredRecord {
  return { schema: RECORD_SCHEMA, ...bodyOf(body), writers };
}

export function stateStoreOver(table: RecordTable): StateStore {
  async function load(now: Date): Promise<LoadedRecord> {
    const read = await table.read(now);
    return {
      record: read.record === undefined ? undefined : bodyOf(read.record),
      version: sealed({ token: read.token, writers: read.record?.writers ?? [] }),
      problems: read.problems,
    };
  }

  return {
    load,
    async save(
      body: RecordBody,
      expected: StoredVersion,
      writer: string,
      now: Date,
    ): Promise<WriteOutcome> {
      if (writer.length === 0 || writer.length > MAX_WRITER_LENGTH)
        throw new Error(`a writer id has 1 to ${MAX_WRITER_LENGTH} characters`);
      const before = opened(expected);
      // A writer saving again on its own write (a check's results after its claims) is named
      // once: its name, already there, could not tell its lost answer from a lost race.
      const named = before.writers.includes(writer);
      const writers = named ? before.writers : [...before.writers, writer].slice(-MAX_WRITERS);
      const written = await table.write(enveloped(body, writers), before.token);
      if (written !== undefined)
        return { kind: 'saved', version: sealed({ token: written.token, writers }) };
      const current = await load(now);
      if (
        !named &&
        current.record !== undefined &&
        opened(current.version).writers.includes(writer)
      )
        return { kind: 'saved-earlier', current: { ...current, record: current.record } };
      return { kind: 'lost', current };
    },
  };
}
