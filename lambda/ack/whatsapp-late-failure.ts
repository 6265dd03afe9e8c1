import { lateFailureText } from '../channels/whatsapp-errors';
import type { ParkedDelivery } from '../delivery/outbox-entry';
import { clearingMarks } from '../check/clearing-marks';
import { withUndeliverable } from '../delivery/undeliverable';
import { resultOf, updateRecord } from '../check/update-record';
import type { LoadedRecord, StateStore } from '../stores/state-store';
import type { FailedStatus } from './whatsapp-status';

/**
 * A WhatsApp delivery Meta reported failed after accepting it (whatsapp-status.ts): parked in
 * the account's record like one the outbox gave up on (the same `undeliverable` list and
 * shape, delivery/undeliverable.ts), with one conditional write on the record the check
 * writes, re-read and tried again on a lost race (three writes at most), so no concurrent
 * check or press is lost. Parked once: SNS delivers at least once and Meta may report a
 * failure twice, so a delivery already parked under the same entry id and channel is left as
 * it is (within the last parked deliveries the record keeps).
 *
 * The park is saved marked not yet queued (delivery/undeliverable.ts, queue-marks.ts), and
 * whatsapp-handler.ts sends it to the parked-alerts queue and clears the mark once SQS took it
 * (`markLateFailuresQueued`): a send that fails leaves it, and the account's next check sends it.
 */

export interface LateFailureDeps {
  readonly store: (account: string) => StateStore;
  /** The accounts this function serves: a callback naming another is not ours to park. */
  readonly accounts: ReadonlySet<string>;
  readonly now: () => Date;
  readonly stateHealed: (account: string, problems: readonly string[]) => void;
}

export type LateFailureOutcome =
  | {
      readonly kind: 'parked';
      readonly account: string;
      readonly parked: ParkedDelivery;
      /** The record as this park left it, and its version: where clearing its mark starts. */
      readonly stored: LoadedRecord;
    }
  /** Parked before: a redelivered or repeated status (`stored`: the record as read). */
  | { readonly kind: 'already'; readonly account: string; readonly stored: LoadedRecord }
  /** An account this stack does not serve, or never checked. */
  | { readonly kind: 'unknown' };

export async function parkLateFailure(
  status: FailedStatus,
  deps: LateFailureDeps,
  /** The account's record as this event's last park saved it: no read before this write. */
  from?: LoadedRecord,
): Promise<LateFailureOutcome> {
  const { a: account, e: id, c: channel, s: severity, t: eventAt } = status.callback;
  if (!deps.accounts.has(account)) return { kind: 'unknown' };
  const now = deps.now();
  const parked: ParkedDelivery = {
    id,
    channel,
    severity,
    eventAt,
    parkedAt: now.toISOString(),
    attempts: 1,
    error: lateFailureText(status.code, status.title),
  };
  const update = await updateRecord<LateFailureOutcome['kind']>(
    deps.store(account),
    now,
    // An id of this park's own: a name shared with another delivery of the same status would
    // take that one's write for its own (saved-earlier), and both would say "parked".
    `whatsapp-status/${globalThis.crypto.randomUUID()}`,
    (record) => {
      if (record === undefined) return { result: 'unknown' };
      if (record.undeliverable.some((p) => p.id === id && p.channel === channel))
        return { result: 'already' };
      const undeliverable = withUndeliverable(record.undeliverable, [parked]);
      return { body: { ...record, undeliverable }, result: 'parked' };
    },
    {
      healed: (problems) => deps.stateHealed(account, problems),
      ...(from === undefined ? {} : { from }),
    },
  );
  const kind = resultOf(update); // three lost races throw
  if (kind === 'unknown' || update.kind === 'gave-up' || update.record === undefined)
    return { kind: 'unknown' };
  // The record as this park left it (or as read, when already parked): where the event's next
  // park for the account, and the clearing write, start.
  const stored = { record: update.record, version: update.version, problems: update.problems };
  return kind === 'parked' ? { kind, account, parked, stored } : { kind, account, stored };
}

/**
 * Clears the marks of late failures the parked-alerts queue took, through the same update loop
 * (re-read on a lost race, three writes at most); a record it saves healed is reported
 * (`stateHealed`), so that no check will see it damaged. Nothing to clear (a check sent them
 * meanwhile, and cleared them): nothing written. Throws when it cannot save: the marks stay,
 * and the next check sends those parks once more (a copy: at least once, queue-marks.ts).
 */
export async function markLateFailuresQueued(
  account: string,
  sent: readonly ParkedDelivery[],
  deps: Pick<LateFailureDeps, 'store' | 'now' | 'stateHealed'>,
  /** The record as the parks left it, and its version: read again only after a lost race. */
  from: LoadedRecord,
): Promise<void> {
  const update = await updateRecord(
    deps.store(account),
    deps.now(),
    `whatsapp-queued/${globalThis.crypto.randomUUID()}`,
    clearingMarks(sent),
    { healed: (problems) => deps.stateHealed(account, problems), from },
  );
  resultOf(update);
}
