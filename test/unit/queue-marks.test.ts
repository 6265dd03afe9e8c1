import { unitCheckPorts } from '../support/check-ports';
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckPorts } from '../../lambda/check/run-check';
import { DeliveryError, type Notifier } from '../../lambda/delivery/channel-port';
import { MAX_PENDING_MINUTES } from '../../lambda/delivery/limits';
import type { ParkedDelivery } from '../../lambda/delivery/outbox-entry';
import { markQueued, unqueuedOf } from '../../lambda/delivery/queue-marks';
import { withUndeliverable } from '../../lambda/delivery/undeliverable';
import { withContainerCache } from '../../lambda/stores/container-cache';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import { healRecord, type RecordBody } from '../../lambda/stores/record';
import { mustSave } from '../../lambda/stores/save-policy';
import type { StateStore } from '../../lambda/stores/state-store';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * No alert given up on is lost on its way to the parked-alerts queue (whose count is the
 * alert-given-up alarm): a park is saved marked not yet queued, the mark cleared only once the
 * queue took it, and every check sends what is still marked (delivery/queue-marks.ts). In moto:
 * the fault matrix's `sqs-refuses-parked` row.
 */

const T0 = Date.parse('2026-12-07T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const park: ParkedDelivery = {
  id: 'main/2026-12-07T08:00:00.000Z/0/LOW',
  channel: 'sns',
  severity: 'LOW',
  eventAt: '2026-12-07T08:00:00.000Z',
  parkedAt: '2026-12-07T08:00:01.000Z',
  attempts: 1,
  error: 'SNS refused the publish (AuthorizationErrorException)',
};

const stored = (undeliverable: unknown[]) => ({
  schema: 2,
  state: { schema: 1, lastCheckAt: '2026-12-07T08:00:00.000Z' },
  outbox: [],
  undeliverable,
});

describe('the mark in the stored record', () => {
  it('a record saved before the mark existed reads as all queued: an upgrade sends nothing again', () => {
    const healed = healRecord(stored([park]), at(5));
    expect(healed.problems).toEqual([]);
    expect(healed.record?.undeliverable).toEqual([park]);
    expect(unqueuedOf(healed.record?.undeliverable ?? [])).toEqual([]);
  });

  it('a mark is read back as saved, and what is marked is sent without it', () => {
    const healed = healRecord(
      stored([park, { ...park, channel: 'chat:ops', queued: false }]),
      at(5),
    );
    expect(healed.problems).toEqual([]);
    expect(healed.record?.undeliverable[1]).toEqual({
      ...park,
      channel: 'chat:ops',
      queued: false,
    });
    expect(unqueuedOf(healed.record?.undeliverable ?? [])).toEqual([
      { ...park, channel: 'chat:ops' },
    ]);
  });

  it('a mark that is not `false` is damage: that park is dropped and said, the others kept', () => {
    const healed = healRecord(
      stored([park, { ...park, channel: 'chat:ops', queued: 'no' }]),
      at(5),
    );
    expect(healed.record?.undeliverable).toEqual([park]);
    expect(healed.problems).toEqual(['1 undeliverable records were dropped']);
  });
});

describe('marking and clearing', () => {
  const other = { ...park, channel: 'webhook:erp' };

  it('a park enters the record marked; only the parks the queue took are cleared', () => {
    const marked = withUndeliverable([park], [other]);
    expect(marked).toEqual([park, { ...other, queued: false }]);
    expect(unqueuedOf(marked)).toEqual([other]);
    expect(markQueued(marked, [other])).toEqual([park, other]);
    // Another park of the same delivery (the same entry and channel, parked at another time)
    // does not clear it.
    expect(markQueued(marked, [{ ...other, parkedAt: '2026-12-07T09:00:00.000Z' }])).toEqual(
      marked,
    );
  });

  it('a cleared mark alone is a change the container must write, whenever the last save was', () => {
    const quiet = (undeliverable: ParkedDelivery[]): RecordBody => ({
      state: {
        schema: 1,
        lastCheckAt: at(5).toISOString(),
        scheduledAt: at(5).toISOString(),
      },
      outbox: [],
      undeliverable,
    });
    const next = (undeliverable: ParkedDelivery[]): RecordBody => ({
      ...quiet(undeliverable),
      state: { schema: 1, lastCheckAt: at(10).toISOString(), scheduledAt: at(10).toISOString() },
    });
    // Five minutes after the last save, nothing else changed: not due...
    expect(mustSave(quiet([{ ...park, queued: false }]), next([{ ...park, queued: false }]))).toBe(
      false,
    );
    // ...but a cleared mark is written.
    expect(mustSave(quiet([{ ...park, queued: false }]), next([park]))).toBe(true);
  });
});

