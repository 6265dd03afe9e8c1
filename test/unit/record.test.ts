import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stateStoreOver } from '../../lambda/stores/envelope';
import { createFileStateStore } from '../../lambda/stores/file';
import { createMemoryRecordTable, createMemoryStateStore } from '../../lambda/stores/memory';
import {
  healRecord,
  MAX_WRITERS,
  RECORD_SCHEMA,
  type RecordBody,
  type StoredRecord,
} from '../../lambda/stores/record';
import type { StateStore, StoredVersion } from '../../lambda/stores/state-store';

/** Stored records of every schema this code has known, whole or damaged. */

const NOW = new Date('2026-12-01T12:00:00.000Z');
const AT = '2026-12-01T11:55:00.000Z';

describe('reading a stored record', () => {
  it('reads nothing as nothing, and refuses what is not an object', () => {
    expect(healRecord(undefined, NOW)).toEqual({ record: undefined, problems: [] });
    expect(healRecord('text', NOW).problems).toEqual(['the stored record is not an object']);
  });

  it('migrates schema 1: the policy state as it was, the claimed messages as entries', () => {
    const healed = healRecord(
      {
        state: { schema: 1, lastCheckAt: AT, last: { balance: 5, currency: 'XOF', at: AT } },
        outbox: {
          claimedAt: AT,
          messages: [
            {
              alert: { subject: 's', email: 'e', sms: 'm', default: 'd' },
              attributes: { severity: 'CRITICAL', account: 'main' },
            },
          ],
        },
      },
      NOW,
    );
    expect(healed.problems).toEqual([]);
    expect(healed.record?.schema).toBe(RECORD_SCHEMA);
    expect(healed.record?.state.last).toEqual({ balance: 5, currency: 'XOF', at: AT });
    expect(healed.record?.outbox).toEqual([
      expect.objectContaining({
        legacy: {
          alert: { subject: 's', email: 'e', sms: 'm', default: 'd' },
          attributes: { severity: 'CRITICAL', account: 'main' },
        },
        deliveries: { sns: { attempts: 0, notBefore: AT, claimedAt: AT } },
      }),
    ]);
  });

  it('reads a schema it does not know as its own, part by part, and says so', () => {
    const healed = healRecord(
      { schema: 7, state: { schema: 1, lastCheckAt: AT }, outbox: [] },
      NOW,
    );
    expect(healed.record?.state.lastCheckAt).toBe(AT);
    expect(healed.problems).toEqual([
      'the stored record has schema 7, not one this version knows; read as schema 2',
    ]);
  });

  it('rebuilds an open episode it cannot read, so that it is not announced a second time', () => {
    const healed = healRecord(
      {
        schema: 2,
        state: { schema: 1, lastCheckAt: AT, episode: { level: 'CRITICAL' } },
        outbox: [],
      },
      NOW,
    );
    expect(healed.record?.state.episode).toEqual({
      since: NOW.toISOString(),
      level: 'CRITICAL',
      lastAlertAt: NOW.toISOString(),
    });
  });

  it('keeps an outbox whose policy state is lost', () => {
    const entry = {
      id: 'main/x/0/TEST',
      event: { severity: 'TEST', account: 'main', at: AT },
      createdAt: AT,
      deliveries: { sns: { attempts: 2, notBefore: AT } },
    };
    const healed = healRecord({ schema: 2, state: 'lost', outbox: [entry] }, NOW);
    expect(healed.record?.outbox).toEqual([entry]);
    expect(healed.record?.state).toEqual({ schema: 1, lastCheckAt: NOW.toISOString() });
  });
});

describe('events stored by the version before levels and top-up advice', () => {
  const old = (event: Record<string, unknown>) =>
    healRecord(
      {
        schema: 2,
        state: { schema: 1, lastCheckAt: AT },
        outbox: [
          {
            id: 'main/x/0/E',
            event,
            createdAt: AT,
            deliveries: { sns: { attempts: 0, notBefore: AT } },
          },
        ],
      },
      NOW,
    ).record?.outbox[0]?.event;
  const amount = { account: 'main', at: AT, balance: 20_000, currency: 'XOF' };

  it('still go out: nothing waiting at the upgrade is dropped', () => {
    expect(old({ severity: 'CRITICAL', ...amount, threshold: 25_000, since: AT })).toMatchObject({
      severity: 'CRITICAL',
      recovery: 25_000,
      topUp: { toRecover: 0 },
    });
    expect(
      old({ severity: 'REMINDER', remindsOf: 'LOW', ...amount, threshold: 100_000, since: AT }),
    ).toMatchObject({ low: 100_000, recovery: 105_000 });
    // A CRITICAL reminder above CRITICAL could say nothing true of LOW: left out.
    expect(
      old({
        severity: 'REMINDER',
        remindsOf: 'CRITICAL',
        ...amount,
        balance: 26_000,
        threshold: 25_000,
        since: AT,
      }),
    ).toBeUndefined();
    const toLow = { minutes: 60, earliest: 50, latest: 70 };
    expect(
      old({
        severity: 'FORECAST',
        ...amount,
        balance: 150_000,
        threshold: 100_000,
        toLow,
        perHour: -1,
      }),
    ).toMatchObject({ reason: 'low', toLow, toZero: toLow });
    expect(old({ severity: 'RECOVERED', ...amount, threshold: 105_000, since: AT })).toMatchObject({
      peak: 'CRITICAL',
    });
    expect(old({ severity: 'STALE', ...amount, lastUpdate: AT })).toMatchObject({
      staleAfterMinutes: 1440,
    });
  });
});

