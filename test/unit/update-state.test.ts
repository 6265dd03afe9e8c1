import { describe, expect, it } from 'vitest';
import { addSilence } from '../../lambda/check/silences';
import { emptyState, updateState } from '../../lambda/check/update-state';
import { stateStoreOver } from '../../lambda/stores/envelope';
import { createMemoryRecordTable, createMemoryStateStore } from '../../lambda/stores/memory';
import type { RecordBody, StoredRecord } from '../../lambda/stores/record';
import type { StateStore } from '../../lambda/stores/state-store';

/** A change made outside a check (a silence, an acknowledgment) changes the state and nothing else. */

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
    await addSilence(store, { action: 'silence', minutes: 60 }, now);
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
    updateState(store, now, writer, (state) => ({
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
