import { describe, expect, it } from 'vitest';
import { parkLateFailure, type LateFailureDeps } from '../../lambda/ack/whatsapp-late-failure';
import { handleLateFailures } from '../../lambda/ack/whatsapp-handler';
import type { ParkedQueue } from '../../lambda/channels/parked-queue';
import type { OperatorNotice } from '../../lambda/channels/operator-notice';
import type { ParkedDelivery } from '../../lambda/delivery/outbox-entry';
import { captureConsole } from '../support/console-capture';
import { failedStatuses, unclaimedFailures } from '../../lambda/ack/whatsapp-status';
import { readLateFailure } from '../../lambda/messages/whatsapp/late-failure';
import {
  CALLBACK_DATA_MAX_CHARS,
  callbackData,
  readCallbackData,
} from '../../lambda/contract/whatsapp-callback';
import type { StateStore } from '../../lambda/stores/state-store';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import { failedStatusEvent } from '../../tools/fake-socialmessaging';
import { sampleEvents } from '../support/sample-events';

/**
 * WhatsApp failures Meta reports after accepting a message: what the send carries
 * (biz_opaque_callback_data), what the event function reads of a status, and how it parks the
 * delivery in the account's record: once, without losing a concurrent write.
 */

const NOW = new Date('2026-12-07T10:00:00.000Z');
const CALLBACK = {
  a: 'Boutique Thiès',
  e: 'Boutique Thiès/2026-12-07T09:55:00.000Z/0/CRITICAL',
  c: 'whatsapp:caisse',
  s: 'CRITICAL' as const,
  t: '2026-12-07T09:55:00.000Z',
};
const PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';
const event = (callback: string | undefined, code = 131026, id = 'msg-1') =>
  failedStatusEvent(PHONE, '+221770000000', id, callback, code);

describe('the callback data a WhatsApp alert carries', () => {
  it('round-trips, small, with nothing but the account, the entry, the channel, severity and time', () => {
    const text = callbackData(CALLBACK) ?? '';
    expect(text.length).toBeLessThan(200);
    expect(readCallbackData(text)).toEqual({ v: 1, ...CALLBACK });
    expect(text).not.toMatch(/\+?221770000000/);
  });

  it('is left off rather than cut when it would pass 512 characters', () => {
    expect(callbackData({ ...CALLBACK, e: 'x'.repeat(CALLBACK_DATA_MAX_CHARS) })).toBeUndefined();
  });

  it.each([
    ['not JSON', 'ref-1234'],
    ['another shape', JSON.stringify({ source: 'crm', id: 7 })],
    ['an unknown severity', JSON.stringify({ v: 1, ...CALLBACK, s: 'PANIC' })],
    ['a channel that is not WhatsApp', JSON.stringify({ v: 1, ...CALLBACK, c: 'telegram:x' })],
  ])('anything else is not ours: %s', (_, text) => {
    expect(readCallbackData(text)).toBeUndefined();
  });
});

describe('the failed statuses of an event', () => {
  it("reads a failed status of ours, Meta's code and title", () => {
    expect(failedStatuses(event(callbackData(CALLBACK)))).toEqual([
      {
        id: 'wamid.msg-1',
        callback: { v: 1, ...CALLBACK },
        code: 131026,
        title: 'Message undeliverable',
      },
    ]);
  });

  it('ignores a failed status without our data, and every status that is not failed', () => {
    expect(failedStatuses(event(undefined))).toEqual([]);
    expect(failedStatuses(event('{"source":"crm"}'))).toEqual([]);
    const delivered = event(callbackData(CALLBACK)).replace('\\"failed\\"', '\\"delivered\\"');
    expect(delivered).toContain('delivered');
    expect(failedStatuses(delivered)).toEqual([]);
    expect(failedStatuses('not json')).toEqual([]);
  });

  it('names, for the log, the failed statuses not ours: by message id and code, never the number', () => {
    expect(unclaimedFailures(event(undefined, 131049, 'msg-2'))).toEqual([
      { id: 'wamid.msg-2', code: 131049 },
    ]);
    expect(unclaimedFailures(event('{"source":"crm"}'))).toHaveLength(1);
    expect(unclaimedFailures(event(callbackData(CALLBACK)))).toEqual([]);
    expect(JSON.stringify(unclaimedFailures(event(undefined)))).not.toContain('770000000');
  });
});

