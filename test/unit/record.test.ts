import { describe, expect, it } from 'vitest';
import { healRecord, RECORD_SCHEMA } from '../../lambda/stores/record';

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
