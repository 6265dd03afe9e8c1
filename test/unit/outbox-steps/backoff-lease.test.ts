import { describe, expect, it } from 'vitest';
import { isDue, retryDelayMinutes } from '../../../lambda/delivery/backoff';
import { afterExpiredClaim, claimHolds } from '../../../lambda/delivery/lease';
import { LEASE_MS } from '../../../lambda/delivery/limits';
import { AT, due, minutesFromNow, NOW } from './fixtures';

/** How long a failed delivery waits, and how long another check's claim holds it. */

describe('retryDelayMinutes', () => {
  it('doubles from one minute after each failure, up to an hour', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 8, 50].map(retryDelayMinutes)).toEqual([
      1, 1, 2, 4, 8, 32, 60, 60, 60,
    ]);
  });
});

describe('isDue', () => {
  const at = (ms: number) => due({ notBefore: new Date(NOW.getTime() + ms).toISOString() });
  it('is due from its notBefore on, not a millisecond before', () => {
    expect(isDue(at(0), NOW)).toBe(true);
    expect(isDue(at(-1), NOW)).toBe(true);
    expect(isDue(at(1), NOW)).toBe(false);
  });
  it('a wait longer than any backoff and a lease (a clock ahead wrote it) does not hold it', () => {
    const longest = 60 * 60_000 + LEASE_MS;
    expect(isDue(at(longest), NOW)).toBe(false);
    expect(isDue(at(longest + 1), NOW)).toBe(true);
    expect(isDue(at(60 * 60_000), NOW)).toBe(false);
  });
});

describe('claimHolds', () => {
  const claimed = (ms: number, by?: string) =>
    due({
      claimedAt: new Date(NOW.getTime() - ms).toISOString(),
      ...(by === undefined ? {} : { claimedBy: by }),
    });
  it("another check's claim holds for the lease, either side of now", () => {
    expect(claimHolds(claimed(0, 'other'), NOW, 'me')).toBe(true);
    expect(claimHolds(claimed(LEASE_MS - 1, 'other'), NOW, 'me')).toBe(true);
    expect(claimHolds(claimed(LEASE_MS, 'other'), NOW, 'me')).toBe(false);
    expect(claimHolds(claimed(-LEASE_MS + 1, 'other'), NOW, 'me')).toBe(true);
    expect(claimHolds(claimed(-LEASE_MS, 'other'), NOW, 'me')).toBe(false);
  });
  it("this check's own claim does not hold it; without a name, any claim does", () => {
    expect(claimHolds(claimed(0, 'me'), NOW, 'me')).toBe(false);
    expect(claimHolds(claimed(0, 'me'), NOW)).toBe(true);
    expect(claimHolds(claimed(0), NOW, 'me')).toBe(true);
    expect(claimHolds(claimed(0), NOW)).toBe(true);
    expect(claimHolds(due({ notBefore: minutesFromNow(-1) }), NOW, 'me')).toBe(false);
    expect(claimHolds(due({ claimedAt: AT, claimedBy: 'me' }), NOW, 'other')).toBe(true);
  });
});

describe('afterExpiredClaim', () => {
  it('a lapsed claim of no named check counts as a failed attempt, for a check of no name too', () => {
    const lapsed = due({ claimedAt: new Date(NOW.getTime() - LEASE_MS).toISOString() });
    expect(afterExpiredClaim(lapsed, NOW)).toMatchObject({
      attempts: 1,
      firstFailedAt: lapsed.claimedAt,
    });
  });
});
