import type { RecordBody } from './record';
import { isQuiet, mustSave } from './save-policy';
import type { LoadedRecord, StateStore, StoredVersion, WriteOutcome } from './state-store';

/**
 * The state kept in the Lambda container between checks, so that a warm check of a quiet
 * account makes one remote call, the GET of the balance: no read (the record is here) and no
 * write (save-policy.ts decides when one is due).
 *
 * A copy can be stale: another container, an action or the acknowledge page may have written
 * since. The conditional write catches it: the write names the version this container last
 * saw, fails if another was stored since, and the check then re-judges on what the store
 * holds now and saves again (run-check.ts). A check that writes nothing cannot be caught that
 * way, so only a quiet record is reused (nothing to deliver, no episode to acknowledge); a
 * stale quiet copy delays at worst what another writer started (its RECOVERED, its retries)
 * until this container's next write, at most SAVE_EVERY_MINUTES away.
 */
interface Copy {
  /** The record as the store holds it (last read or written). */
  readonly stored: RecordBody | undefined;
  /** The record as the last check left it (newer than `stored` when its save was not due). */
  readonly current: RecordBody | undefined;
  readonly version: StoredVersion;
}

const copyOf = (loaded: LoadedRecord): Copy => ({
  stored: loaded.record,
  current: loaded.record,
  version: loaded.version,
});

export function withContainerCache(store: StateStore): StateStore {
  let copy: Copy | undefined;
  return {
    async load(now: Date): Promise<LoadedRecord> {
      if (copy?.current !== undefined && isQuiet(copy.current))
        return { record: copy.current, version: copy.version, problems: [] };
      const loaded = await store.load(now);
      copy = copyOf(loaded);
      return loaded;
    },
    async save(
      body: RecordBody,
      expected: StoredVersion,
      writer: string,
      now: Date,
    ): Promise<WriteOutcome> {
      if (copy !== undefined && copy.version === expected && !mustSave(copy.stored, body)) {
        copy = { ...copy, current: body };
        return { kind: 'saved', version: expected };
      }
      const outcome = await store.save(body, expected, writer, now);
      // Not saved now: what this container held is stale; the store's answer is the copy.
      copy =
        outcome.kind === 'saved'
          ? { stored: body, current: body, version: outcome.version }
          : copyOf(outcome.current);
      return outcome;
    },
  };
}
