import { UNIT_API_KEY, unitCheckPorts } from '../support/check-ports';
import { BASE_SETTINGS } from '../support/sample-events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PolicySettings } from '../../lambda/alerting/policy';
import { DeliveryError, type Notifier } from '../../lambda/delivery/channel-port';
import { LEASE_MS, MAX_PENDING_MINUTES } from '../../lambda/delivery/limits';
import { runCheck, type CheckPorts } from '../../lambda/check/run-check';
import { AuthenticationError, UnavailableError } from '../../lambda/errors';
import type { RecordBody, StoredRecord } from '../../lambda/stores/record';
import { withContainerCache } from '../../lambda/stores/container-cache';
import { stateStoreOver } from '../../lambda/stores/envelope';
import { createMemoryRecordTable, createMemoryStateStore } from '../../lambda/stores/memory';
import type { StateStore } from '../../lambda/stores/state-store';

/**
 * The check's protocol against in-memory ports: the cases an interleaving test reaches rarely
 * or not at all (a channel that hangs in every check, an answer lost while another check
 * writes, an older reading saved after a newer one, a save that dies after delivering).
 */

const settings: PolicySettings = {
  ...BASE_SETTINGS,
  repeatAfterMinutes: 60,
  forecastHorizonMinutes: 0,
};
const check = { account: 'main', locale: 'en' as const, policy: settings };
const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const ports = (
  state: StateStore,
  balance: () => number | Error,
  channels: Notifier[],
  report?: CheckPorts['report'],
): CheckPorts =>
  unitCheckPorts(state, balance, channels, new Date(T0), report === undefined ? {} : { report });

/**
 * A hang's cut-off is a timer against Date.now(): on a fake clock it takes no real time. The
 * clock moves on, 100 ms at a time, until the check is over.
 */
const FAKE_CLOCK: Parameters<typeof vi.useFakeTimers>[0] = {
  toFake: ['setTimeout', 'clearTimeout', 'Date'],
};
afterEach(() => {
  vi.useRealTimers();
});
async function settle<T>(promise: Promise<T>): Promise<T> {
  const state = { settled: false };
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  while (!state.settled) await vi.advanceTimersByTimeAsync(100);
  return promise;
}

const recorder = () => {
  const sent: string[] = [];
  const channel: Notifier = {
    name: 'sns',
    wants: () => true,
    deliver: (entry) => {
      sent.push(entry.event.severity);
      return Promise.resolve();
    },
  };
  return { sent, channel };
};

