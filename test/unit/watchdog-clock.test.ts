import { describe, expect, it } from 'vitest';
import { CLOCK_AHEAD_TOLERANCE_MS } from '../../lambda/alerting/clock';
import { overdueAccounts, trustedChecks } from '../../lambda/watchdog/overdue';

/**
 * A check whose clock ran a day ahead saves a time a day ahead. Taken as it is, that time would
 * hide the account from the watchdog for a day if the checks then stopped.
 */

const now = new Date('2026-12-01T12:00:00Z');
const watched = [{ account: 'acme', overdueAfterMinutes: 30 }];
const minutes = (n: number) => new Date(now.getTime() + n * 60_000).toISOString();

describe('the watchdog and a time saved by a clock that ran ahead', () => {
  it('watches the account as one without an item, so its checks stopping is still noticed', () => {
    const saved = new Map([['acme', minutes(24 * 60)]]);
    const trusted = trustedChecks(saved, now);
    expect(trusted.has('acme')).toBe(false);
    // First seen so 40 minutes ago, and no check has saved a right time since: overdue.
    const firstSeen = new Map([['acme', new Date(now.getTime() - 40 * 60_000)]]);
    expect(overdueAccounts(watched, trusted, firstSeen, now)).toEqual([
      { account: 'acme', minutes: 40 },
    ]);
    // Taken as it was, the same time hides the account.
    expect(overdueAccounts(watched, saved, firstSeen, now)).toEqual([]);
  });

  it('trusts a time ahead by no more than clocks differ', () => {
    const slightly = new Map([['acme', minutes(CLOCK_AHEAD_TOLERANCE_MS / 60_000)]]);
    expect(trustedChecks(slightly, now)).toEqual(slightly);
  });
});