describe('healing never says a thing twice', () => {
  it('a damaged failure episode is rebuilt as alerted: no second FAILING for the same outage', async () => {
    const { evaluate } = await import('../../lambda/alerting/policy');
    const healed = healRecord(
      {
        schema: 2,
        state: {
          schema: 1,
          lastCheckAt: AT,
          failure: { since: AT, count: '40', kind: 'unavailable', reason: 'x', alertedAt: AT },
        },
        outbox: [],
      },
      NOW,
    );
    expect(healed.problems).toEqual(['state.failure was unreadable and was rebuilt']);
    const settings = {
      thresholds: { low: 100_000, critical: undefined },
      repeatAfterMinutes: 360,
      recoveryMarginPercent: 5,
      failureAlertAfter: 3,
      staleAfterMinutes: 4320,
      forecastHorizonMinutes: 0,
    };
    const failure = { kind: 'unavailable', reason: 'the API failed (503)', status: 503 } as const;
    let state = healed.record?.state;
    const events: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const result = evaluate(
        state,
        { kind: 'failure', failure },
        settings,
        new Date(NOW.getTime() + i * 300_000),
        'main',
      );
      events.push(...result.events.map((e) => e.severity));
      state = result.state;
    }
    expect(events).toEqual([]);
    const good = evaluate(
      state,
      { kind: 'sample', balance: 500_000, currency: 'XOF', lastUpdate: NOW.toISOString() },
      settings,
      new Date(NOW.getTime() + 20 * 300_000),
      'main',
    );
    expect(good.events.map((e) => e.severity)).toEqual(['FAILING_RESOLVED']);
  });

  it('an unreadable STALE or FORECAST marker is kept as sent, not dropped', () => {
    const healed = healRecord(
      {
        schema: 2,
        state: { schema: 1, lastCheckAt: AT, staleSince: 42, forecastSentAt: 'yesterday' },
        outbox: [],
      },
      NOW,
    );
    expect(healed.record?.state.staleSince).toBe(NOW.toISOString());
    expect(healed.record?.state.forecastSentAt).toBe(NOW.toISOString());
  });
});

/**
 * The envelope is the store's: callers hand over a body, the version they read and who
 * writes; the store stamps the schema and the last writers, and answers saved, saved-earlier
 * or lost. The same for every store: memory and a file here, DynamoDB in
 * test/integration/state-table.test.ts.
 */