describe('one check', () => {
  it('a channel that hangs is cut off, counted as a failure, and parked after 6 hours; the alerts behind it still go out', async () => {
    const store = createMemoryStateStore();
    const delivered: string[] = [];
    // Hangs on the CRITICAL, forever; takes everything else.
    const hanging: Notifier = {
      name: 'sns',
      wants: () => true,
      deliver: (entry, signal) =>
        entry.event.severity === 'CRITICAL'
          ? new Promise((_, reject) =>
              signal?.addEventListener('abort', () => reject(new Error('aborted'))),
            )
          : (delivered.push(entry.event.severity), Promise.resolve()),
    };
    let minutes = 0;
    vi.useFakeTimers(FAKE_CLOCK);
    const first = await settle(
      runCheck(
        ports(store, () => 10_000, [hanging]),
        check,
        {
          now: at(0),
          deadline: Date.now() + 4500,
        },
      ),
    );
    expect(first.deliveries).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        error: expect.stringMatching(/^sns did not answer within 1\.\d s$/) as unknown,
      }),
    ]);
    // Every later check tries it again (each cut off), and delivers the reminders meanwhile.
    let parked = false;
    while (!parked && minutes < MAX_PENDING_MINUTES + 120) {
      minutes += 120;
      const outcome = await settle(
        runCheck(
          ports(store, () => 10_000, [hanging]),
          check,
          {
            now: at(minutes),
            deadline: Date.now() + 4500,
          },
        ),
      );
      parked = outcome.parked.some((p) => p.severity === 'CRITICAL');
    }
    expect(parked).toBe(true);
    expect(minutes).toBeLessThanOrEqual(MAX_PENDING_MINUTES + 120);
    // Every reminder of those hours went out, each at its first attempt.
    expect(delivered.filter((s) => s === 'REMINDER').length).toBe(minutes / 120);
    expect(store.current()?.undeliverable).toEqual([
      expect.objectContaining({
        severity: 'CRITICAL',
        error: expect.stringContaining('did not answer') as unknown,
      }),
    ]);
  }, 120_000);

  it('a check that dies delivering: its claim, once expired, counts as an attempt, so it is parked in time too', async () => {
    const store = createMemoryStateStore();
    const dying: Notifier = {
      name: 'sns',
      wants: () => true,
      deliver: () => new Promise(() => undefined),
    };
    // The check dies in the delivery: it never returns.
    void runCheck(
      ports(store, () => 10_000, [dying]),
      check,
      { now: at(0) },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    const claimed = store.current()?.outbox[0]?.deliveries.sns;
    expect(claimed?.claimedAt).toBe(at(0).toISOString());
    const { channel, sent } = recorder();
    const next = await runCheck(
      ports(store, () => 10_000, [channel]),
      check,
      {
        now: new Date(T0 + LEASE_MS + 60_000),
      },
    );
    expect(sent).toEqual(['CRITICAL']);
    expect(next.deliveries).toEqual([expect.objectContaining({ outcome: 'delivered' })]);
  });

  it('reports what it parked and what it healed as soon as it saved, even if it dies after', async () => {
    const base = createMemoryStateStore();
    const failing: Notifier = {
      name: 'sns',
      wants: () => true,
      deliver: () =>
        Promise.reject(
          new DeliveryError('SNS refused the publish (InternalErrorException)', false),
        ),
    };
    await runCheck(
      ports(base, () => 10_000, [failing]),
      check,
      { now: at(0) },
    );
    let saves = 0;
    // From now on the second save of each check throws (DynamoDB failing after the first).
    const store: StateStore = {
      load: (now) => base.load(now),
      save: async (body, version, writer, now) => {
        saves += 1;
        if (saves % 2 === 0)
          throw new UnavailableError('state table x could not be used (InternalServerError)');
        return base.save(body, version, writer, now);
      },
    };
    const reported: string[] = [];
    const report = {
      stateProblems: () => undefined,
      parked: (parked: readonly { severity: string }[]) => {
        reported.push(...parked.map((p) => p.severity));
      },
    };
    await expect(
      runCheck(
        ports(store, () => 10_000, [failing], report),
        check,
        { now: at(MAX_PENDING_MINUTES + 5) },
      ),
    ).rejects.toThrow('could not be used');
    expect(reported).toEqual(['CRITICAL']);
  });

  it('after an ambiguous save and another check writing in between, it still knows its own claims', async () => {
    const table = createMemoryRecordTable();
    const base = createMemoryStateStore(table);
    const { channel, sent } = recorder();
    let first = true;
    const store = stateStoreOver({
      read: (now) => table.read(now),
      async write(record: StoredRecord, expected) {
        if (!first) return table.write(record, expected);
        first = false;
        // This write commits; then another check writes the same record again before the
        // answer comes back, and the answer is lost: to the store, a lost race.
        const committed = await table.write(record, expected);
        if (committed !== undefined)
          await table.write(
            { ...record, writers: [...(record.writers ?? []), 'another check'] },
            committed.token,
          );
        return undefined;
      },
    });
    const outcome = await runCheck(
      ports(store, () => 10_000, [channel]),
      check,
      { now: at(0) },
    );
    expect(outcome.save).toBe('saved');
    expect(sent).toEqual(['CRITICAL']);
    expect(base.current()?.outbox).toEqual([]);
  });

  it('after a lost race, a check does not judge its reading on top of a newer one: it stands down', async () => {
    const store = createMemoryStateStore();
    const { channel, sent } = recorder();
    await runCheck(
      ports(store, () => 90_000, [channel]),
      check,
      { now: at(0) },
    );
    expect(sent).toEqual(['LOW']);
    // A slow scheduled check read 90,000 at 00:10; a manual check read 150,000 at 00:10:01 and
    // saved first (RECOVERED). The slow one must not reopen the episode with its older reading.
    let slowSaves = 0;
    const slow: StateStore = {
      load: (now) => store.load(now),
      async save(body, version, writer, now) {
        slowSaves += 1;
        if (slowSaves === 1)
          await runCheck(
            ports(store, () => 150_000, [channel]),
            check,
            { now: new Date(at(10).getTime() + 1000) },
          );
        return store.save(body, version, writer, now);
      },
    };
    const outcome = await runCheck(
      ports(slow, () => 90_000, [channel]),
      check,
      { now: at(10) },
    );
    expect(outcome.save).toBe('skipped');
    expect(sent).toEqual(['LOW', 'RECOVERED']);
    expect(store.current()?.state.episode).toBeUndefined();
  });

  it('a 401 whose retry runs out of time reports the 401, not a timeout', async () => {
    const store = createMemoryStateStore();
    let reads = 0;
    const p: CheckPorts = {
      ...ports(store, () => 1, []),
      apiKey: {
        read: (options) => {
          reads += 1;
          // The fresh read hangs (Secrets Manager slow): the deadline stops it.
          return options?.fresh === true
            ? new Promise(() => undefined)
            : Promise.resolve(UNIT_API_KEY);
        },
      },
      dexchange: {
        getBalance: () =>
          Promise.reject(
            new AuthenticationError('the API key was rejected (401)', { status: 401 }),
          ),
      },
    };
    vi.useFakeTimers(FAKE_CLOCK);
    const outcome = await settle(runCheck(p, check, { now: at(0), deadline: Date.now() + 12_000 }));
    expect(reads).toBe(2);
    expect(outcome.summary).toMatchObject({ status: 'UNKNOWN', error: { kind: 'authentication' } });
  });
});

