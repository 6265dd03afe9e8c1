import type { ParkedDelivery } from '../delivery/outbox-entry';
import { markQueued } from '../delivery/queue-marks';
import type { RecordChange } from './update-record';

/**
 * The record change that clears the marks of what the parked-alerts queue took (`taken`), for
 * updateRecord: the check's and the WhatsApp events function's alike. Nothing left to clear (a
 * re-read: another writer cleared them, or newer parks pushed them out of the record) and no
 * record: nothing to write.
 */
export function clearingMarks(taken: readonly ParkedDelivery[]): RecordChange<undefined> {
  return (record) => {
    if (record === undefined) return { result: undefined };
    const held = record.undeliverable;
    const undeliverable = markQueued(held, taken);
    if (undeliverable.every((p, i) => p === held[i])) return { result: undefined };
    return { body: { ...record, undeliverable }, result: undefined };
  };
}
