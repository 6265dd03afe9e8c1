import { describe, expect, it } from 'vitest';
import { addSilence, endSilence } from '../../lambda/check/silences';
import { resultOf, updateRecord } from '../../lambda/check/update-record';
import { emptyState, updateState } from '../../lambda/check/update-state';
import { stateStoreOver } from '../../lambda/stores/envelope';
import { createMemoryRecordTable, createMemoryStateStore } from '../../lambda/stores/memory';
import type { RecordBody, StoredRecord } from '../../lambda/stores/record';
import type { StateStore } from '../../lambda/stores/state-store';

/** A change made outside a check (a silence, an acknowledgment) changes the state and nothing else. */

const noReport = () => {};

describe('updateState', () => {
  it('keeps what else the record holds: its outbox, parked deliveries and releases', async () => {
    const store = createMemoryStateStore();
    const now = new Date('2026-12-01T08:00:00.000Z');
    const before: RecordBody = {
      state: { schema: 1, lastCheckAt: now.toISOString() },
      outbox: [],
      undeliverable: [],
      releases: [
        { channel: 'telegram:ops', episode: 'b:2026-12-01T01:05:00.000Z', at: now.toISOString() },
      ],
    };
    await store.save(before, (await store.load(now)).version, 'check', now);
    await addSilence(store, { action: 'silence', minutes: 60 }, now, () => {});
    const after = store.current();
    expect(after?.state.silences).toHaveLength(1);
    expect(after?.releases).toEqual(before.releases);
  });
});

