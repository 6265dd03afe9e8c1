import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../../lambda/delivery/claim-pass';
import { MAX_CLAIMS_PER_CHANNEL } from '../../../lambda/delivery/limits';
import { claimWithinBudget } from '../../../lambda/delivery/steps/claim-within-budget';
import { boundPropertyRuns } from '../../support/fast-check';
import { AT, contextOf, deliveryIn, due, entry, eventOf, minutesFromNow, passOf } from './fixtures';

boundPropertyRuns();

const claimedKeys = (pass: ReturnType<typeof claimWithinBudget>) =>
  pass.claims.map((c) => `${c.entryId}/${c.channel}`);

describe('claimWithinBudget', () => {
  it('claims what is due, stamped with the time and this check', () => {
    const low = entry('low', eventOf('LOW'), { chat: due() });
    const pass = claimWithinBudget(passOf([low]), contextOf({}, 'me'));
    expect(pass.claims).toEqual([{ entryId: 'low', channel: 'chat', entry: low }]);
    expect(deliveryIn(pass, 'low', 'chat')).toEqual({ ...due(), claimedAt: AT, claimedBy: 'me' });
  });

  it("claims nothing in backoff, under another check's lease, or held", () => {
    const low = entry('low', eventOf('LOW'), {
      chat: due({ notBefore: minutesFromNow(1) }),
      sns: due({ claimedAt: minutesFromNow(-1), claimedBy: 'other' }),
      hook: due(),
    });
    const pass = claimWithinBudget(
      passOf([low], { holds: new Map([[deliveryKey('low', 'hook'), 'quiet']]) }),
      contextOf({}, 'me'),
    );
    expect(pass.claims).toEqual([]);
    expect(pass.outbox).toEqual([low]);
  });

  it('puts first attempts first, then the retries due the longest, then outbox order', () => {
    const retry = (id: string, minutes: number) =>
      entry(id, eventOf('LOW'), { chat: due({ attempts: 1, notBefore: minutesFromNow(minutes) }) });
    const pass = claimWithinBudget(
      passOf(
        [retry('late', -1), retry('early', -9), entry('new', eventOf('CRITICAL'), { chat: due() })],
        {
          releasedEntries: [entry('released', eventOf('HELD'), { chat: due() })],
        },
      ),
      contextOf(),
    );
    expect(claimedKeys(pass)).toEqual(['new/chat', 'released/chat', 'early/chat', 'late/chat']);
  });

  it('claims at most MAX_CLAIMS_PER_CHANNEL on each channel, each channel alike', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ chat: fc.boolean(), sns: fc.boolean(), attempts: fc.nat(3) }), {
          maxLength: 3 * MAX_CLAIMS_PER_CHANNEL,
        }),
        (specs) => {
          const outbox = specs.flatMap((s, i) => {
            const channels = (['chat', 'sns'] as const).filter((c) => s[c]);
            const deliveries = Object.fromEntries(
              channels.map((c) => [
                c,
                due({ attempts: s.attempts, notBefore: minutesFromNow(-i) }),
              ]),
            );
            return channels.length === 0 ? [] : [entry(`e${i}`, eventOf('LOW'), deliveries)];
          });
          const pass = claimWithinBudget(passOf(outbox), contextOf());
          for (const channel of ['chat', 'sns']) {
            const dueThere = outbox.filter((e) => e.deliveries[channel] !== undefined).length;
            const claimed = pass.claims.filter((c) => c.channel === channel);
            expect(claimed).toHaveLength(Math.min(dueThere, MAX_CLAIMS_PER_CHANNEL));
            // First attempts before retries.
            const firsts = claimed.map((c) => c.entry.deliveries[channel]?.attempts === 0);
            expect(firsts).toEqual([...firsts].sort((a, b) => Number(b) - Number(a)));
            for (const c of claimed)
              expect(deliveryIn(pass, c.entryId, channel)?.claimedAt).toBe(AT);
          }
        },
      ),
    );
  });

  it('of alerts alike, claims them in the order they were queued', () => {
    const alike = Array.from({ length: MAX_CLAIMS_PER_CHANNEL + 2 }, (_, i) =>
      entry(`e${String(i).padStart(2, '0')}`, eventOf('LOW'), { chat: due() }),
    );
    const pass = claimWithinBudget(passOf(alike), contextOf({}, 'me'));
    expect(claimedKeys(pass)).toEqual(
      alike.slice(0, MAX_CLAIMS_PER_CHANNEL).map((e) => `${e.id}/chat`),
    );
  });

  it('without a check id, a claim names nobody', () => {
    const low = entry('low', eventOf('LOW'), { chat: due() });
    const claimed = deliveryIn(claimWithinBudget(passOf([low]), contextOf()), 'low', 'chat');
    expect(claimed?.claimedAt).toBe(AT);
    expect(claimed).not.toHaveProperty('claimedBy');
  });
});
