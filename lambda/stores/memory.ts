import { bodyOf, stateStoreOver, type RecordTable } from './envelope';
import type { RecordBody, StoredRecord } from './record';
import type { StateStore } from './state-store';

/** State in memory: a sandbox run of `npm start`, and the tests of the check's protocol. */

/** The stored record itself, envelope included (for the tests of the envelope). */
export function createMemoryRecordTable(): RecordTable & {
  readonly current: () => StoredRecord | undefined;
} {
  let version = 0;
  let stored: StoredRecord | undefined;
  return {
    read: () => Promise.resolve({ record: stored, token: version, problems: [] }),
    write(record: StoredRecord, expected: unknown) {
      if (expected !== version) return Promise.resolve(undefined);
      stored = structuredClone(record);
      version += 1;
      return Promise.resolve({ token: version });
    },
    current: () => stored,
  };
}

export function createMemoryStateStore(table = createMemoryRecordTable()): StateStore & {
  readonly current: () => RecordBody | undefined;
} {
  return {
    ...stateStoreOver(table),
    current: () => {
      const stored = table.current();
      return stored === undefined ? undefined : bodyOf(stored);
    },
  };
}
