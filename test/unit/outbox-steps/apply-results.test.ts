import { describe, expect, it } from 'vitest';
import { applyResults } from '../../../lambda/delivery/apply-results';
import { MAX_UNDELIVERABLE } from '../../../lambda/delivery/limits';
import type { ParkedDelivery } from '../../../lambda/delivery/outbox-entry';
import { withUndeliverable } from '../../../lambda/delivery/undeliverable';
import { AT, due, entry, eventOf, minutesFromNow, NOW } from './fixtures';

/** What a check's results do to the outbox: delivered leave, failed wait, refused are parked. */

const failedBefore = due({
  attempts: 2,
  notBefore: minutesFromNow(-1),
  firstFailedAt: minutesFromNow(-30),
  lastError: 'HTTP 503',
  claimedAt: AT,
  claimedBy: 'check-1',
});

describe('applyResults', () => {
  it('a released delivery waits as it was, its claim gone and no attempt counted', () => {
    const outbox = [
      entry('e1', eventOf('LOW'), { sns: failedBefore, chat: due({ claimedAt: AT }) }),
    ];
    const state = applyResults(
      { outbox, undeliverable: [] },
      [
        { entryId: 'e1', channel: 'sns', outcome: 'released' },
        { entryId: 'e1', channel: 'chat', outcome: 'released' },
      ],
      NOW,
    );
    // Strictly: the record keeps no empty field (the store refuses an undefined value).
    expect(state.outbox[0]?.deliveries).toStrictEqual({
      sns: {
        attempts: 2,
        notBefore: minutesFromNow(-1),
        firstFailedAt: minutesFromNow(-30),
        lastError: 'HTTP 503',
      },
      chat: { attempts: 0, notBefore: minutesFromNow(-1) },
    });
    expect(state.parkedNow).toEqual([]);
  });

  it('a refused delivery is parked at once with the attempt counted, and leaves the outbox', () => {
    const outbox = [entry('e1', eventOf('LOW'), { sns: failedBefore, chat: due() })];
    const state = applyResults(
      { outbox, undeliverable: [] },
      [{ entryId: 'e1', channel: 'sns', outcome: 'refused', error: 'HTTP 400' }],
      NOW,
    );
    const parked: ParkedDelivery = {
      id: 'e1',
      channel: 'sns',
      severity: 'LOW',
      eventAt: eventOf('LOW').at,
      parkedAt: AT,
      attempts: 3,
      error: 'HTTP 400',
    };
    expect(state.parkedNow).toEqual([parked]);
    // In the record, marked for the parked-alerts queue (queue-marks.ts).
    expect(state.undeliverable).toEqual([{ ...parked, queued: false }]);
    expect(Object.keys(state.outbox[0]?.deliveries ?? {})).toEqual(['chat']);
  });

  it('a failed delivery waits its backoff in minutes, keeping when it first failed', () => {
    const outbox = [entry('e1', eventOf('LOW'), { sns: failedBefore, chat: due() })];
    const state = applyResults(
      { outbox, undeliverable: [] },
      [
        { entryId: 'e1', channel: 'sns', outcome: 'failed', error: 'HTTP 502' },
        { entryId: 'e1', channel: 'chat', outcome: 'failed', error: 'timeout' },
      ],
      NOW,
    );
    expect(state.outbox[0]?.deliveries).toEqual({
      // The third failure: 4 minutes.
      sns: {
        attempts: 3,
        notBefore: minutesFromNow(4),
        firstFailedAt: minutesFromNow(-30),
        lastError: 'HTTP 502',
      },
      chat: { attempts: 1, notBefore: minutesFromNow(1), firstFailedAt: AT, lastError: 'timeout' },
    });
  });
});

describe('withUndeliverable', () => {
  const parkedAt = (i: number): ParkedDelivery => ({
    id: `e${i}`,
    channel: 'sns',
    severity: 'LOW',
    eventAt: AT,
    parkedAt: AT,
    attempts: 1,
    error: 'HTTP 400',
  });
  const marked = (p: ParkedDelivery): ParkedDelivery => ({ ...p, queued: false });
  it('keeps the newest, newest last; what it adds marked not yet queued, the rest as it was', () => {
    const current = Array.from({ length: MAX_UNDELIVERABLE }, (_, i) => parkedAt(i));
    expect(withUndeliverable(current, [parkedAt(99)])).toEqual([
      ...current.slice(1),
      marked(parkedAt(99)),
    ]);
    expect(withUndeliverable([parkedAt(1)], [parkedAt(2)])).toEqual([
      parkedAt(1),
      marked(parkedAt(2)),
    ]);
  });
});
