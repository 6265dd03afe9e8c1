import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../lambda/alerting/types';
import { deliveryKey, type ClaimOptions } from '../../../lambda/delivery/claim-pass';
import { releaseEndedHolds } from '../../../lambda/delivery/steps/release-ended-holds';
import { boundPropertyRuns } from '../../support/fast-check';
import {
  AT,
  BALANCE_EPISODE,
  contextOf,
  due,
  entry,
  eventOf,
  kept,
  legacyEntry,
  minutesFromNow,
  passOf,
} from './fixtures';

boundPropertyRuns();

const judged: ClaimOptions = { stillTrue: (events) => [...events] };
const held = (heldBy: 'silence' | 'quiet' = 'quiet') =>
  due({ heldSince: minutesFromNow(-60), heldBy });

describe('releaseEndedHolds', () => {
  it('takes out a held delivery whose hold ended, into its channel group, with its reason', () => {
    const low = entry('low', eventOf('LOW'), { chat: held('quiet'), sns: due() });
    const pass = releaseEndedHolds(passOf([low]), contextOf(judged));
    expect(kept(pass)).toEqual(['low/sns']);
    expect(pass.released.get('chat')).toEqual({ events: [low.event], reason: 'quiet' });
    expect(pass.releasing.get('chat')).toEqual(new Set([BALANCE_EPISODE]));
  });

  it('leaves what a hold still keeps', () => {
    const low = entry('low', eventOf('LOW'), { chat: held() });
    const pass = releaseEndedHolds(
      passOf([low], { holds: new Map([[deliveryKey('low', 'chat'), 'quiet']]) }),
      contextOf(judged),
    );
    expect(kept(pass)).toEqual(['low/chat']);
    expect(pass.released.size).toBe(0);
    expect(pass.releasing.size).toBe(0);
  });

  it("joins this check's own new alert on a releasing channel to the release", () => {
    const failing = entry('failing', eventOf('FAILING'), { chat: held('silence') });
    const resolved = entry(
      'resolved',
      eventOf('FAILING_RESOLVED'),
      { chat: due(), sns: due() },
      AT,
    );
    const pass = releaseEndedHolds(passOf([failing, resolved]), contextOf(judged));
    expect(kept(pass)).toEqual(['resolved/sns']);
    expect(pass.released.get('chat')?.events).toEqual([failing.event, resolved.event]);
  });

  it('does not join an older alert, a reminder made now, or a migrated entry', () => {
    const low = entry('low', eventOf('LOW'), { chat: held() });
    const older = entry('older', eventOf('RECOVERED'), { chat: due() });
    const reminder = entry('reminder', eventOf('REMINDER', 'LOW'), { chat: due() }, AT);
    const legacy = { ...legacyEntry('legacy', { chat: due() }), createdAt: AT };
    const pass = releaseEndedHolds(passOf([low, older, reminder, legacy]), contextOf(judged));
    expect(kept(pass)).toEqual(['older/chat', 'reminder/chat', 'legacy/chat']);
  });

  it('lets a held reminder mark its channel as releasing without naming its episode', () => {
    const reminder = entry('reminder', eventOf('REMINDER', 'LOW'), { chat: held() });
    const pass = releaseEndedHolds(passOf([reminder]), contextOf(judged));
    expect(pass.releasing.get('chat')).toEqual(new Set());
    expect(pass.released.get('chat')?.events).toEqual([reminder.event]);
  });

  it('takes the group reason from the first delivery released on the channel', () => {
    const a = entry('a', eventOf('LOW'), { chat: held('silence') });
    const b = entry('b', eventOf('CRITICAL'), { chat: held('quiet') });
    expect(releaseEndedHolds(passOf([a, b]), contextOf(judged)).released.get('chat')?.reason).toBe(
      'silence',
    );
    expect(releaseEndedHolds(passOf([b, a]), contextOf(judged)).released.get('chat')?.reason).toBe(
      'quiet',
    );
  });

  it('does nothing without a stillTrue judge: an ended hold then lets each go alone', () => {
    const pass = passOf([entry('low', eventOf('LOW'), { chat: held() })]);
    expect(releaseEndedHolds(pass, contextOf())).toBe(pass);
  });

  it('loses no delivery: each one stays or is in its channel group', () => {
    const events: AlertEvent[] = ['LOW', 'CRITICAL', 'FAILING', 'RECOVERED', 'DIGEST'].map((s) =>
      eventOf(s as AlertEvent['severity']),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            event: fc.constantFrom(...events),
            now: fc.boolean(),
            chat: fc.constantFrom('due', 'held', 'none'),
            sns: fc.constantFrom('due', 'held', 'none'),
          }),
          { maxLength: 8 },
        ),
        (specs) => {
          const outbox = specs.flatMap((s, i) => {
            const deliveries = Object.fromEntries(
              (['chat', 'sns'] as const)
                .filter((c) => s[c] !== 'none')
                .map((c) => [c, s[c] === 'held' ? held() : due()]),
            );
            return Object.keys(deliveries).length === 0
              ? []
              : [entry(`e${i}`, s.event, deliveries, s.now ? AT : minutesFromNow(-5))];
          });
          const pass = releaseEndedHolds(passOf(outbox), contextOf(judged));
          const before = outbox.flatMap((e) => Object.keys(e.deliveries)).length;
          const grouped = [...pass.released.values()].flatMap((g) => g.events).length;
          expect(kept(pass).length + grouped).toBe(before);
          for (const e of pass.outbox)
            for (const d of Object.values(e.deliveries)) expect(d.heldSince).toBeUndefined();
        },
      ),
    );
  });

  it('a held delivery without a recorded reason was held by a silence', () => {
    const low = entry('low', eventOf('LOW'), { chat: due({ heldSince: minutesFromNow(-60) }) });
    const pass = releaseEndedHolds(passOf([low]), contextOf(judged));
    expect(pass.released.get('chat')?.reason).toBe('silence');
  });

  it("this check's new alert, first on its channel, opens the group as a silence's", () => {
    const resolved = entry('resolved', eventOf('FAILING_RESOLVED'), { chat: due() }, AT);
    const failing = entry('failing', eventOf('FAILING'), { chat: held('quiet') });
    const pass = releaseEndedHolds(passOf([resolved, failing]), contextOf(judged));
    expect(pass.released.get('chat')).toEqual({
      events: [resolved.event, failing.event],
      reason: 'silence',
    });
  });

  it('keeps the groups an earlier step released, and a migrated entry names no episode', () => {
    const earlier = { events: [eventOf('FAILING')], reason: 'quiet' as const };
    const legacy = legacyEntry('legacy', { chat: held() });
    const pass = releaseEndedHolds(
      passOf([legacy], { released: new Map([['sns', earlier]]) }),
      contextOf(judged),
    );
    expect(pass.released.get('sns')).toEqual(earlier);
    expect(pass.releasing.has('chat')).toBe(false);
  });
});
