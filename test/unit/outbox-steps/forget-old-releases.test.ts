import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Release } from '../../../lambda/delivery/outbox-entry';
import { forgetOldReleases } from '../../../lambda/delivery/steps/forget-old-releases';
import { boundPropertyRuns } from '../../support/fast-check';
import { BALANCE_EPISODE, contextOf, minutesFromNow, NOW, passOf } from './fixtures';

boundPropertyRuns();

const release = (minutesAgo: number): Release => ({
  channel: 'chat',
  episode: BALANCE_EPISODE,
  at: minutesFromNow(-minutesAgo),
});

describe('forgetOldReleases', () => {
  it('keeps the releases younger than a reminder interval, in their order', () => {
    const releases = [release(400), release(359), release(360), release(10), release(361)];
    const pass = forgetOldReleases(
      passOf([], { releases }),
      contextOf({ repeatAfterMinutes: 360 }),
    );
    expect(pass.releases).toEqual([release(359), release(10)]);
  });

  it('keeps none that is past when there is no reminder interval', () => {
    const pass = forgetOldReleases(passOf([], { releases: [release(1), release(0)] }), contextOf());
    expect(pass.releases).toEqual([]);
  });

  it('keeps a release, in order, exactly when it is younger than the interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -60, max: 800 }), { maxLength: 12 }),
        fc.constantFrom(0, 60, 360),
        (ages, interval) => {
          const releases = ages.map(release);
          const pass = forgetOldReleases(
            passOf([], { releases }),
            contextOf({ repeatAfterMinutes: interval }),
          );
          expect(pass.releases).toEqual(
            releases.filter((r) => NOW.getTime() - Date.parse(r.at) < interval * 60_000),
          );
        },
      ),
    );
  });
});
