import { describe, expect, it } from 'vitest';
import { claimDue } from '../../../lambda/delivery/claim-due';
import type { ClaimOptions } from '../../../lambda/delivery/claim-pass';
import type { OutboxEntry, OutboxState } from '../../../lambda/delivery/outbox-entry';
import { due, entry, eventOf, NOW } from './fixtures';

/**
 * The hourly cap (lambda/delivery/steps/cap-per-hour.ts) through claimDue, check after check:
 * past the cap, new messages wait for the hour's end, then go as one summary of what is still
 * true, which the cap does not hold.
 */

const SMS = 'sms:phones';
const options: ClaimOptions = { capPerHour: 2, stillTrue: (events) => [...events] };
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

/** A check at `minutes` from NOW (12:00 UTC) adding `added`, then every claim delivered. */
function check(state: OutboxState, minutes: number, added: OutboxEntry[], opts = options) {
  const claimed = claimDue(
    { ...state, outbox: [...state.outbox, ...added] },
    at(minutes),
    'c',
    opts,
  );
  const delivered = new Set(claimed.claims.map((c) => `${c.entryId}/${c.channel}`));
  const outbox = claimed.outbox.flatMap((e) => {
    const left = Object.fromEntries(
      Object.entries(e.deliveries).filter(([channel]) => !delivered.has(`${e.id}/${channel}`)),
    );
    return Object.keys(left).length === 0 ? [] : [{ ...e, deliveries: left }];
  });
  return { claimed, next: { ...claimed, outbox } satisfies OutboxState };
}

const critical = (id: string, minutes: number) =>
  entry(
    id,
    eventOf('CRITICAL'),
    { [SMS]: due({ notBefore: at(minutes).toISOString() }) },
    at(minutes).toISOString(),
  );

describe('the hourly cap', () => {
  it('past the cap, a new message waits for the hour; at its end, what waited goes as one summary', () => {
    const empty: OutboxState = { outbox: [], undeliverable: [] };
    const first = check(empty, 0, [critical('a', 0), critical('b', 0), critical('c', 0)]);
    expect(first.claimed.claims.map((c) => c.entryId)).toEqual(['a', 'b']);
    expect(first.claimed.outbox.find((e) => e.id === 'c')?.deliveries[SMS]).toMatchObject({
      heldBy: 'cap',
      heldSince: at(0).toISOString(),
    });
    expect(first.claimed.sent).toEqual([
      { channel: SMS, hour: '2026-12-03T12:00:00.000Z', count: 2 },
    ]);

    // Later in the hour: still capped, the new one waits too.
    const second = check(first.next, 30, [critical('d', 30)]);
    expect(second.claimed.claims).toEqual([]);
    expect(second.claimed.outbox.map((e) => [e.id, e.deliveries[SMS]?.heldBy])).toEqual([
      ['c', 'cap'],
      ['d', 'cap'],
    ]);

    // The next hour: one HELD summary of both, claimed at once, and not counted.
    const third = check(second.next, 62, []);
    expect(third.claimed.claims).toHaveLength(1);
    const summary = third.claimed.claims[0]?.entry.event;
    // It carries the cap, so that its text says what the limit is.
    expect(summary).toMatchObject({ severity: 'HELD', reason: 'cap', capPerHour: 2 });
    expect(summary?.severity === 'HELD' ? summary.events.length : 0).toBe(2);
    expect(third.next.outbox).toEqual([]);
    expect(third.claimed.sent ?? []).toEqual([]);
  });

  it('counts only first attempts: a retry goes out past the cap, and a TEST is never held', () => {
    const retry = entry('r', eventOf('CRITICAL'), { [SMS]: due({ attempts: 2 }) });
    const test = entry('t', eventOf('TEST'), { [SMS]: due() });
    const state: OutboxState = {
      outbox: [],
      undeliverable: [],
      sent: [{ channel: SMS, hour: '2026-12-03T12:00:00.000Z', count: 2 }],
    };
    const { claimed } = check(state, 5, [retry, test, critical('n', 5)]);
    expect(claimed.claims.map((c) => c.entryId).sort()).toEqual(['r', 't']);
    expect(claimed.outbox.find((e) => e.id === 'n')?.deliveries[SMS]?.heldBy).toBe('cap');
  });

  it("each channel has its own cap, and last hour's count is forgotten", () => {
    const both = (id: string) =>
      entry(id, eventOf('CRITICAL'), { [SMS]: due(), 'chat:ops': due() });
    const state: OutboxState = {
      outbox: [],
      undeliverable: [],
      sent: [
        { channel: SMS, hour: '2026-12-03T12:00:00.000Z', count: 2 },
        { channel: 'chat:ops', hour: '2026-12-03T11:00:00.000Z', count: 9 },
      ],
    };
    const { claimed } = check(state, 1, [both('x')]);
    expect(claimed.claims.map((c) => c.channel)).toEqual(['chat:ops']);
    expect(claimed.sent).toEqual(
      expect.arrayContaining([
        { channel: SMS, hour: '2026-12-03T12:00:00.000Z', count: 2 },
        { channel: 'chat:ops', hour: '2026-12-03T12:00:00.000Z', count: 1 },
      ]),
    );
  });

  it('without a cap, nothing is held', () => {
    const empty: OutboxState = { outbox: [], undeliverable: [] };
    const added = ['a', 'b', 'c', 'd'].map((id) => critical(id, 0));
    const { claimed } = check(empty, 0, added, { stillTrue: options.stillTrue });
    expect(claimed.claims).toHaveLength(4);
    expect(claimed.outbox.every((e) => e.deliveries[SMS]?.heldBy === undefined)).toBe(true);
  });
});
