import type { StoredRecord } from './record';
import { isQuiet, mustSave } from './save-policy';
import type { LoadedRecord, StateStore, StoredVersion } from './state-store';

/**
 * The state kept in the Lambda container between checks, so that a warm check of a quiet
 * account makes one remote call, the GET of the balance: no read (the record is here) and no
 * write (save-policy.ts decides when one is due).
 *
 * A copy can be stale: another container, an action or the acknowledge page may have written
 * since. The conditional write catches it: the write names the version this container last
 * saw, fails if another was stored since, and the check then re-reads, re-judges and saves
 * again (run-check.ts). A check that writes nothing cannot be caught that way, so only a quiet
 * record is reused (nothing to deliver, no episode to acknowledge); a stale quiet copy delays
 * at worst what another writer started (its RECOVERED, its retries) until this container's
 * next write, at most SAVE_EVERY_MINUTES away.
 */
interface Copy {
  /** The record as the store holds it (last read or written). */
  readonly stored: StoredRecord | undefined;
  /** The record as the last check left it (newer than `stored` when its save was not due). */
  readonly current: StoredRecord | undefined;
  readonly version: StoredVersion;
}

export function withContainerCache(store: StateStore): StateStore {
  let copy: Copy | undefined;
  return {
    async load(now: Date): Promise<LoadedRecord> {
      if (copy?.current !== undefined && isQuiet(copy.current))
        return { record: copy.current, version: copy.version, problems: [] };
      const loaded = await store.load(now);
      copy = { stored: loaded.record, current: loaded.record, version: loaded.version };
      return loaded;
    },
    async save(record: StoredRecord, expected: StoredVersion) {
      if (copy !== undefined && copy.version === expected && !mustSave(copy.stored, record)) {
        copy = { ...copy, current: record };
        return expected;
      }
      const version = await store.save(record, expected);
      // A lost race: whatever this container holds is stale.
      copy = version === undefined ? undefined : { stored: record, current: record, version };
      return version;
    },
  };
}