describe('channels removed, silences and quiet hours', () => {
  const named = (name: string, sent: string[], quiet?: Notifier['quiet']): Notifier => ({
    name,
    wants: () => true,
    deliver: (entry) => {
      sent.push(
        entry.event.severity === 'HELD'
          ? `HELD(${entry.event.events.map((e) => e.severity).join(',')})`
          : entry.event.severity,
      );
      return Promise.resolve();
    },
    ...(quiet === undefined ? {} : { quiet }),
  });

  it('a channel removed from the config: its waiting deliveries are dropped and said, never blocking the others', async () => {
    const store = createMemoryStateStore();
    const failing: Notifier = {
      name: 'webhook:old',
      wants: () => true,
      deliver: () => Promise.reject(new DeliveryError('down', false)),
    };
    const { sent, channel } = recorder();
    await runCheck(
      ports(store, () => 45_000, [channel, failing]),
      check,
      { now: at(0) },
    );
    const problems: string[] = [];
    const report = {
      stateProblems: (p: readonly string[]) => problems.push(...p),
      parked: () => undefined,
    };
    await runCheck(
      ports(store, () => 10_000, [channel], report),
      check,
      { now: at(5) },
    );
    expect(sent).toEqual(['LOW', 'CRITICAL']);
    expect(problems).toEqual([
      expect.stringMatching(
        /^the LOW of .+ for channel webhook:old, no longer configured, was dropped$/,
      ),
    ]);
    expect((await store.load(at(6))).record?.outbox).toEqual([]);
  });

  it('a silence holds everything; when it ends, what is still true goes out once: one LOW (with the balance now), not the reminders', async () => {
    const store = createMemoryStateStore();
    const sent: string[] = [];
    const sns = named('sns', sent);
    const { addSilence } = await import('../../lambda/check/silences');
    await addSilence(store, { action: 'silence', minutes: 180 }, at(0), () => {});
    // Low from minute 5, for three hours (reminders every 60 minutes), failing once in between.
    for (let m = 5; m < 180; m += 5)
      await runCheck(
        ports(store, () => 45_000, [sns]),
        check,
        { now: at(m) },
      );
    expect(sent).toEqual([]);
    await runCheck(
      ports(store, () => 45_000, [sns]),
      check,
      { now: at(185) },
    );
    expect(sent).toEqual(['HELD(LOW)']);
  });

  it('a maintenance inside a silence says nothing: FAILING and FAILING_RESOLVED held together are dropped', async () => {
    const store = createMemoryStateStore();
    const sent: string[] = [];
    const sns = named('sns', sent);
    const { addSilence } = await import('../../lambda/check/silences');
    await addSilence(
      store,
      { action: 'silence', minutes: 60, reason: 'DEXCHANGE maintenance' },
      at(0),
      () => {},
    );
    for (let m = 5; m < 40; m += 5)
      await runCheck(
        ports(store, () => new UnavailableError('maintenance (503)'), [sns]),
        check,
        { now: at(m) },
      );
    for (let m = 40; m <= 90; m += 5)
      await runCheck(
        ports(store, () => 250_000, [sns]),
        check,
        { now: at(m) },
      );
    expect(sent).toEqual([]);
  });

  it('quiet hours hold what is not allowed; CRITICAL goes through (and the LOW held before it is dropped: it would tell the story backwards); at their end the rest goes, if still true', async () => {
    const store = createMemoryStateStore();
    const sms: string[] = [];
    const email: string[] = [];
    const quiet = { from: '22:00', to: '07:00', allow: ['CRITICAL'], timeZone: 'Africa/Dakar' };
    const channels = [named('sms', sms, quiet), named('sns', email)];
    // 22:30 LOW (held on SMS), 23:00 CRITICAL (through), 01:00 up between (still an episode),
    // then a FAILING at 03:00 (held), still failing at 07:00.
    const night = Date.parse('2026-12-01T22:30:00.000Z');
    const when = (minutes: number) => new Date(night + minutes * 60_000);
    const run = (m: number, b: number | Error) =>
      runCheck(
        ports(store, () => b, channels),
        { ...check, policy: { ...settings, repeatAfterMinutes: 10_000, failureAlertAfter: 1 } },
        { now: when(m) },
      );
    await run(0, 45_000);
    await run(30, 10_000);
    await run(150, 60_000);
    await run(270, new UnavailableError('down (503)'));
    await run(400, new UnavailableError('down (503)'));
    expect(sms).toEqual(['CRITICAL']);
    expect(email).toEqual(['LOW', 'CRITICAL', 'FAILING']);
    await run(515, new UnavailableError('down (503)')); // 07:05
    // The FAILING is still true: it goes as itself. The LOW went with the CRITICAL that
    // followed it through the quiet hours.
    expect(sms).toEqual(['CRITICAL', 'FAILING']);
  });
});

