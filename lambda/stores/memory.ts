import type { StoredRecord } from './record';
import type { LoadedRecord, StateStore, StoredVersion } from './state-store';

/** State in memory: a sandbox run of `npm start`, and the tests of the check's protocol. */
export function createMemoryStateStore(): StateStore & {
  readonly current: () => StoredRecord | undefined;
} {
  let version = 0;
  let stored: StoredRecord | undefined;
  return {
    load: (): Promise<LoadedRecord> =>
      Promise.resolve({ record: stored, version: { token: version }, problems: [] }),
    save(record: StoredRecord, expected: StoredVersion) {
      if (expected.token !== version) return Promise.resolve(undefined);
      stored = structuredClone(record);
      version += 1;
      return Promise.resolve({ token: version });
    },
    current: () => stored,
  };
}