describe("the record's envelope (envelope.ts)", () => {
  const body = (minute: number, extra: Partial<RecordBody> = {}): RecordBody => ({
    state: { schema: 1, lastCheckAt: new Date(NOW.getTime() + minute * 60_000).toISOString() },
    outbox: [],
    undeliverable: [],
    ...extra,
  });
  const stores: [string, () => Promise<StateStore>][] = [
    ['memory', () => Promise.resolve(createMemoryStateStore())],
    [
      'a file',
      async () =>
        createFileStateStore(
          path.join(await mkdtemp(path.join(tmpdir(), 'envelope-')), 'state.json'),
        ),
    ],
  ];

  describe.each(stores)('in %s', (_name, open) => {
    it('saved: the body as handed over, read back without its envelope', async () => {
      const store = await open();
      const empty = await store.load(NOW);
      const written = await store.save(body(0), empty.version, 'check-a', NOW);
      expect(written.kind).toBe('saved');
      const loaded = await store.load(NOW);
      expect(loaded.record).toEqual(body(0));
      expect(Object.keys(loaded.record ?? {})).not.toContain('writers');
      expect(Object.keys(loaded.record ?? {})).not.toContain('schema');
      // The version the save answered is the one stored: the next save goes through on it.
      const next = written.kind === 'saved' ? written.version : loaded.version;
      expect((await store.save(body(5), next, 'check-b', NOW)).kind).toBe('saved');
    });

    it('lost: another writer saved first; nothing is written, and what it saved comes back', async () => {
      const store = await open();
      const empty = await store.load(NOW);
      await store.save(body(0), empty.version, 'check-a', NOW);
      const written = await store.save(body(5), empty.version, 'check-b', NOW);
      expect(written).toMatchObject({ kind: 'lost', current: { record: body(0) } });
      expect((await store.load(NOW)).record).toEqual(body(0));
    });

    it('a body carrying envelope fields of its own is stamped anew', async () => {
      const store = await open();
      const forged = { ...body(0), schema: 1, writers: ['someone else'] } as RecordBody;
      await store.save(forged, (await store.load(NOW)).version, 'check-a', NOW);
      expect((await store.load(NOW)).record).toEqual(body(0));
    });
  });

  it('stamps the schema and the writers, newest last, at most MAX_WRITERS', async () => {
    const table = createMemoryRecordTable();
    const store = createMemoryStateStore(table);
    for (let i = 0; i < MAX_WRITERS + 2; i += 1)
      await store.save(body(i), (await store.load(NOW)).version, `check-${i}`, NOW);
    expect(table.current()).toMatchObject({
      schema: RECORD_SCHEMA,
      writers: Array.from({ length: MAX_WRITERS }, (_, i) => `check-${i + 2}`),
    });
    // Saving again on its own write (a check's results), a writer is not named twice.
    const loaded = await store.load(NOW);
    await store.save(body(9), loaded.version, `check-${MAX_WRITERS + 1}`, NOW);
    expect(table.current()?.writers?.at(-1)).toBe(`check-${MAX_WRITERS + 1}`);
    expect(table.current()?.writers).toHaveLength(MAX_WRITERS);
    expect(new Set(table.current()?.writers).size).toBe(MAX_WRITERS);
  });

  /**
   * A table whose write number `losing` commits, then another writer saves after it, and its
   * answer is lost (to the store, a condition failure).
   */
  function losingAnswer(losing = 0) {
    const table = createMemoryRecordTable();
    let writes = 0;
    const store = stateStoreOver({
      read: (now) => table.read(now),
      async write(record: StoredRecord, expected) {
        if (writes++ !== losing) return table.write(record, expected);
        const committed = await table.write(record, expected);
        if (committed !== undefined)
          await table.write(
            { ...record, state: body(1).state, writers: [...(record.writers ?? []), 'check-b'] },
            committed.token,
          );
        return undefined;
      },
    });
    return { table, store };
  }

  it('saved-earlier: a write whose answer was lost, with another saved after it, is known as this one', async () => {
    const { table, store } = losingAnswer();
    const written = await store.save(body(0), (await store.load(NOW)).version, 'check-a', NOW);
    expect(written).toMatchObject({ kind: 'saved-earlier', current: { record: body(1) } });
    expect(table.current()?.writers).toEqual(['check-a', 'check-b']);
    // What it answers is the version now stored: a save on it goes through.
    const next = written.kind === 'saved-earlier' ? written.current.version : undefined;
    expect(next && (await store.save(body(2), next, 'check-a', NOW)).kind).toBe('saved');
  });

  it('a writer already named cannot tell its lost answer from a lost race: lost, as before', async () => {
    const { store } = losingAnswer(1);
    const first = await store.save(body(0), (await store.load(NOW)).version, 'check-a', NOW);
    expect(first.kind).toBe('saved');
    // The same writer again on its own version (a check saving its results): the answer lost.
    const version = first.kind === 'saved' ? first.version : (await store.load(NOW)).version;
    const written = await store.save(body(3), version, 'check-a', NOW);
    expect(written).toMatchObject({ kind: 'lost', current: { record: body(1) } });
  });

  it('refuses a writer id it could not keep', async () => {
    const store = createMemoryStateStore();
    const { version } = await store.load(NOW);
    await expect(store.save(body(0), version, '', NOW)).rejects.toThrow('1 to 64 characters');
    await expect(store.save(body(0), version, 'x'.repeat(65), NOW)).rejects.toThrow(
      '1 to 64 characters',
    );
  });

  it('callers cannot see or forge the envelope (a type error, checked by tsc)', async () => {
    const store = createMemoryStateStore();
    const first = await store.load(NOW);
    expect(await store.save(body(0), first.version, 'check-a', NOW)).toMatchObject({
      kind: 'saved',
    });
    // What a caller loads is the body alone: the store keeps the envelope to itself.
    const loaded = await store.load(NOW);
    expect(loaded.record).toBeDefined();
    // @ts-expect-error: the schema is the store's, not part of a body.
    expect(loaded.record?.schema).toBeUndefined();
    // @ts-expect-error: so are the writers.
    expect(loaded.record?.writers).toBeUndefined();
    // @ts-expect-error: a version is only ever one a store answered.
    const forged: StoredVersion = { token: 0 };
    // tsc is the check here: the line above must stay a type error; nothing runs.
    // eslint-disable-next-line @typescript-eslint/no-meaningless-void-operator
    void forged;
  });
});
