import type { StoredRecord } from './record';

/**
 * The port to wherever alert state lives: DynamoDB in the function, a file or memory for
 * `npm start` and the tests. One record per account, written with a condition on the version
 * that was read, so that of two racing checks only one saves.
 */

/** What a store needs to recognise the version it read; only the store looks inside. */
export interface StoredVersion {
  readonly token: unknown;
}

export interface LoadedRecord {
  readonly record: StoredRecord | undefined;
  readonly version: StoredVersion;
  /** What could not be read back and was dropped or rebuilt (empty when the record was whole). */
  readonly problems: readonly string[];
}

export interface StateStore {
  /** One read; `now` dates whatever has to be rebuilt from a damaged record. */
  load(now: Date): Promise<LoadedRecord>;
  /**
   * Saves `record` if the stored version is still `expected`. Returns the new version, or
   * undefined (writing nothing) when another check saved first. A write whose answer was lost
   * is recognised as this one's, not as a lost race.
   */
  save(record: StoredRecord, expected: StoredVersion): Promise<StoredVersion | undefined>;
}