/**
 * What each channel hears across a hold stays a story told in order (issue 14's review): the
 * end of what it heard, never the end of what it did not; never an older alert after a newer
 * one; a reminder made as a hold ends still goes out; a digest keeps its figures; a routed
 * channel never gets a summary mixing its audiences' alerts.
 */
describe("holds keep each channel's story whole", () => {
  const night = Date.parse('2026-12-01T22:00:00.000Z'); // Dakar is UTC
  const when = (minutes: number) => new Date(night + minutes * 60_000);
  const quietHours = { from: '22:00', to: '07:00', allow: ['CRITICAL'], timeZone: 'Africa/Dakar' };
  const channel = (name: string, sent: string[], extra: Partial<Notifier> = {}): Notifier => ({
    name,
    wants: () => true,
    deliver: (entry) => {
      const e = entry.event;
      sent.push(
        `${new Date(entry.createdAt).toISOString().slice(11, 16)} ${
          e.severity === 'HELD'
            ? `HELD(${e.events.map((x) => x.severity).join(',')})${e.latest === undefined ? '' : ` now ${e.latest.balance}`}`
            : e.severity === 'REMINDER'
              ? `REMINDER:${e.remindsOf}`
              : e.severity
        }`,
      );
      return Promise.resolve();
    },
    ...extra,
  });
  const runner =
    (store: StateStore, channels: Notifier[], policy: Partial<PolicySettings> = {}) =>
    (minute: number, balance: number | Error, digest = false) =>
      runCheck(
        ports(store, () => balance, channels),
        {
          ...check,
          policy: { ...settings, repeatAfterMinutes: 10_000, failureAlertAfter: 1, ...policy },
        },
        { now: when(minute), ...(digest ? { digest: true } : {}) },
      );

  /** Telegram with quiet hours and e-mail without, reminders every 6 hours. */
  const quietTelegramAndEmail = () => {
    const telegram: string[] = [];
    const email: string[] = [];
    const run = runner(
      createMemoryStateStore(),
      [channel('telegram', telegram, { quiet: quietHours }), channel('email', email)],
      { repeatAfterMinutes: 360 },
    );
    return { telegram, email, run };
  };

  it('what the quiet hours released stands for the next reminder on that channel only', async () => {
    const { telegram, email, run } = quietTelegramAndEmail();
    // LOW at 01:05, then a check every 5 minutes until 08:00.
    for (let minute = 185; minute <= 600; minute += 5) await run(minute, 45_000);
    expect(email).toEqual(['01:05 LOW', '07:05 REMINDER:LOW']);
    // Telegram heard it at 07:00, when its quiet hours ended: no reminder 5 minutes later.
    expect(telegram).toEqual(['07:00 HELD(LOW) now 45000']);
    // Its next reminder comes with e-mail's next one, 6 hours after 07:05.
    for (let minute = 605; minute <= 545 + 360; minute += 60) await run(minute, 45_000);
    await run(545 + 360, 45_000);
    expect(telegram).toEqual(['07:00 HELD(LOW) now 45000', '13:05 REMINDER:LOW']);
  });

  it('reminders held by the quiet hours are not released, and the one due when they end still goes out', async () => {
    const { telegram, email, run } = quietTelegramAndEmail();
    // LOW at 19:00, heard on both; a check every 5 minutes until 13:00.
    for (let minute = -180; minute <= 900; minute += 5) await run(minute, 45_000);
    expect(email).toEqual([
      '19:00 LOW',
      '01:00 REMINDER:LOW',
      '07:00 REMINDER:LOW',
      '13:00 REMINDER:LOW',
    ]);
    expect(telegram).toEqual(['19:00 LOW', '07:00 REMINDER:LOW', '13:00 REMINDER:LOW']);
  });

  it('after a release, the channel waits at most one reminder interval for the next reminder', async () => {
    const { telegram, email, run } = quietTelegramAndEmail();
    // LOW at 00:55, held on Telegram until 07:00.
    for (let minute = 175; minute <= 900; minute += 5) await run(minute, 45_000);
    expect(email).toEqual(['00:55 LOW', '06:55 REMINDER:LOW', '12:55 REMINDER:LOW']);
    expect(telegram).toEqual(['07:00 HELD(LOW) now 45000', '12:55 REMINDER:LOW']);
  });

  it('a silence that ends on an open episode gives one message, not a reminder right after it', async () => {
    const store = createMemoryStateStore();
    const sent: string[] = [];
    const { addSilence } = await import('../../lambda/check/silences');
    await addSilence(store, { action: 'silence', minutes: 120 }, when(600), () => {}); // 08:00-10:00
    const run = runner(store, [channel('sns', sent)], { repeatAfterMinutes: 60 });
    for (let minute = 610; minute <= 850; minute += 10) await run(minute, 45_000);
    expect(sent).toEqual(['10:00 HELD(LOW) now 45000', '11:10 REMINDER:LOW', '12:10 REMINDER:LOW']);
  });

  it('a CRITICAL let through the night is followed at once by its RECOVERED, and by "someone is on it"', async () => {
    const store = createMemoryStateStore();
    const sms: string[] = [];
    const run = runner(store, [channel('sms', sms, { quiet: quietHours })]);
    await run(240, 10_000); // 02:00 CRITICAL
    const loaded = await store.load(when(250));
    const episode = loaded.record?.state.episode;
    expect(episode).toBeDefined();
    // 02:10: Awa is on it (as the acknowledge page records it).
    await store.save(
      {
        ...(loaded.record as RecordBody),
        state: {
          ...(loaded.record as RecordBody).state,
          episode: {
            ...(episode as NonNullable<typeof episode>),
            acknowledgedAt: when(250).toISOString(),
            acknowledgedBy: 'Awa',
            acknowledgedLevel: 'CRITICAL',
          },
        },
      },
      loaded.version,
      'ack',
      when(250),
    );
    await run(255, 10_000);
    await run(300, 250_000); // 03:00 recovered
    await run(545, 250_000); // 07:05
    expect(sms).toEqual(['02:00 CRITICAL', '02:15 ACKNOWLEDGED', '03:00 RECOVERED']);
  });

  it('LOW held, CRITICAL through, recovered in the night: the channel hears CRITICAL and RECOVERED, never the old LOW', async () => {
    const store = createMemoryStateStore();
    const sms: string[] = [];
    const run = runner(store, [channel('sms', sms, { quiet: quietHours })]);
    await run(60, 45_000); // 23:00 LOW, held
    await run(240, 10_000); // 02:00 CRITICAL, through
    await run(360, 250_000); // 04:00 recovered
    await run(545, 250_000); // 07:05
    expect(sms).toEqual(['02:00 CRITICAL', '04:00 RECOVERED']);
  });

  it('a silence of FAILING holds its FAILING_RESOLVED with it: a maintenance says nothing', async () => {
    const store = createMemoryStateStore();
    const sent: string[] = [];
    const { addSilence } = await import('../../lambda/check/silences');
    await addSilence(
      store,
      { action: 'silence', minutes: 60, severities: ['FAILING'] },
      when(0),
      () => {},
    );
    const run = runner(store, [channel('sns', sent)]);
    await run(5, new UnavailableError('maintenance (503)'));
    await run(30, 250_000); // read again, inside the silence
    await run(65, 250_000); // the silence is over
    await run(70, 250_000);
    expect(sent).toEqual([]);
  });

  it('a reminder made as the quiet hours end goes out with the digest they held, and the digest keeps its figures', async () => {
    const store = createMemoryStateStore();
    const chat: string[] = [];
    const run = runner(store, [channel('chat', chat, { quiet: quietHours })], {
      repeatAfterMinutes: 420, // due at 07:00, the end of the quiet hours
    });
    await run(120, 10_000); // 00:00 CRITICAL, through
    await run(480, 10_000, true); // 06:00 the digest, held
    await run(540, 10_000); // 07:00: the reminder is due, the digest released
    expect(chat).toEqual(['00:00 CRITICAL', '07:00 REMINDER:CRITICAL', '07:00 DIGEST']);
  });

  it('released on a routed channel (SNS), each alert goes alone, so every subscriber gets only what its filter takes', async () => {
    const store = createMemoryStateStore();
    const sent: string[] = [];
    const run = runner(store, [
      channel('sns', sent, { quiet: { ...quietHours, allow: [] }, routed: true }),
    ]);
    await run(60, 45_000); // 23:00 LOW, held
    await run(120, new UnavailableError('down (503)')); // 00:00 FAILING, held
    await run(545, new UnavailableError('down (503)')); // 07:05
    expect(sent).toEqual(['07:05 HELD(LOW) now 45000', '07:05 FAILING']);
  });

  it('one summary on a channel of one audience, with the balance now, for alerts whose figures are old', async () => {
    const store = createMemoryStateStore();
    const chat: string[] = [];
    const run = runner(store, [channel('chat', chat, { quiet: { ...quietHours, allow: [] } })]);
    await run(60, 45_000); // 23:00 LOW, held
    await run(120, 40_000);
    await run(180, new UnavailableError('down (503)')); // 01:00 FAILING, held
    await run(545, new UnavailableError('down (503)')); // 07:05
    expect(chat).toEqual(['07:05 HELD(LOW,FAILING) now 40000']);
  });
});

