import { BASE_SETTINGS } from '../support/sample-events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicySettings } from '../../lambda/alerting/policy';
import { DeliveryError, type Notifier } from '../../lambda/delivery/channel-port';
import { runCheck, type CheckPorts } from '../../lambda/check/run-check';
import { UnavailableError } from '../../lambda/errors';
import type { BalanceReading } from '../../lambda/providers/dexchange/client';
import type { StoredRecord } from '../../lambda/stores/record';
import { stateStoreOver } from '../../lambda/stores/envelope';
import type { StateStore } from '../../lambda/stores/state-store';
import { boundPropertyRuns } from '../support/fast-check';

boundPropertyRuns();

/**
 * The delivery guarantee, over any interleaving of two checks, crashes at every step and
 * failing channels: every event the policy produced (and saved) is delivered at least once, and
 * each extra copy comes from one of the two windows the docs name (so an event hit by one such
 * failure is delivered at most twice):
 * - a check stopped between delivering it and saving that it did (a crash, a timeout, a save
 *   that failed or kept losing races), so the claim expired and another check delivered it;
 * - a channel took the message and lost its answer, so it was retried.
 *
 * fast-check's scheduler decides the order in which the two checks' calls to their ports
 * resolve; a crash is a call that never returns.
 */

const ACCOUNT = 'main';
const settings: PolicySettings = {
  ...BASE_SETTINGS,
  repeatAfterMinutes: 60,
  failureAlertAfter: 2,
  staleAfterMinutes: 1440,
  forecastHorizonMinutes: 0,
};

type Answer = 'ok' | 'fail' | 'accepted-then-lost';
type SaveMode = 'ok' | 'commit-then-throw';

interface CheckScript {
  /** The balance this check reads, or a failed read. */
  readonly balance: number | 'fail';
  /** Its n-th port call never returns (the process died there); undefined: it runs through. */
  readonly crashAt: number | undefined;
  /** How each channel answers this check's deliveries, in turn. */
  readonly answers: readonly Answer[];
  readonly saves: readonly SaveMode[];
}

const scriptArb: fc.Arbitrary<CheckScript> = fc.record({
  balance: fc.oneof(
    fc.constantFrom<number | 'fail'>(150_000, 90_000, 20_000, 'fail'),
    fc.integer({ min: 0, max: 200_000 }),
  ),
  crashAt: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  answers: fc.array(fc.constantFrom<Answer>('ok', 'ok', 'fail', 'accepted-then-lost'), {
    maxLength: 6,
  }),
  saves: fc.array(fc.constantFrom<SaveMode>('ok', 'ok', 'ok', 'commit-then-throw'), {
    maxLength: 4,
  }),
});

/** The world both checks share: one stored record, and what each channel actually received. */
function world() {
  let version = 0;
  let stored: StoredRecord | undefined;
  const committed = new Set<string>();
  const received = new Map<string, number>();
  /** How many times each delivery fell into a window where a copy may follow. */
  const windows = new Map<string, number>();
  const opened = (key: string) => windows.set(key, (windows.get(key) ?? 0) + 1);
  const saveRecord = (record: StoredRecord) => {
    stored = structuredClone(record);
    version += 1;
    for (const entry of record.outbox) committed.add(entry.id);
  };
  return {
    committed,
    received,
    windows,
    opened,
    read: () => ({ record: structuredClone(stored), token: version, problems: [] }),
    write(record: StoredRecord, expected: unknown): { token: unknown } | undefined {
      if (expected !== version) return undefined;
      saveRecord(record);
      return { token: version };
    },
    outbox: () => stored?.outbox ?? [],
  };
}

