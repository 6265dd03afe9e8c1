import type { RecordBody } from '../stores/record';
import type { LoadedRecord, StateStore, StoredVersion } from '../stores/state-store';

/**
 * Told what a record needed healing (dropped or rebuilt parts, stores/record.ts): the same
 * report a check makes (observability.ts, `StateProblem`).
 */
export type HealedReport = (problems: readonly string[]) => void;

/**
 * What one pass makes of the record it holds (undefined: none stored yet): the body to save,
 * or none when there is nothing to change (then nothing is written), and what the caller
 * answers either way.
 */
export type RecordChange<T> = (record: RecordBody | undefined) => {
  readonly body?: RecordBody;
  readonly result: T;
};

export interface UpdateOptions {
  /**
   * The record to start from and its version, when the caller holds them (it has just read or
   * saved it): the first pass makes no read. The store reads again only after a lost race.
   */
  readonly from?: LoadedRecord;
  /**
   * Told, once the update saved, what the record it saved over needed healing: what is saved
   * is what the next reader reads, so nobody else would tell it. An update that writes nothing
   * reports nothing (its next reader will).
   */
  readonly healed?: HealedReport;
  /**
   * Told what each record read again after a lost race needed healing, written over or not:
   * a check reports every record it reads (run-check.ts).
   */
  readonly reread?: HealedReport;
}

export type RecordUpdate<T> =
  /**
   * Saved (or saved earlier, its answer lost): `record` and `version` are what the store holds,
   * and `problems` what that record needed healing (none for this write's own body; another
   * writer's, read back after a lost answer, may need some), for a caller that writes over it.
   */
  | {
      readonly kind: 'saved';
      readonly result: T;
      readonly record: RecordBody;
      readonly version: StoredVersion;
      readonly problems: readonly string[];
      readonly lostRaces: number;
    }
  /**
   * Nothing to change in what the store holds (`problems`: what it needed healing): nothing
   * written.
   */
  | {
      readonly kind: 'unchanged';
      readonly result: T;
      readonly record: RecordBody | undefined;
      readonly version: StoredVersion;
      readonly problems: readonly string[];
      readonly lostRaces: number;
    }
  /** Three lost races: nothing written; `record` is the last one read. */
  | {
      readonly kind: 'gave-up';
      readonly record: RecordBody | undefined;
      readonly version: StoredVersion;
      readonly lostRaces: number;
    };

/** How many lost races an update takes before it gives up (a check writes at most once a minute). */
const MAX_LOST_RACES = 3;

/**
 * The one read-change-write loop over an account's record, for every writer but a check's plan
 * save (run-check.ts: it plans again between tries, and may stand down): read (unless `from` is
 * given), change, save with the version condition, and on a lost race change again what the store
 * holds now (three writes at most). `self` is the writer id the store records (state-store.ts):
 * one of the writer's own, so that a write whose answer was lost is recognised (`saved-earlier`,
 * then what the store holds is answered: it is built on this write) and never taken for another's.
 * The store's errors are thrown as they are.
 */
export async function updateRecord<T>(
  store: StateStore,
  now: Date,
  self: string,
  change: RecordChange<T>,
  options: UpdateOptions = {},
): Promise<RecordUpdate<T>> {
  let loaded = options.from ?? (await store.load(now));
  for (let lostRaces = 0; lostRaces < MAX_LOST_RACES; lostRaces += 1) {
    const { body, result } = change(loaded.record);
    if (body === undefined)
      return {
        kind: 'unchanged',
        result,
        record: loaded.record,
        version: loaded.version,
        problems: loaded.problems,
        lostRaces,
      };
    const written = await store.save(body, loaded.version, self, now);
    if (written.kind !== 'lost') {
      if (loaded.problems.length > 0) options.healed?.(loaded.problems);
      return written.kind === 'saved'
        ? { kind: 'saved', result, record: body, version: written.version, problems: [], lostRaces }
        : {
            kind: 'saved',
            result,
            record: written.current.record,
            version: written.current.version,
            problems: written.current.problems,
            lostRaces,
          };
    }
    loaded = written.current;
    if (loaded.problems.length > 0) options.reread?.(loaded.problems);
  }
  return {
    kind: 'gave-up',
    record: loaded.record,
    version: loaded.version,
    lostRaces: MAX_LOST_RACES,
  };
}

/** The result of an update that must not give up silently: three lost races throw. */
export function resultOf<T>(update: RecordUpdate<T>): T {
  if (update.kind === 'gave-up')
    throw new Error('the state kept changing under this update (three lost races); try again');
  return update.result;
}
