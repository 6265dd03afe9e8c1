import { randomUUID } from 'node:crypto';
import type { AlertState } from '../alerting/state';
import type { RecordBody } from '../stores/record';
import type { StateStore } from '../stores/state-store';
import { resultOf, updateRecord, type HealedReport } from './update-record';

/**
 * A change to an account's state made outside a check (a silence, an acknowledgment), through
 * the one update loop (update-record.ts: read, change, conditional write, three writes at
 * most). `change` returns the new state, or undefined to leave the record as it is (with the
 * reason the caller reports); a record never written is created. `writer` says what writes
 * (`ack`, `silence-…`); each update writes under an id of its own, so that one whose answer was
 * lost is recognised, and never taken for another's. Three lost races throw.
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
  const update = await updateRecord(
    store,
    now,
    `${writer.slice(0, 27)}/${randomUUID()}`,
    (record) => {
      const { state, result } = change(record?.state, record);
      if (state === undefined) return { result };
      // Everything else the record holds (its outbox, parked deliveries, releases) stays as read.
      return { body: { ...(record ?? { outbox: [], undeliverable: [] }), state }, result };
    },
    { healed },
  );
  return resultOf(update);
}

/** A state for an account never checked yet. */
export const emptyState = (now: Date): AlertState => ({
  schema: 1,
  lastCheckAt: now.toISOString(),
});
