import { describe, expect, it } from 'vitest';
import { addSilence } from '../../lambda/check/silences';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import type { RecordBody } from '../../lambda/stores/record';

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
