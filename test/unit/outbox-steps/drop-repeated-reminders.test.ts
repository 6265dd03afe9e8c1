import { describe, expect, it } from 'vitest';
import { dropRepeatedReminders } from '../../../lambda/delivery/steps/drop-repeated-reminders';
import {
  BALANCE_EPISODE,
  contextOf,
  due,
  entry,
  eventOf,
  kept,
  minutesFromNow,
  passOf,
} from './fixtures';

const reminder = (id: string, createdMinutes: number, extra = {}) =>
  entry(id, eventOf('REMINDER', 'LOW'), { chat: due(extra) }, minutesFromNow(createdMinutes));
const hourly = contextOf({ repeatAfterMinutes: 60 });

describe('dropRepeatedReminders', () => {
  it('drops a new reminder of an episode its channel hears of from a release now', () => {
    const pass = dropRepeatedReminders(
      passOf([reminder('r', 0), entry('s', eventOf('REMINDER', 'LOW'), { sns: due() })], {
        releasing: new Map([['chat', new Set([BALANCE_EPISODE])]]),
      }),
      hourly,
    );
    expect(kept(pass)).toEqual(['s/sns']);
  });

  it('drops one made within half an interval after a standing release of its episode', () => {
    const releases = [{ channel: 'chat', episode: BALANCE_EPISODE, at: minutesFromNow(-40) }];
    const pass = dropRepeatedReminders(
      passOf([reminder('before', -41), reminder('soon', -11), reminder('later', -10)], {
        releases,
      }),
      hourly,
    );
    // -11 is 29 minutes after the release: within 30; -10 is the next reminder.
    expect(kept(pass)).toEqual(['before/chat', 'later/chat']);
  });

  it('leaves a reminder already attempted, one held, and any other alert', () => {
    const releasing = new Map([['chat', new Set([BALANCE_EPISODE])]]);
    const pass = dropRepeatedReminders(
      passOf(
        [
          reminder('tried', 0, { attempts: 1 }),
          reminder('held', 0, { heldSince: minutesFromNow(-5), heldBy: 'quiet' }),
          entry('critical', eventOf('CRITICAL'), { chat: due() }),
          entry('failing', eventOf('REMINDER', 'FAILING'), { chat: due() }),
        ],
        { releasing },
      ),
      hourly,
    );
    expect(kept(pass)).toEqual(['tried/chat', 'held/chat', 'critical/chat', 'failing/chat']);
  });

  it('drops only a reminder of the released episode, on the released channel, made at it or after', () => {
    const at = minutesFromNow(-20);
    const releases = [
      { channel: 'sns', episode: BALANCE_EPISODE, at },
      { channel: 'chat', episode: 'b:2026-11-01T00:00:00.000Z', at },
    ];
    const pass = dropRepeatedReminders(passOf([reminder('other', -10)], { releases }), hourly);
    expect(kept(pass)).toEqual(['other/chat']);
    const atRelease = dropRepeatedReminders(
      passOf([reminder('at', -20)], {
        releases: [{ channel: 'chat', episode: BALANCE_EPISODE, at }],
      }),
      hourly,
    );
    expect(kept(atRelease)).toEqual([]);
  });
});
