import type { AlertState } from '../alerting/state';
import { MAX_WRITERS, RECORD_SCHEMA, type StoredRecord } from '../stores/record';
import type { StateStore } from '../stores/state-store';

/**
 * A change to an account's state made outside a check (a silence, an acknowledgment): read,
 * change, write with the version condition, and on a lost race read and change again (twice at
 * most; a check writes at most once a minute). `change` returns the new state, or undefined to
 * leave the record as it is (with the reason the caller reports).
 */
export async function updateState<T>(
  store: StateStore,
  now: Date,
  writer: string,
  change: (state: AlertState | undefined) => { state?: AlertState; result: T },
): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const loaded = await store.load(now);
    const { state, result } = change(loaded.record?.state);
    if (state === undefined) return result;
    // Everything else the record holds (its outbox, parked deliveries, releases) stays as read.
    const record: StoredRecord = {
      ...(loaded.record ?? { outbox: [], undeliverable: [] }),
      schema: RECORD_SCHEMA,
      state,
      writers: [...(loaded.record?.writers ?? []), writer].slice(-MAX_WRITERS),
    };
    if ((await store.save(record, loaded.version)) !== undefined) return result;
  }
  throw new Error('the state kept changing under this update (three lost races); try again');
}

/** A state for an account never checked yet. */
export const emptyState = (now: Date): AlertState => ({
  schema: 1,
  lastCheckAt: now.toISOString(),
});