describe('updateState and the outcome of its write', () => {
  const now = new Date('2026-12-01T08:00:00.000Z');
  const silence = (id: string) => ({ id, from: now.toISOString(), until: '2026-12-01T09:00:00Z' });
  /** An update adding silence `id`, as an action or the acknowledge page makes one. */
  const adding = (store: StateStore, id: string, writer = 'ack') =>
    updateState(store, now, writer, noReport, (state) => ({
      state: { ...(state ?? emptyState(now)), silences: [...(state?.silences ?? []), silence(id)] },
      result: id,
    }));

  it('lost: it changes again what the other writer saved, even one with the same name', async () => {
    const table = createMemoryRecordTable();
    const store = createMemoryStateStore(table);
    let raced = false;
    const racing = stateStoreOver({
      read: (at) => table.read(at),
      async write(record: StoredRecord, expected) {
        if (!raced) {
          raced = true;
          // Another acknowledgment saves first.
          await adding(store, 'b');
        }
        return table.write(record, expected);
      },
    });
    expect(await adding(racing, 'a')).toBe('a');
    expect(store.current()?.state.silences?.map((s) => s.id)).toEqual(['b', 'a']);
    // Each update wrote under an id of its own, named for what wrote.
    expect(table.current()?.writers).toEqual([
      expect.stringMatching(/^ack\//),
      expect.stringMatching(/^ack\//),
    ]);
    expect(new Set(table.current()?.writers).size).toBe(2);
  });

  it('saved-earlier: its answer lost and another writer after it, it does not change twice', async () => {
    const table = createMemoryRecordTable();
    const store = createMemoryStateStore(table);
    let first = true;
    const losing = stateStoreOver({
      read: (at) => table.read(at),
      async write(record: StoredRecord, expected) {
        if (!first) return table.write(record, expected);
        first = false;
        const committed = await table.write(record, expected);
        // A check saves after it; then the answer is lost.
        if (committed !== undefined)
          await store.save(
            (await store.load(now)).record ?? {
              state: emptyState(now),
              outbox: [],
              undeliverable: [],
            },
            (await store.load(now)).version,
            'a-check',
            now,
          );
        return undefined;
      },
    });
    expect(await adding(losing, 'a')).toBe('a');
    expect(store.current()?.state.silences?.map((s) => s.id)).toEqual(['a']);
  });
});

describe('updateState over a record that needed healing', () => {
  const now = new Date('2026-12-01T08:00:00.000Z');
  const DROPPED = 'outbox entry 1 was unreadable and was dropped';
  /** A table whose record reads as healed (DROPPED) until someone saves over it. */
  function damagedTable() {
    const table = createMemoryRecordTable();
    let damaged = true;
    const store = stateStoreOver({
      read: async (at) => ({ ...(await table.read(at)), problems: damaged ? [DROPPED] : [] }),
      async write(record: StoredRecord, expected) {
        const written = await table.write(record, expected);
        if (written !== undefined) damaged = false;
        return written;
      },
    });
    return { table, store };
  }
  const reports = () => {
    const told: (readonly string[])[] = [];
    return { told, healed: (problems: readonly string[]) => told.push(problems) };
  };

  it('saves it healed and reports what was dropped, once', async () => {
    const { store } = damagedTable();
    const { told, healed } = reports();
    await addSilence(store, { action: 'silence', minutes: 60 }, now, healed);
    expect(told).toEqual([[DROPPED]]);
    // Saved healed: the next writer (or check) reads it whole, and nobody tells it twice.
    await addSilence(store, { action: 'silence', minutes: 30 }, now, healed);
    expect(told).toEqual([[DROPPED]]);
    expect((await store.load(now)).problems).toEqual([]);
  });

  it('reports nothing when it writes nothing (a refused action): the check will', async () => {
    const { store } = damagedTable();
    const { told, healed } = reports();
    await expect(endSilence(store, 'nope', now, healed)).rejects.toThrow(/no silence nope/);
    expect(told).toEqual([]);
    expect((await store.load(now)).problems).toEqual([DROPPED]);
  });

  it('after a lost race, reports only what the record it saved over needed', async () => {
    const { table, store } = damagedTable();
    const { told, healed } = reports();
    // Another writer saves (and heals) between this update's read and its write.
    let raced = false;
    const racing = stateStoreOver({
      read: async (at) => {
        const read = await table.read(at);
        return { ...read, problems: raced ? [] : [DROPPED] };
      },
      async write(record: StoredRecord, expected) {
        if (!raced) {
          raced = true;
          await addSilence(store, { action: 'silence', minutes: 10 }, now, () => {});
        }
        return table.write(record, expected);
      },
    });
    await addSilence(racing, { action: 'silence', minutes: 60 }, now, healed);
    expect(told).toEqual([]);
    expect(table.current()?.state.silences).toHaveLength(2);
  });
});

describe('updateRecord, the loop every update outside a check goes through', () => {
  const now = new Date('2026-12-01T08:00:00.000Z');
  const body: RecordBody = { state: emptyState(now), outbox: [], undeliverable: [] };
  /** A store that counts its reads; `raceEvery` makes every save lose to another writer first. */
  function counting(raceEvery = false) {
    const table = createMemoryRecordTable();
    const inner = createMemoryStateStore(table);
    let reads = 0;
    const store: StateStore = stateStoreOver({
      read: (at) => {
        reads += 1;
        return table.read(at);
      },
      async write(record: StoredRecord, expected) {
        if (raceEvery) await inner.save(body, (await inner.load(now)).version, 'a-check', now);
        return table.write(record, expected);
      },
    });
    return { inner, store, reads: () => reads };
  }
  const silenced = (record: RecordBody | undefined) => ({
    body: { ...(record ?? body), state: { ...(record ?? body).state, silences: [] } },
    result: 'done',
  });

  it('from a record the caller holds: no read before its write', async () => {
    const { inner, store, reads } = counting();
    await inner.save(body, (await inner.load(now)).version, 'a-check', now);
    const held = await inner.load(now);
    const update = await updateRecord(store, now, 'x/1', silenced, { from: held });
    expect(update).toMatchObject({ kind: 'saved', result: 'done', lostRaces: 0 });
    expect(reads()).toBe(0);
    expect(inner.current()?.state.silences).toEqual([]);
  });

  it("a re-read's problems: told to `reread` as read (the check's report), to `healed` only once saved over", async () => {
    const DROPPED = 'outbox entry 1 was unreadable and was dropped';
    const table = createMemoryRecordTable();
    const inner = createMemoryStateStore(table);
    await inner.save(body, (await inner.load(now)).version, 'a-check', now);
    const held = await inner.load(now);
    let raced = false;
    // Another writer saves first; the record then read again needed healing.
    const store: StateStore = stateStoreOver({
      read: async (at) => ({ ...(await table.read(at)), problems: [DROPPED] }),
      async write(record: StoredRecord, expected) {
        if (!raced) {
          raced = true;
          await inner.save(body, (await inner.load(now)).version, 'b-check', now);
        }
        return table.write(record, expected);
      },
    });
    const told = { healed: [] as string[], reread: [] as string[] };
    const options = {
      from: held,
      healed: (p: readonly string[]) => told.healed.push(...p),
      reread: (p: readonly string[]) => told.reread.push(...p),
    };
    // Nothing left to change after the re-read: nothing written, so nothing healed either.
    let first = true;
    const once = (record: RecordBody | undefined) => {
      if (!first) return { result: 'nothing' };
      first = false;
      return silenced(record);
    };
    const update = await updateRecord(store, now, 'x/3', once, options);
    expect(update).toMatchObject({ kind: 'unchanged', result: 'nothing', lostRaces: 1 });
    expect(told).toEqual({ healed: [], reread: [DROPPED] });
  });

  it('saved earlier, its answer lost: the record another writer saved after it comes back with what it needed healing, for whoever writes over it next', async () => {
    const DROPPED = 'outbox entry 1 was unreadable and was dropped';
    const table = createMemoryRecordTable();
    const inner = createMemoryStateStore(table);
    let answerLost = true;
    let damaged = false;
    const store: StateStore = stateStoreOver({
      read: async (at) => ({ ...(await table.read(at)), problems: damaged ? [DROPPED] : [] }),
      async write(record: StoredRecord, expected) {
        const committed = await table.write(record, expected);
        if (!answerLost || committed === undefined) return committed;
        answerLost = false;
        // Another writer saves after this write (a record that will read as damaged), and this
        // write's answer is lost.
        await inner.save(body, (await inner.load(now)).version, 'b-check', now);
        damaged = true;
        return undefined;
      },
    });
    const update = await updateRecord(store, now, 'x/4', silenced);
    expect(update).toMatchObject({ kind: 'saved', result: 'done', problems: [DROPPED] });
    // Its own write, answered: nothing to heal in the body it wrote.
    damaged = false;
    expect(await updateRecord(store, now, 'x/5', silenced)).toMatchObject({
      kind: 'saved',
      problems: [],
    });
  });

  it('three lost races: nothing written, given up without throwing (the caller decides)', async () => {
    const { inner, store } = counting(true);
    const update = await updateRecord(store, now, 'x/2', silenced);
    expect(update).toMatchObject({ kind: 'gave-up', lostRaces: 3 });
    expect(inner.current()?.state.silences).toBeUndefined();
    expect(() => resultOf(update)).toThrow(/three lost races/);
  });
});
