import { describe, expect, it } from 'vitest';
import { healFutureTimes, writtenAhead } from '../../lambda/alerting/clock';
import { stillTrue } from '../../lambda/alerting/held';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';
import { sampleEvents } from '../support/sample-events';

/**
 * A state written by a clock a day ahead, read by a right one: the times that hold reminders
 * back come back to now; the times that identify an alert already sent stay, so what a hold
 * kept of it is still released.
 */

const now = new Date('2026-12-01T12:00:00Z');
const ahead = '2026-12-02T12:00:00.000Z';

describe('healing a state written by a clock that ran ahead', () => {
  const [stale, forecast] = (['STALE', 'FORECAST'] as const).map((severity) => {
    const event = sampleEvents('acme').find((e) => e.severity === severity);
    if (event === undefined) throw new Error(`no sample ${severity}`);
    return { ...event, at: ahead };
  });
  const state: AlertState = {
    schema: 1,
    lastCheckAt: ahead,
    staleSince: ahead,
    staleLastUpdate: '2026-11-29T12:00:00.000Z',
    forecastSentAt: ahead,
    forecastExpiresAt: '2026-12-02T16:00:00.000Z',
    episode: { since: ahead, level: 'LOW', lastAlertAt: ahead },
  };

  it('brings back the reminder clock and the forecast expiry by the lead, and keeps the identities', () => {
    expect(writtenAhead(state, now)).toBe(true);
    const healed = healFutureTimes(state, now);
    expect(healed.lastCheckAt).toBe(now.toISOString());
    expect(healed.episode?.lastAlertAt).toBe(now.toISOString());
    expect(healed.episode?.since).toBe(ahead);
    expect(healed.forecastExpiresAt).toBe('2026-12-01T16:00:00.000Z');
    expect(healed.staleSince).toBe(ahead);
    expect(healed.forecastSentAt).toBe(ahead);
  });

  it('a STALE or FORECAST held on a channel is still released after the heal', () => {
    const held = [stale, forecast].filter((e): e is AlertEvent => e !== undefined);
    // (A FORECAST is still true only while no episode is open.)
    const beforeEpisode: AlertState = { ...state, episode: undefined };
    expect(stillTrue(held, beforeEpisode).map((e) => e.severity)).toEqual(['STALE', 'FORECAST']);
    expect(stillTrue(held, healFutureTimes(beforeEpisode, now)).map((e) => e.severity)).toEqual([
      'STALE',
      'FORECAST',
    ]);
  });
});
