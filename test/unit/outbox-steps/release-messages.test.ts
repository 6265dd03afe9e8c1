import { describe, expect, it } from 'vitest';
import { releaseMessages } from '../../../lambda/delivery/release-messages';
import { AT, eventOf } from './fixtures';

/** What a channel is sent when a hold ends, from what is still true. */

const latest = { balance: 80_000, currency: 'XOF', at: AT };
const digest = () => eventOf('DIGEST');

describe('releaseMessages', () => {
  it('one alert that is not a level goes alone, as itself; a digest is always its own', () => {
    const failing = eventOf('FAILING');
    expect(releaseMessages([failing, digest()], 'quiet', AT, false, latest)).toEqual([
      failing,
      digest(),
    ]);
    expect(releaseMessages([digest()], 'quiet', AT, false, latest)).toEqual([digest()]);
    expect(releaseMessages([], 'quiet', AT, false, latest)).toEqual([]);
  });

  it('a LOW or a CRITICAL alone goes in a HELD with the latest balance', () => {
    for (const severity of ['LOW', 'CRITICAL'] as const) {
      const level = eventOf(severity);
      expect(releaseMessages([level], 'silence', AT, false, latest)).toEqual([
        { severity: 'HELD', account: 'acme', at: AT, reason: 'silence', events: [level], latest },
      ]);
    }
  });

  it('several alerts go in one HELD, the digest beside it; without a latest, none is said', () => {
    const events = [eventOf('LOW'), eventOf('FAILING')];
    expect(releaseMessages([digest(), ...events], 'quiet', AT, false, undefined)).toStrictEqual([
      { severity: 'HELD', account: 'acme', at: AT, reason: 'quiet', events },
      digest(),
    ]);
  });

  it('several alerts go in one HELD whichever comes first', () => {
    const events = [eventOf('FAILING'), eventOf('LOW')];
    expect(releaseMessages(events, 'quiet', AT, false, latest)).toEqual([
      { severity: 'HELD', account: 'acme', at: AT, reason: 'quiet', events, latest },
    ]);
  });

  it('on a routed channel each alert goes alone, a level in its own HELD', () => {
    const low = eventOf('LOW');
    const failing = eventOf('FAILING');
    expect(releaseMessages([digest(), low, failing], 'quiet', AT, true, latest)).toEqual([
      { severity: 'HELD', account: 'acme', at: AT, reason: 'quiet', events: [low], latest },
      failing,
      digest(),
    ]);
  });
});
