import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../../lambda/delivery/claim-pass';
import type { HoldReason } from '../../../lambda/delivery/holds';
import { hold } from '../../../lambda/delivery/steps/hold';
import { AT, contextOf, deliveryIn, due, entry, eventOf, minutesFromNow, passOf } from './fixtures';

const holds = (pairs: [string, string, HoldReason][]) =>
  new Map(pairs.map(([id, channel, reason]) => [deliveryKey(id, channel), reason]));

describe('hold', () => {
  it('stamps what a hold keeps with now and why, and leaves the rest as it was', () => {
    const low = entry('low', eventOf('LOW'), { chat: due({ attempts: 2 }), sns: due() });
    const pass = hold(passOf([low], { holds: holds([['low', 'chat', 'quiet']]) }), contextOf());
    expect(deliveryIn(pass, 'low', 'chat')).toEqual({
      ...due({ attempts: 2 }),
      heldSince: AT,
      heldBy: 'quiet',
    });
    expect(deliveryIn(pass, 'low', 'sns')).toBe(low.deliveries.sns);
  });

  it('keeps since when a delivery has been held, and says why it is held now', () => {
    const since = minutesFromNow(-90);
    const low = entry('low', eventOf('LOW'), { chat: due({ heldSince: since, heldBy: 'quiet' }) });
    const pass = hold(passOf([low], { holds: holds([['low', 'chat', 'silence']]) }), contextOf());
    expect(deliveryIn(pass, 'low', 'chat')).toMatchObject({ heldSince: since, heldBy: 'silence' });
  });

  it('drops an entry left with no delivery', () => {
    const empty = entry('empty', eventOf('LOW'), {});
    expect(hold(passOf([empty]), contextOf()).outbox).toEqual([]);
  });
});
