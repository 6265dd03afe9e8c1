import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../../lambda/delivery/claim-pass';
import type { HoldReason } from '../../../lambda/delivery/holds';
import { judgeHolds } from '../../../lambda/delivery/steps/judge-holds';
import { boundPropertyRuns } from '../../support/fast-check';
import { contextOf, due, entry, eventOf, legacyEntry, passOf } from './fixtures';

boundPropertyRuns();

describe('judgeHolds', () => {
  const low = entry('low', eventOf('LOW'), { chat: due(), sns: due() });
  const critical = entry('critical', eventOf('CRITICAL'), { chat: due() });

  it('records, per entry and channel, the hold options.holds answers', () => {
    const pass = judgeHolds(
      passOf([low, critical]),
      contextOf({
        holds: (e, channel) =>
          e.event.severity === 'LOW' && channel === 'chat' ? 'quiet' : undefined,
      }),
    );
    expect([...pass.holds]).toEqual([[deliveryKey('low', 'chat'), 'quiet']]);
    expect(pass.outbox).toEqual([low, critical]);
  });

  it('never holds a migrated entry, which only its own SNS text can deliver', () => {
    const pass = judgeHolds(
      passOf([legacyEntry('old', { sns: due() })]),
      contextOf({ holds: () => 'silence' }),
    );
    expect(pass.holds.size).toBe(0);
  });

  it('holds nothing without a holds option', () => {
    expect(judgeHolds(passOf([low]), contextOf()).holds.size).toBe(0);
  });

  it('records exactly the deliveries holds answers for, with its answer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.subarray(['chat', 'sns', 'hook'], { minLength: 1 }), { maxLength: 6 }),
        fc.func(fc.constantFrom<HoldReason | undefined>(undefined, 'silence', 'quiet')),
        (channelsPerEntry, answer) => {
          const outbox = channelsPerEntry.map((channels, i) =>
            entry(`e${i}`, eventOf('LOW'), Object.fromEntries(channels.map((c) => [c, due()]))),
          );
          const holds = (e: { id: string }, channel: string) => answer(e.id, channel);
          const pass = judgeHolds(passOf(outbox), contextOf({ holds }));
          for (const e of outbox)
            for (const channel of Object.keys(e.deliveries))
              expect(pass.holds.get(deliveryKey(e.id, channel))).toBe(holds(e, channel));
          expect(pass.holds.size).toBe(
            outbox.flatMap((e) => Object.keys(e.deliveries).filter((c) => holds(e, c))).length,
          );
        },
      ),
    );
  });
});
