import { randomUUID } from 'node:crypto';
import type { AlertState } from '../alerting/state';
import type { RecordBody } from '../stores/record';
import type { StateStore } from '../stores/state-store';

/**
 * Told what a record needed healing (dropped or rebuilt parts, stores/record.ts) when an update
 * saved over it: the same report a check makes (observability.ts, `StateProblem`).
 */
export type HealedReport = (problems: readonly string[]) => void;

/**
 * A change to an account's state made outside a check (a silence, an acknowledgment): read,
 * change, write with the version condition, and on a lost race change again what the store
 * holds now (three writes at most; a check writes at most once a minute). `change` returns the
 * new state, or undefined to leave the record as it is (with the reason the caller reports).
 * `writer` says what writes (`ack`, `silence-…`); each update writes under an id of its own,
 * so that one whose answer was lost is recognised, and never taken for another's.
 *
 * A record that needed healing is saved healed, and `healed` is told what was dropped, as a
 * check would: what is saved is what a check reads next, so the check would never tell it.
 * (Leaving the record for a check to heal would refuse an acknowledgment or a maintenance
 * silence until then.) An update that writes nothing reports nothing: the check will.
 */
export async function updateState<T>(
  store: StateStore,
  now: Date,
  writer: string,
  healed: HealedReport,
  /** `record`: the whole body read (its outbox too), for a caller that reads more than the state. */
  change: (
    state: AlertState | undefined,
    record: RecordBody | undefined,
  ) => { state?: AlertState; result: T },
): Promise<T> {
  const self = `${writer.slice(0, 27)}/${randomUUID()}`;
  let loaded = await store.load(now);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { state, result } = change(loaded.record?.state, loaded.record);
    if (state === undefined) return result;
    // Everything else the record holds (its outbox, parked deliveries, releases) stays as read.
    const body = { ...(loaded.record ?? { outbox: [], undeliverable: [] }), state };
    const written = await store.save(body, loaded.version, self, now);
    if (written.kind !== 'lost') {
      if (loaded.problems.length > 0) healed(loaded.problems);
      return result;
    }
    loaded = written.current;
  }
  throw new Error('the state kept changing under this update (three lost races); try again');
}

/** A state for an account never checked yet. */
export const emptyState = (now: Date): AlertState => ({
  schema: 1,
  lastCheckAt: now.toISOString(),
});
