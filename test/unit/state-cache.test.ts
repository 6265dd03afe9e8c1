import { describe, expect, it } from 'vitest';
import { withContainerCache } from '../../lambda/stores/container-cache';
import { stateStoreOver } from '../../lambda/stores/envelope';
import { createMemoryRecordTable, createMemoryStateStore } from '../../lambda/stores/memory';
import type { RecordBody, StoredRecord } from '../../lambda/stores/record';
import { mustSave, SAVE_EVERY_MINUTES } from '../../lambda/stores/save-policy';
import type { StateStore } from '../../lambda/stores/state-store';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const now = (minutes: number) => new Date(at(minutes));

/** A quiet record as a check at minute `minutes` leaves it, with its history grown. */
function quiet(minutes: number, extra: Partial<RecordBody['state']> = {}): RecordBody {
  return {
    state: {
      schema: 1,
      lastCheckAt: at(minutes),
      last: { balance: 500_000 - minutes * 10, currency: 'XOF', at: at(minutes) },
      history: {
        base: at(0),
        points: Array.from({ length: minutes / 5 + 1 }, (_, i) => [
          i * 300,
          500_000 - i * 50,
        ]).flat(),
      },
      checkLog: [{ hour: at(0), checks: minutes / 5 + 1, failed: 0 }],
      ...extra,
    },
    outbox: [],
    undeliverable: [],
  };
}

/** A memory store that counts its reads and writes, as DynamoDB would bill them. */
function counted(store: StateStore = createMemoryStateStore()) {
  const calls = { loads: 0, saves: 0 };
  const wrapped: StateStore = {
    load: (now) => {
      calls.loads += 1;
      return store.load(now);
    },
    save: (body, expected, writer, now) => {
      calls.saves += 1;
      return store.save(body, expected, writer, now);
    },
  };
  return { store: wrapped, calls };
}

describe('when a check writes the state (save-policy.ts)', () => {
  it('writes the first record, and a quiet one again once a history point is due', () => {
    expect(mustSave(undefined, quiet(0))).toBe(true);
    expect(mustSave(quiet(0), quiet(5))).toBe(false);
    expect(mustSave(quiet(0), quiet(10))).toBe(false);
    expect(mustSave(quiet(0), quiet(SAVE_EVERY_MINUTES))).toBe(true);
    // A check a few seconds early still saves on the third 5-minute check.
    expect(
      mustSave(quiet(0), { ...quiet(15), state: { ...quiet(15).state, lastCheckAt: at(14.9) } }),
    ).toBe(true);
  });

  it('writes whatever happened at once: a threshold crossed without counting yet, a silence, an open episode, an event to deliver', () => {
    expect(mustSave(quiet(0), quiet(5, { belowSince: at(5) }))).toBe(true);
    expect(
      mustSave(quiet(0), quiet(5, { silences: [{ id: 's1', from: at(5), until: at(65) }] })),
    ).toBe(true);
    expect(
      mustSave(quiet(0), quiet(5, { episode: { since: at(5), level: 'LOW', lastAlertAt: at(5) } })),
    ).toBe(true);
    const withEvent: RecordBody = {
      ...quiet(5),
      outbox: [
        {
          id: 'a/1/0/FORECAST',
          event: { severity: 'TEST', account: 'a', at: at(5) },
          createdAt: at(5),
          deliveries: { sns: { attempts: 0, notBefore: at(5) } },
        },
      ],
    };
    expect(mustSave(quiet(0), withEvent)).toBe(true);
  });

  it('does not tell records apart by the order their fields were built in', () => {
    const a = quiet(0, { forecastSentAt: at(0), staleSince: at(0) });
    const reordered = { ...a, state: Object.fromEntries(Object.entries(a.state).reverse()) };
    expect(
      mustSave(a, {
        ...(reordered as RecordBody),
        state: { ...reordered.state, lastCheckAt: at(5) } as RecordBody['state'],
      }),
    ).toBe(false);
  });
});