describe('state problems', () => {
  it('are reported even when the save that follows throws', async () => {
    const store = createMemoryStateStore();
    const damaged: StateStore = {
      load: async (now) => ({
        ...(await store.load(now)),
        problems: ['the stored record is not JSON'],
      }),
      save: () => Promise.reject(new UnavailableError('DynamoDB unavailable (503)')),
    };
    const told: string[] = [];
    const report = { stateProblems: (p: readonly string[]) => told.push(...p), parked: () => {} };
    const { channel } = recorder();
    await expect(
      runCheck(
        ports(damaged, () => 90_000, [channel], report),
        check,
        { now: at(0) },
      ),
    ).rejects.toThrow(/unavailable/);
    expect(told).toEqual(['the stored record is not JSON']);
  });
});

describe('a container whose clock ran ahead', () => {
  it('on a quiet account, the next right check writes its own time at once (the watchdog reads it)', async () => {
    const memory = createMemoryStateStore();
    const store = withContainerCache(memory);
    const { channel } = recorder();
    await runCheck(
      ports(store, () => 500_000, [channel]),
      check,
      { now: at(24 * 60) },
    );
    expect(memory.current()?.state.lastCheckAt).toBe(at(24 * 60).toISOString());
    await runCheck(
      ports(store, () => 500_000, [channel]),
      check,
      { now: at(5) },
    );
    expect(memory.current()?.state.lastCheckAt).toBe(at(5).toISOString());
  });

  it('leaves no time in the state that holds back later checks: the reminders still come, on time', async () => {
    const store = createMemoryStateStore();
    const { sent, channel } = recorder();
    const problems: string[] = [];
    const report = {
      stateProblems: (p: readonly string[]) => problems.push(...p),
      parked: () => {},
    };
    const checkAt = (minutes: number) =>
      runCheck(
        ports(store, () => 90_000, [channel], report),
        check,
        { now: at(minutes) },
      );
    // One check by a container a day ahead: LOW, dated tomorrow.
    await checkAt(24 * 60);
    expect(sent).toEqual(['LOW']);
    // Then the right clocks, every 5 minutes for 3 hours (reminders every 60 minutes).
    for (let minute = 5; minute <= 180; minute += 5) await checkAt(minute);
    // The first right check brings the times back (minute 5): reminders at 65 and 125.
    expect(sent).toEqual(['LOW', 'REMINDER', 'REMINDER']);
    expect(problems.some((p) => p.includes('was ahead of this check'))).toBe(true);
    const { record } = await store.load(at(180));
    expect(record?.state.lastCheckAt).toBe(at(180).toISOString());
  });
});
