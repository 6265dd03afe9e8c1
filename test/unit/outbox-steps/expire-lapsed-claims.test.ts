import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../../lambda/delivery/claim-pass';
import { LEASE_MS } from '../../../lambda/delivery/limits';
import { expireLapsedClaims } from '../../../lambda/delivery/steps/expire-lapsed-claims';
import { boundPropertyRuns } from '../../support/fast-check';
import {
  contextOf,
  deliveryIn,
  due,
  entry,
  eventOf,
  minutesFromNow,
  NOW,
  passOf,
} from './fixtures';

boundPropertyRuns();

const claimed = (minutesAgo: number, by = 'other') =>
  due({ attempts: 1, claimedAt: minutesFromNow(-minutesAgo), claimedBy: by });

describe('expireLapsedClaims', () => {
  it('turns a claim past its lease into a failed attempt, failing since it was claimed', () => {
    const pass = expireLapsedClaims(
      passOf([entry('low', eventOf('LOW'), { chat: claimed(3) })]),
      contextOf({}, 'me'),
    );
    expect(deliveryIn(pass, 'low', 'chat')).toEqual({
      attempts: 2,
      notBefore: due().notBefore,
      firstFailedAt: minutesFromNow(-3),
      lastError: 'a check stopped while delivering it (a crash, a timeout or a channel that hung)',
    });
  });

  it("leaves a claim within its lease, this check's own claim, and a held delivery", () => {
    const low = entry('low', eventOf('LOW'), {
      chat: claimed(1),
      sns: claimed(10, 'me'),
      hook: claimed(10),
    });
    const pass = expireLapsedClaims(
      passOf([low], { holds: new Map([[deliveryKey('low', 'hook'), 'quiet']]) }),
      contextOf({}, 'me'),
    );
    expect(pass.outbox).toEqual([low]);
  });

  it('counts an attempt exactly when another check held a claim past the lease', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10 * LEASE_MS, max: 10 * LEASE_MS }),
        fc.constantFrom('me', 'other'),
        (age, by) => {
          const claimedAt = new Date(NOW.getTime() - age).toISOString();
          const pass = expireLapsedClaims(
            passOf([entry('e', eventOf('LOW'), { chat: due({ claimedAt, claimedBy: by }) })]),
            contextOf({}, 'me'),
          );
          const lapsed = by !== 'me' && Math.abs(age) >= LEASE_MS;
          expect(deliveryIn(pass, 'e', 'chat')?.attempts).toBe(lapsed ? 1 : 0);
          expect(deliveryIn(pass, 'e', 'chat')?.claimedAt).toBe(lapsed ? undefined : claimedAt);
        },
      ),
    );
  });
});