describe('a check and the parked-alerts queue', () => {
  const settings = { account: 'main', locale: 'en' as const, policy: BASE_SETTINGS };

  /** The store behind the container's copy, counting the calls that reach it. */
  function countedStore() {
    const inner = createMemoryStateStore();
    const calls: string[] = [];
    const counted: StateStore = {
      load: (now) => {
        calls.push('load');
        return inner.load(now);
      },
      save: (...args) => {
        calls.push('save');
        return inner.save(...args);
      },
    };
    return { store: withContainerCache(counted), current: inner.current, calls };
  }

  function queue() {
    const sent: (readonly ParkedDelivery[])[] = [];
    let refusing = true;
    return {
      sent,
      back: () => {
        refusing = false;
      },
      send: (parked: readonly ParkedDelivery[]) => {
        if (refusing)
          return Promise.reject(new Error('SQS refused the parked alerts (QueueDoesNotExist)'));
        sent.push(parked);
        return Promise.resolve();
      },
    };
  }

  const sns = (refuses: boolean): Notifier => ({
    name: 'sns',
    wants: () => true,
    deliver: () =>
      refuses
        ? Promise.reject(new DeliveryError('SNS refused the publish (AuthorizationError)', true))
        : Promise.resolve(),
  });

  function ports(
    state: StateStore,
    balance: number,
    channel: Notifier,
    q: ReturnType<typeof queue>,
    notQueued: string[],
  ): CheckPorts {
    return unitCheckPorts(state, balance, [channel], new Date(T0), {
      queueParked: q.send,
      report: {
        stateProblems: () => undefined,
        parked: () => undefined,
        notQueued: (error) => notQueued.push(error),
      },
    });
  }

  it('refused: the park stays marked; back: the next check sends it once, quiet or not, and clears the mark; then nothing', async () => {
    const { store, current, calls } = countedStore();
    const q = queue();
    const notQueued: string[] = [];
    // The LOW is refused for good and parked; the queue refuses it.
    const first = await runCheck(ports(store, 80_000, sns(true), q, notQueued), settings, {
      now: at(0),
    });
    expect(first.parked.map((p) => p.severity)).toEqual(['LOW']);
    expect(notQueued).toEqual(['SQS refused the parked alerts (QueueDoesNotExist)']);
    expect(current()?.undeliverable).toEqual([expect.objectContaining({ queued: false })]);
    // The balance recovers, the RECOVERED goes out; the queue still refuses: still marked,
    // and the record is quiet now (the container keeps it).
    await runCheck(ports(store, 500_000, sns(false), q, notQueued), settings, { now: at(5) });
    expect(notQueued).toHaveLength(2);
    expect(current()?.state.episode).toBeUndefined();
    expect(current()?.undeliverable).toEqual([expect.objectContaining({ queued: false })]);
    expect(q.sent).toEqual([]);

    // The queue is back. A warm check of the quiet record: no read (the container's copy),
    // one message with the park, and one write for the cleared mark alone (a save not due
    // otherwise: the last one was 5 minutes ago).
    q.back();
    calls.length = 0;
    const third = await runCheck(ports(store, 500_000, sns(false), q, notQueued), settings, {
      now: at(10),
    });
    expect(third.save).toBe('saved');
    expect(q.sent).toEqual([
      [expect.objectContaining({ id: first.parked[0]?.id, severity: 'LOW' })],
    ]);
    expect(q.sent[0]?.[0]).not.toHaveProperty('queued');
    expect(calls).toEqual(['save']);
    expect(current()?.undeliverable).toEqual([
      expect.not.objectContaining({ queued: expect.anything() as unknown }),
    ]);
    expect(current()?.undeliverable).toHaveLength(1);

    // Nothing marked: nothing sent, and the warm path makes no call to the store.
    calls.length = 0;
    await runCheck(ports(store, 500_000, sns(false), q, notQueued), settings, { now: at(15) });
    expect(q.sent).toHaveLength(1);
    expect(calls).toEqual([]);
    expect(notQueued).toHaveLength(2);
  });

  it('taken by the queue at once: one message, the mark cleared by the same check', async () => {
    const { store, current } = countedStore();
    const q = queue();
    q.back();
    const notQueued: string[] = [];
    const outcome = await runCheck(ports(store, 80_000, sns(true), q, notQueued), settings, {
      now: at(0),
    });
    expect(q.sent).toEqual([[outcome.parked[0]]]);
    expect(current()?.undeliverable).toEqual([outcome.parked[0]]);
    expect(notQueued).toEqual([]);
  });

  it("parked by the claim step (failing for 6 hours): marked in the plan's own write, sent when the queue is back", async () => {
    const store = createMemoryStateStore();
    const q = queue();
    const notQueued: string[] = [];
    const failing: Notifier = {
      name: 'sns',
      wants: () => true,
      deliver: () => Promise.reject(new DeliveryError('SNS failed (InternalError)', false)),
    };
    await runCheck(ports(store, 80_000, failing, q, notQueued), settings, { now: at(0) });
    expect(store.current()?.undeliverable).toEqual([]);
    // Six hours on: given up on as the check plans, before any delivery; the queue refuses.
    const later = await runCheck(ports(store, 80_000, failing, q, notQueued), settings, {
      now: at(MAX_PENDING_MINUTES + 5),
    });
    expect(later.parked.map((p) => p.severity)).toEqual(['LOW']);
    expect(store.current()?.undeliverable).toEqual([
      expect.objectContaining({ severity: 'LOW', queued: false }),
    ]);
    q.back();
    await runCheck(ports(store, 80_000, failing, q, notQueued), settings, {
      now: at(MAX_PENDING_MINUTES + 10),
    });
    expect(q.sent).toEqual([[later.parked[0]]]);
    expect(store.current()?.undeliverable).toEqual([later.parked[0]]);
  });

  it('the write clearing a mark fails (not a lost race): the check succeeds, the operators are told once, the mark stays for the next check', async () => {
    const inner = createMemoryStateStore();
    let saves = 0;
    // The plan's save, the results' save (the park, marked), then the clearing write: throws.
    const store: StateStore = {
      load: (now) => inner.load(now),
      save: (...args) => {
        saves += 1;
        return saves === 3
          ? Promise.reject(new Error('DynamoDB: ProvisionedThroughputExceededException'))
          : inner.save(...args);
      },
    };
    const q = queue();
    q.back();
    const told: (readonly ParkedDelivery[])[] = [];
    let savesWhenTold = 0;
    const notCleared: string[] = [];
    const base = ports(store, 80_000, sns(true), q, []);
    const outcome = await runCheck(
      {
        ...base,
        tellOperators: (parked) => {
          told.push(parked);
          savesWhenTold = saves;
          return Promise.resolve();
        },
        report: {
          stateProblems: () => undefined,
          parked: () => undefined,
          marksNotCleared: (error) => notCleared.push(error),
        },
      },
      settings,
      { now: at(0) },
    );
    // Told before the clearing write: that write can neither delay nor block the notice.
    expect(savesWhenTold).toBe(2);
    expect(saves).toBe(3);
    expect(outcome.save).toBe('saved');
    expect(told).toEqual([[expect.objectContaining({ id: outcome.parked[0]?.id })]]);
    expect(q.sent).toEqual([[outcome.parked[0]]]);
    expect(notCleared).toEqual(['DynamoDB: ProvisionedThroughputExceededException']);
    expect(inner.current()?.undeliverable).toEqual([expect.objectContaining({ queued: false })]);
  });

  it('the clearing write loses its race to a writer that cleared the marks: nothing left to clear, nothing written', async () => {
    const inner = createMemoryStateStore();
    let saves = 0;
    // Just before the clearing write (the third), another writer (the WhatsApp function, a
    // concurrent check) clears the same mark: the clearing write loses, and re-reads.
    const store: StateStore = {
      load: (now) => inner.load(now),
      save: async (...args) => {
        saves += 1;
        if (saves === 3) {
          const now = args[3];
          const current = await inner.load(now);
          const record = current.record;
          if (record !== undefined)
            await inner.save(
              { ...record, undeliverable: markQueued(record.undeliverable, record.undeliverable) },
              current.version,
              'other',
              now,
            );
        }
        return inner.save(...args);
      },
    };
    const q = queue();
    q.back();
    const outcome = await runCheck(ports(store, 80_000, sns(true), q, []), settings, {
      now: at(0),
    });
    expect(outcome.save).toBe('saved');
    expect(q.sent).toEqual([[outcome.parked[0]]]);
    // The plan's save, the results' save, the clearing write that lost; none after its re-read.
    expect(saves).toBe(3);
    expect(inner.current()?.undeliverable).toEqual([outcome.parked[0]]);
  });

  it('the claim step parks 12 at once (more than the record keeps): all 12 are sent', async () => {
    const store = createMemoryStateStore();
    const q = queue();
    q.back();
    const failing = (name: string): Notifier => ({
      name,
      wants: () => true,
      deliver: () => Promise.reject(new DeliveryError(`${name} failed (InternalError)`, false)),
    });
    const channels = Array.from({ length: 12 }, (_, i) => failing(`webhook:erp-${i}`));
    const withChannels = (): CheckPorts => ({
      ...ports(store, 80_000, failing('sns'), q, []),
      channels,
    });
    await runCheck(withChannels(), settings, { now: at(0) });
    const later = await runCheck(withChannels(), settings, { now: at(MAX_PENDING_MINUTES + 5) });
    expect(later.parked).toHaveLength(12);
    expect(q.sent).toHaveLength(1);
    expect(new Set(q.sent[0]?.map((p) => p.channel))).toEqual(new Set(channels.map((c) => c.name)));
    expect(q.sent[0]).toHaveLength(12);
    // The record keeps the newest 10, their marks cleared.
    expect(store.current()?.undeliverable).toHaveLength(10);
    expect(unqueuedOf(store.current()?.undeliverable ?? [])).toEqual([]);
  });

  it('without a queue (on a machine, npm start): the park is saved marked and stays so, quietly: nothing sent, said or written for it', async () => {
    const inner = createMemoryStateStore();
    let saves = 0;
    const store: StateStore = {
      load: (now) => inner.load(now),
      save: (...args) => {
        saves += 1;
        return inner.save(...args);
      },
    };
    const notQueued: string[] = [];
    const noQueue = {
      ...ports(store, 80_000, sns(true), queue(), notQueued),
      queueParked: undefined,
    };
    const first = await runCheck(noQueue, settings, { now: at(0) });
    const marked = { ...first.parked[0], queued: false };
    expect(inner.current()?.undeliverable).toEqual([marked]);
    // The next check: nothing to send the mark to, so no clearing write (its plan's save only).
    saves = 0;
    const next = await runCheck(noQueue, settings, { now: at(5) });
    expect(next.parked).toEqual([]);
    expect(saves).toBe(1);
    expect(inner.current()?.undeliverable).toEqual([marked]);
    expect(notQueued).toEqual([]);
  });
});