describe('the state kept in the container (container-cache.ts)', () => {
  it('a warm quiet check neither reads nor writes; the due check writes what the others kept', async () => {
    const memory = createMemoryStateStore();
    const { store, calls } = counted(memory);
    const cached = withContainerCache(store);
    for (let minute = 0; minute <= 30; minute += 5) {
      const loaded = await cached.load(new Date(at(minute)));
      const written = await cached.save(
        quiet(minute),
        loaded.version,
        `check-${minute}`,
        now(minute),
      );
      expect(written.kind).toBe('saved');
    }
    // One read (the first check), writes at 0, 15 and 30 minutes.
    expect(calls).toEqual({ loads: 1, saves: 3 });
    expect(memory.current()?.state.lastCheckAt).toBe(at(30));
    // What the unsaved checks kept reaches the store with the next write.
    expect(memory.current()?.state.checkLog?.[0]?.checks).toBe(7);
  });

  it('a stale copy is caught by the conditional write, and the next load reads the store', async () => {
    const memory = createMemoryStateStore();
    const { store, calls } = counted(memory);
    const cached = withContainerCache(store);
    const first = await cached.load(new Date(at(0)));
    await cached.save(quiet(0), first.version, 'check-0', now(0));
    // Another container opens an episode meanwhile.
    const other = await memory.load(new Date(at(5)));
    const episode = { since: at(5), level: 'LOW' as const, lastAlertAt: at(5) };
    await memory.save(quiet(5, { episode }), other.version, 'other-5', now(5));
    // This container still holds the quiet copy: its next write (here, a crossing) fails...
    const stale = await cached.load(new Date(at(10)));
    expect(stale.record?.state.episode).toBeUndefined();
    const written = await cached.save(
      quiet(10, { belowSince: at(10) }),
      stale.version,
      'check-10',
      now(10),
    );
    expect(written.kind).toBe('lost');
    // ...and the re-read that comes with the lost race sees the episode, as does the next load.
    expect(written.kind === 'lost' && written.current.record?.state.episode).toEqual(episode);
    const fresh = await cached.load(new Date(at(10)));
    expect(fresh.record?.state.episode).toEqual(episode);
    expect(calls.loads).toBe(2);
  });

  it('an open episode is read from the store at every check (an acknowledgment may have come)', async () => {
    const { store, calls } = counted();
    const cached = withContainerCache(store);
    const episode = { since: at(0), level: 'LOW' as const, lastAlertAt: at(0) };
    for (let minute = 0; minute <= 10; minute += 5) {
      const loaded = await cached.load(new Date(at(minute)));
      await cached.save(quiet(minute, { episode }), loaded.version, `check-${minute}`, now(minute));
    }
    expect(calls).toEqual({ loads: 3, saves: 3 });
  });

  it("passes the store's outcome on: a write it kept is saved, one whose answer was lost is saved-earlier, and what the store holds then is the copy", async () => {
    const table = createMemoryRecordTable();
    let losing = false;
    const cached = withContainerCache(
      stateStoreOver({
        read: (now) => table.read(now),
        async write(record: StoredRecord, expected) {
          const committed = await table.write(record, expected);
          if (!losing || committed === undefined) return committed;
          // Committed, another container saves after it, and the answer is lost.
          losing = false;
          await table.write(
            { ...record, writers: [...(record.writers ?? []), 'other'] },
            committed.token,
          );
          return undefined;
        },
      }),
    );
    const first = await cached.load(now(0));
    expect((await cached.save(quiet(0), first.version, 'check-0', now(0))).kind).toBe('saved');
    const kept = await cached.load(now(5));
    const written = await cached.save(quiet(5), kept.version, 'check-5', now(5));
    expect(written).toEqual({ kind: 'saved', version: kept.version });
    // A crossing must be written: its answer is lost.
    losing = true;
    const crossing = await cached.load(now(10));
    const ambiguous = await cached.save(
      quiet(10, { belowSince: at(10) }),
      crossing.version,
      'check-10',
      now(10),
    );
    expect(ambiguous.kind).toBe('saved-earlier');
    expect(table.current()?.writers).toEqual(['check-0', 'check-10', 'other']);
    // The copy is what the store holds now: the next check writes on its version.
    const next = await cached.load(now(15));
    expect(next.record?.state.belowSince).toBe(at(10));
    expect(
      (await cached.save(quiet(15, { belowSince: at(10) }), next.version, 'check-15', now(15)))
        .kind,
    ).toBe('saved');
  });
});