/** The ports of one check: each call goes through the scheduler and may be its last. */
function portsFor(
  shared: ReturnType<typeof world>,
  script: CheckScript,
  s: fc.Scheduler,
  channels: readonly string[],
) {
  let calls = 0;
  let answerIndex = 0;
  let saveIndex = 0;
  /** Ids this check delivered (accepted), to mark them if it never records that it did. */
  const delivered = new Set<string>();
  let resultsSaved = false;
  const step = async <T>(run: () => T | Promise<T>): Promise<T> => {
    const index = calls++;
    if (script.crashAt === index) return new Promise<T>(() => undefined);
    return s.schedule(Promise.resolve()).then(run);
  };
  const state: StateStore = stateStoreOver({
    read: () => step(() => shared.read()),
    write: (record, expected) =>
      step(() => {
        const mode = script.saves[saveIndex++] ?? 'ok';
        const saved = shared.write(record, expected);
        // The save after the deliveries carries no new entry but drops delivered ones.
        if (saved !== undefined && delivered.size > 0) resultsSaved = true;
        if (saved !== undefined && mode === 'commit-then-throw')
          throw new Error('the answer to a committed write was lost');
        return saved;
      }),
  });
  const notifiers: Notifier[] = channels.map((name) => ({
    name,
    wants: () => true,
    deliver: (entry) =>
      step(() => {
        const answer = script.answers[answerIndex++] ?? 'ok';
        if (answer === 'fail') throw new DeliveryError(`${name} is down`, false);
        shared.received.set(
          `${entry.id}|${name}`,
          (shared.received.get(`${entry.id}|${name}`) ?? 0) + 1,
        );
        delivered.add(`${entry.id}|${name}`);
        if (answer === 'accepted-then-lost') {
          shared.opened(`${entry.id}|${name}`);
          throw new DeliveryError(`${name} took too long to answer`, false);
        }
      }),
  }));
  const ports: CheckPorts = {
    apiKey: { read: () => step(() => 'key-of-the-property-test') },
    dexchange: {
      getBalance: () =>
        step((): BalanceReading => {
          if (script.balance === 'fail') throw new UnavailableError('the API failed (503)');
          return {
            balance: script.balance,
            currency: 'XOF',
            lastUpdate: '2026-12-01T00:00:00.000Z',
            latencyMs: 1,
            attempts: 1,
          };
        }),
    },
    channels: notifiers,
    state,
  };
  /** After the check ended (or died): what it delivered without recording it is in a window. */
  const settle = () => {
    if (!resultsSaved) for (const key of delivered) shared.opened(key);
  };
  return { ports, settle };
}

/** Releases every call the checks make, until none is waiting (a crashed one waits forever). */
async function drain(s: fc.Scheduler): Promise<void> {
  do {
    await s.waitIdle();
    // Let the checks reach their next call before looking again.
    await new Promise((resolve) => setTimeout(resolve, 0));
  } while (s.count() > 0);
}

const stats = { events: 0, twice: 0 };

describe('the delivery protocol', () => {
  it('any interleaving of two checks, with crashes and failing channels: every saved event is delivered at least once, at most twice, and twice only in a documented window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.tuple(scriptArb, scriptArb), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(['sns'], ['sns', 'webhook']),
        async (s, rounds, channels) => {
          const shared = world();
          let clock = Date.parse('2026-12-01T00:00:00.000Z');
          for (const [a, b] of rounds) {
            // Two checks at (nearly) the same time, interleaved as the scheduler decides.
            const first = portsFor(shared, a, s, channels);
            const second = portsFor(shared, b, s, channels);
            const runs = [
              runCheck(
                first.ports,
                { account: ACCOUNT, locale: 'en', policy: settings },
                { now: new Date(clock) },
              ),
              runCheck(
                second.ports,
                { account: ACCOUNT, locale: 'en', policy: settings },
                { now: new Date(clock + 1) },
              ),
            ];
            const settled = [false, false];
            runs.forEach((run, i) => {
              run.then(
                () => (settled[i] = true),
                () => (settled[i] = true),
              );
            });
            await drain(s);
            // A check that crashed never settles; one that did not crash has (an error is a
            // settled outcome too).
            [a, b].forEach((script, i) => {
              if (script.crashAt === undefined) expect(settled[i], `check ${i}`).toBe(true);
            });
            first.settle();
            second.settle();
            clock += 5 * 60_000;
          }
          // Then healthy checks, as long as anything waits (claims expire, backoffs end).
          for (let i = 0; i < 30 && shared.outbox().length > 0; i += 1) {
            clock += 10 * 60_000;
            const healthy = portsFor(
              shared,
              { balance: 90_000, crashAt: undefined, answers: [], saves: [] },
              s,
              channels,
            );
            const run = runCheck(
              healthy.ports,
              { account: ACCOUNT, locale: 'en', policy: settings },
              { now: new Date(clock) },
            );
            await drain(s);
            await run;
            healthy.settle();
          }
          expect(shared.outbox()).toEqual([]);
          stats.events += shared.committed.size;
          stats.twice += [...shared.received.values()].filter((n) => n >= 2).length;
          for (const id of shared.committed) {
            for (const channel of channels) {
              const key = `${id}|${channel}`;
              const times = shared.received.get(key) ?? 0;
              const windows = shared.windows.get(key) ?? 0;
              expect(times, `${key} delivered ${times} times`).toBeGreaterThanOrEqual(1);
              expect(times, `${key}: ${times} deliveries, ${windows} windows`).toBeLessThanOrEqual(
                1 + windows,
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
    // The runs reach the interesting cases, or the property proves little.
    expect(stats.events).toBeGreaterThan(200);
    expect(stats.twice).toBeGreaterThan(0);
    console.info(
      `delivery protocol: 200 runs, ${stats.events} saved events, ${stats.twice} deliveries made twice (each in a window)`,
    );
  });
});