describe('parking a late failure', () => {
  async function setUp(store: StateStore = createMemoryStateStore()) {
    await store.save(
      {
        state: { schema: 1, lastCheckAt: NOW.toISOString() },
        outbox: [],
        undeliverable: [],
      },
      (await store.load(NOW)).version,
      'test',
      NOW,
    );
    const deps: LateFailureDeps = {
      store: () => store,
      accounts: new Set([CALLBACK.a]),
      now: () => NOW,
      stateHealed: () => undefined,
    };
    return { store, deps };
  }
  const [status] = failedStatuses(event(callbackData(CALLBACK)));
  if (status === undefined) throw new Error('no status');

  it('parks it as the outbox would, once however often the status comes', async () => {
    const { store, deps } = await setUp();
    const first = await parkLateFailure(status, deps);
    expect(first).toMatchObject({ kind: 'parked', account: CALLBACK.a });
    expect(await parkLateFailure(status, deps)).toMatchObject({ kind: 'already' });
    const { record } = await store.load(NOW);
    expect(record?.undeliverable).toEqual([
      {
        id: CALLBACK.e,
        channel: 'whatsapp:caisse',
        severity: 'CRITICAL',
        eventAt: CALLBACK.t,
        parkedAt: NOW.toISOString(),
        attempts: 1,
        // Language-neutral and stable: Meta's code and title as data; the notice words them.
        error: 'whatsapp-late:131026 Message undeliverable',
        // For the parked-alerts queue (queue-marks.ts): here, no handler sent it.
        queued: false,
      },
    ]);
  });

  it('the parked-alerts queue refuses: the park stays marked for the next check, and a redelivered status sends nothing', async () => {
    const { store, deps } = await setUp();
    const refusing: ParkedQueue = {
      send: () => Promise.reject(new Error('SQS refused the parked alerts (QueueDoesNotExist)')),
    };
    const ready = { ...deps, operators: undefined, parkedQueue: refusing };
    const { result, output } = await captureConsole(() => handleLateFailures([status], ready));
    expect(result).toEqual({ status: 'fulfilled', value: ['late-parked'] });
    expect(output).toContain('not queued yet: the next check sends it again');
    expect((await store.load(NOW)).record?.undeliverable).toEqual([
      expect.objectContaining({ id: CALLBACK.e, queued: false }),
    ]);
    // The check sends what is marked (test/unit/queue-marks.test.ts); this function does not
    // again: the status is parked already.
    expect(await handleLateFailures([status], ready)).toEqual(['late-already']);
  });

  it('the queue takes it: one message, without the mark, and the mark cleared', async () => {
    const { store, deps } = await setUp();
    const sent: (readonly ParkedDelivery[])[] = [];
    const taking: ParkedQueue = {
      send: (_account, parked) => {
        sent.push(parked);
        return Promise.resolve();
      },
    };
    await captureConsole(() =>
      handleLateFailures([status], { ...deps, operators: undefined, parkedQueue: taking }),
    );
    const stored = (await store.load(NOW)).record?.undeliverable;
    expect(sent).toEqual([stored]);
    expect(stored).toHaveLength(1);
    expect(stored?.[0]).not.toHaveProperty('queued');
  });

  it('a queue that hangs does not hold the operators back: they are told while the send waits', async () => {
    const { deps } = await setUp();
    let release: () => void = () => undefined;
    const hanging: ParkedQueue = {
      send: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const told: string[] = [];
    const operators: OperatorNotice = {
      tell: (account) => {
        told.push(account);
        return Promise.resolve();
      },
    };
    const run = captureConsole(() =>
      handleLateFailures([status], { ...deps, operators, parkedQueue: hanging }),
    );
    // Let every step that does not wait on the queue run.
    for (let i = 0; i < 20 && told.length === 0; i += 1) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toEqual([CALLBACK.a]);
    release();
    expect((await run).result).toEqual({ status: 'fulfilled', value: ['late-parked'] });
  });

  it('the write clearing the mark starts from what the park saved; after a lost race it re-reads, and a healed record it saves is reported', async () => {
    const inner = createMemoryStateStore();
    let loads = 0;
    let raced = false;
    const DROPPED = '1 undeliverable records were dropped';
    const store: StateStore = {
      load: async (now) => {
        loads += 1;
        return inner.load(now);
      },
      async save(body, expected, writer, now) {
        if (!writer.startsWith('whatsapp-queued/') || raced)
          return inner.save(body, expected, writer, now);
        // A check saves between the park and the clearing write, and the record the clearing
        // write then reads again needed healing.
        raced = true;
        const current = await inner.load(now);
        if (current.record === undefined) throw new Error('no record');
        await inner.save(current.record, current.version, 'a-check', now);
        const written = await inner.save(body, expected, writer, now);
        return written.kind === 'lost'
          ? { kind: 'lost', current: { ...written.current, problems: [DROPPED] } }
          : written;
      },
    };
    const { deps } = await setUp(store);
    loads = 0;
    const healed: [string, readonly string[]][] = [];
    const taking: ParkedQueue = { send: () => Promise.resolve() };
    await captureConsole(() =>
      handleLateFailures([status], {
        ...deps,
        stateHealed: (account, problems) => healed.push([account, problems]),
        operators: undefined,
        parkedQueue: taking,
      }),
    );
    // One read, the park's: the clearing write began from the record the park saved.
    expect(loads).toBe(1);
    expect(raced).toBe(true);
    expect(inner.current()?.undeliverable[0]).not.toHaveProperty('queued');
    expect(healed).toEqual([[CALLBACK.a, [DROPPED]]]);
  });

  it('a transient code reported late is parked too, its code kept for the notice to word', async () => {
    const { store, deps } = await setUp();
    const [late] = failedStatuses(event(callbackData(CALLBACK), 131000));
    if (late === undefined) throw new Error('no status');
    await parkLateFailure(late, deps);
    const error = (await store.load(NOW)).record?.undeliverable[0]?.error ?? '';
    expect(error).toMatch(/^whatsapp-late:131000 /);
    expect(readLateFailure(error)?.code).toBe(131000);
  });

  it('an account this stack does not serve, or a record never written, is not parked', async () => {
    const { deps } = await setUp();
    const other = { ...status, callback: { ...status.callback, a: 'Another' } };
    expect(await parkLateFailure(other, deps)).toEqual({ kind: 'unknown' });
    const empty = createMemoryStateStore();
    expect(await parkLateFailure(status, { ...deps, store: () => empty })).toEqual({
      kind: 'unknown',
    });
    expect(empty.current()).toBeUndefined();
  });

  it('the same status delivered twice at once (SNS, at least once): parked by one, found parked by the other', async () => {
    const inner = createMemoryStateStore();
    let armed = false;
    let other: Promise<unknown> | undefined;
    const outcomes: string[] = [];
    const racing: StateStore = {
      load: (now) => inner.load(now),
      async save(body, expected, writer, now) {
        if (armed && other === undefined) {
          // The other delivery of the same status parks first, between this one's read and write.
          other = parkLateFailure(status, { ...deps, store: () => inner }).then((o) =>
            outcomes.push(o.kind),
          );
          await other;
        }
        return inner.save(body, expected, writer, now);
      },
    };
    const { deps } = await setUp(racing);
    armed = true;
    outcomes.push((await parkLateFailure(status, deps)).kind);
    // Not both "parked": that would queue it twice and tell the operators twice.
    expect(outcomes).toEqual(['parked', 'already']);
    expect(inner.current()?.undeliverable).toHaveLength(1);
  });

  it('a check that saves in between is not lost: the park is written over what it saved', async () => {
    const inner = createMemoryStateStore();
    let raced = true;
    const racing: StateStore = {
      load: (now) => inner.load(now),
      async save(body, expected, writer, now) {
        if (!raced) {
          raced = true;
          // A check saves first: a new outbox entry and a parked delivery of its own.
          const current = await inner.load(now);
          const record = current.record;
          if (record === undefined) throw new Error('no record');
          await inner.save(
            {
              ...record,
              outbox: [
                {
                  id: 'newer',
                  event: sampleEvents(CALLBACK.a)[0] as never,
                  createdAt: NOW.toISOString(),
                  deliveries: {},
                },
              ],
              undeliverable: [
                {
                  ...record.undeliverable[0],
                  id: 'by-check',
                  channel: 'sns',
                  severity: 'LOW',
                  eventAt: CALLBACK.t,
                  parkedAt: CALLBACK.t,
                  attempts: 3,
                  error: 'x',
                },
              ],
            },
            current.version,
            'check',
            now,
          );
        }
        return inner.save(body, expected, writer, now);
      },
    };
    const { deps } = await setUp(racing);
    raced = false;
    expect(await parkLateFailure(status, deps)).toMatchObject({ kind: 'parked' });
    const stored = inner.current();
    expect(stored?.outbox.map((e) => e.id)).toEqual(['newer']);
    expect(stored?.undeliverable.map((p) => p.id)).toEqual(['by-check', CALLBACK.e]);
  });
});
