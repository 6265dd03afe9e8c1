import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../../lambda/delivery/claim-pass';
import { MAX_PENDING_MINUTES } from '../../../lambda/delivery/limits';
import { parkStale } from '../../../lambda/delivery/steps/park-stale';
import { AT, contextOf, due, entry, eventOf, kept, minutesFromNow, passOf } from './fixtures';

const failing = (minutes: number, extra = {}) =>
  due({ attempts: 4, firstFailedAt: minutesFromNow(-minutes), lastError: 'HTTP 503', ...extra });

describe('parkStale', () => {
  it('parks what has failed for MAX_PENDING_MINUTES, with why', () => {
    const low = entry('low', eventOf('LOW'), { chat: failing(MAX_PENDING_MINUTES), sns: due() });
    const pass = parkStale(passOf([low]), contextOf());
    expect(kept(pass)).toEqual(['low/sns']);
    expect(pass.parkedNow).toEqual([
      {
        id: 'low',
        channel: 'chat',
        severity: 'LOW',
        eventAt: low.event.at,
        parkedAt: AT,
        attempts: 4,
        error: `still failing after ${MAX_PENDING_MINUTES} minutes: HTTP 503`,
      },
    ]);
  });

  it('says "no answer" when the failure left no error', () => {
    const pass = parkStale(
      passOf([entry('low', eventOf('LOW'), { chat: failing(400, { lastError: undefined }) })]),
      contextOf(),
    );
    expect(pass.parkedNow[0]?.error).toBe(
      `still failing after ${MAX_PENDING_MINUTES} minutes: no answer`,
    );
  });

  it("keeps one failing for less, one under another check's live claim, and a held one", () => {
    const claim = { claimedAt: minutesFromNow(-1), claimedBy: 'other' };
    const low = entry('low', eventOf('LOW'), {
      chat: failing(MAX_PENDING_MINUTES - 1),
      sns: failing(400, claim),
      hook: failing(400),
    });
    const pass = parkStale(
      passOf([low], { holds: new Map([[deliveryKey('low', 'hook'), 'silence']]) }),
      contextOf(),
    );
    expect(pass.outbox).toEqual([low]);
    expect(pass.parkedNow).toEqual([]);
  });

  it('adds to what was parked before, in outbox order', () => {
    const a = entry('a', eventOf('LOW'), { chat: failing(400) });
    const b = entry('b', eventOf('CRITICAL'), { chat: failing(500) });
    const earlier = { ...a, id: 'earlier' };
    const first = parkStale(passOf([earlier]), contextOf());
    const pass = parkStale({ ...first, outbox: [a, b] }, contextOf());
    expect(pass.parkedNow.map((p) => p.id)).toEqual(['earlier', 'a', 'b']);
  });
});
