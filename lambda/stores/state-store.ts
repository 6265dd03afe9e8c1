import type { RecordBody } from './record';

/**
 * The port to wherever alert state lives: DynamoDB in the function, a file or memory for
 * `npm start` and the tests. One record per account, written with a condition on the version
 * that was read, so that of two racing checks only one saves.
 *
 * Callers read and save a record's body only (the policy state and the outbox). The store
 * owns its envelope (envelope.ts): the schema number, the list of the last writers, the
 * conditional write, and telling a write whose answer was lost from a lost race.
 */

declare const opaque: unique symbol;

/** The version a load read or a save wrote: what a save names as expected. Only the store looks inside. */
export interface StoredVersion {
  readonly [opaque]: 'StoredVersion';
}

export interface LoadedRecord {
  readonly record: RecordBody | undefined;
  readonly version: StoredVersion;
  /** What could not be read back and was dropped or rebuilt (empty when the record was whole). */
  readonly problems: readonly string[];
}

/**
 * What became of a conditional write:
 * - `saved`: the body is what the store holds now, at `version`;
 * - `saved-earlier`: the write committed but its answer was lost, and another writer saved
 *   after it; `current` is what the store holds now (built on this write: its claims hold);
 * - `lost`: another writer saved first and nothing was written; `current` is what it saved,
 *   read again, to judge again.
 */
export type WriteOutcome =
  | { readonly kind: 'saved'; readonly version: StoredVersion }
  | {
      readonly kind: 'saved-earlier';
      readonly current: LoadedRecord & { readonly record: RecordBody };
    }
  | { readonly kind: 'lost'; readonly current: LoadedRecord };

export interface StateStore {
  /** One read; `now` dates whatever has to be rebuilt from a damaged record. */
  load(now: Date): Promise<LoadedRecord>;
  /**
   * Saves `body` if the stored version is still `expected`, `writer` naming who writes: an id
   * of its own (a check's id), at most 64 characters, by which the store recognises a write of
   * its whose answer was lost. `now` dates what a re-read after a lost write has to rebuild.
   */
  save(body: RecordBody, expected: StoredVersion, writer: string, now: Date): Promise<WriteOutcome>;
}
