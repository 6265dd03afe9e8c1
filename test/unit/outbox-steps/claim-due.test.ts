import { describe, expect, it } from 'vitest';
import { claimDue } from '../../../lambda/delivery/claim-due';
import { MAX_PENDING_MINUTES, MAX_RELEASES } from '../../../lambda/delivery/limits';
import { BALANCE_EPISODE, due, entry, eventOf, minutesFromNow, NOW } from './fixtures';

/** claimDue composes the steps: these cases hold only with the steps in their order. */
describe('claimDue, the order of its steps', () => {
  it('holds a delivery that has failed for long instead of parking it (hold before park)', () => {
    const low = entry('low', eventOf('LOW'), {
      chat: due({ attempts: 5, firstFailedAt: minutesFromNow(-MAX_PENDING_MINUTES - 10) }),
    });
    const result = claimDue({ outbox: [low], undeliverable: [] }, NOW, 'me', {
      holds: () => 'quiet',
    });
    expect(result.parkedNow).toEqual([]);
    expect(result.outbox[0]?.deliveries.chat?.heldBy).toBe('quiet');
  });

  it('parks in the same check a delivery whose lapsed claim makes it stale (expire before park)', () => {
    const low = entry('low', eventOf('LOW'), {
      chat: due({
        attempts: 3,
        claimedAt: minutesFromNow(-MAX_PENDING_MINUTES),
        claimedBy: 'other',
      }),
    });
    const result = claimDue({ outbox: [low], undeliverable: [] }, NOW, 'me');
    expect(result.parkedNow.map((p) => [p.id, p.attempts])).toEqual([['low', 4]]);
    expect(result.claims).toEqual([]);
  });

  it('drops a reminder that repeats a release even while a hold would keep it', () => {
    const reminder = entry(
      'reminder',
      eventOf('REMINDER', 'LOW'),
      { chat: due() },
      minutesFromNow(-1),
    );
    const result = claimDue(
      {
        outbox: [reminder],
        undeliverable: [],
        releases: [{ channel: 'chat', episode: BALANCE_EPISODE, at: minutesFromNow(-5) }],
      },
      NOW,
      'me',
      { holds: () => 'quiet', repeatAfterMinutes: 60 },
    );
    expect(result.outbox).toEqual([]);
  });

  it('sends what a hold released, within the budget, in the same check (release before claim)', () => {
    const low = entry('low', eventOf('LOW'), {
      chat: due({ heldSince: minutesFromNow(-60), heldBy: 'quiet' }),
    });
    const result = claimDue({ outbox: [low], undeliverable: [] }, NOW, 'me', {
      stillTrue: (events) => [...events],
    });
    expect(result.claims.map((c) => [c.channel, c.entry.event.severity])).toEqual([
      ['chat', 'HELD'],
    ]);
    expect(result.releases).toEqual([
      { channel: 'chat', episode: BALANCE_EPISODE, at: NOW.toISOString() },
    ]);
  });

  it('stamps its claims with the check, and adds nothing when nothing is due', () => {
    const low = entry('low', eventOf('LOW'), { chat: due() });
    const result = claimDue({ outbox: [low], undeliverable: [] }, NOW, 'check-7');
    expect(result.outbox[0]?.deliveries.chat?.claimedBy).toBe('check-7');
    const idle = claimDue({ outbox: [], undeliverable: [] }, NOW, 'check-7');
    expect(idle).toEqual({ outbox: [], undeliverable: [], claims: [], parkedNow: [] });
    expect(idle).not.toHaveProperty('releases');
  });

  it('keeps the newest releases only', () => {
    const releases = Array.from({ length: MAX_RELEASES + 1 }, (_, i) => ({
      channel: 'chat',
      episode: `b:${i}`,
      at: minutesFromNow(-i),
    }));
    const result = claimDue({ outbox: [], undeliverable: [], releases }, NOW, 'me', {
      repeatAfterMinutes: 360,
    });
    expect(result.releases).toEqual(releases.slice(1));
  });
});
