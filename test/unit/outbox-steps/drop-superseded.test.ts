import { describe, expect, it } from 'vitest';
import { dropSuperseded } from '../../../lambda/delivery/steps/drop-superseded';
import { contextOf, due, entry, eventOf, kept, minutesFromNow, passOf } from './fixtures';

const held = due({ heldSince: minutesFromNow(-30), heldBy: 'quiet' });

describe('dropSuperseded', () => {
  it('drops a held level alert once a newer alert of its episode goes to that channel', () => {
    const low = entry('low', eventOf('LOW'), { chat: held, sns: held }, minutesFromNow(-30));
    const critical = entry('critical', eventOf('CRITICAL'), { chat: due() }, minutesFromNow(-5));
    const pass = dropSuperseded(passOf([low, critical]), contextOf());
    expect(kept(pass)).toEqual(['low/sns', 'critical/chat']);
  });

  it('keeps it when the newer one is held too, or older, or of another episode', () => {
    const low = entry('low', eventOf('LOW'), { chat: held }, minutesFromNow(-30));
    const heldCritical = entry('c1', eventOf('CRITICAL'), { chat: held }, minutesFromNow(-5));
    const olderCritical = entry('c2', eventOf('CRITICAL'), { chat: due() }, minutesFromNow(-40));
    const failing = entry('failing', eventOf('FAILING'), { chat: due() }, minutesFromNow(-5));
    const pass = dropSuperseded(passOf([low, heldCritical, olderCritical, failing]), contextOf());
    expect(kept(pass)).toEqual(['low/chat', 'c1/chat', 'c2/chat', 'failing/chat']);
  });

  it('keeps a held alert that is no level alert (a RECOVERED ends the story, it tells none of it)', () => {
    const recovered = entry('recovered', eventOf('RECOVERED'), { chat: held }, minutesFromNow(-30));
    const reminder = entry(
      'reminder',
      eventOf('REMINDER', 'LOW'),
      { chat: due() },
      minutesFromNow(-5),
    );
    expect(kept(dropSuperseded(passOf([recovered, reminder]), contextOf()))).toEqual([
      'recovered/chat',
      'reminder/chat',
    ]);
  });

  it('withdraws the claim of what it drops, and keeps the claims of released entries', () => {
    const low = entry('low', eventOf('LOW'), { chat: held }, minutesFromNow(-30));
    const critical = entry('critical', eventOf('CRITICAL'), { chat: due() }, minutesFromNow(-5));
    const released = entry('held', eventOf('HELD'), { chat: due() });
    const pass = dropSuperseded(
      passOf([low, critical], {
        releasedEntries: [released],
        claims: [
          { entryId: 'low', channel: 'chat', entry: low },
          { entryId: 'held', channel: 'chat', entry: released },
        ],
      }),
      contextOf(),
    );
    expect(pass.claims.map((c) => c.entryId)).toEqual(['held']);
  });

  it('drops a held CRITICAL or reminder too, but never a held FAILING', () => {
    const critical = entry('critical', eventOf('CRITICAL'), { chat: held }, minutesFromNow(-30));
    const reminder = entry(
      'reminder',
      eventOf('REMINDER', 'LOW'),
      { chat: held },
      minutesFromNow(-20),
    );
    const newer = entry('newer', eventOf('REMINDER', 'LOW'), { chat: due() }, minutesFromNow(-5));
    expect(kept(dropSuperseded(passOf([critical, reminder, newer]), contextOf()))).toEqual([
      'newer/chat',
    ]);
    const failing = entry('failing', eventOf('FAILING'), { chat: held }, minutesFromNow(-30));
    const failingReminder = entry(
      'again',
      eventOf('REMINDER', 'FAILING'),
      { chat: due() },
      minutesFromNow(-5),
    );
    expect(kept(dropSuperseded(passOf([failing, failingReminder]), contextOf()))).toEqual([
      'failing/chat',
      'again/chat',
    ]);
  });

  it('keeps a held alert made at the same time as the one the channel hears', () => {
    const low = entry('low', eventOf('LOW'), { chat: held }, minutesFromNow(-5));
    const critical = entry('critical', eventOf('CRITICAL'), { chat: due() }, minutesFromNow(-5));
    expect(kept(dropSuperseded(passOf([low, critical]), contextOf()))).toEqual([
      'low/chat',
      'critical/chat',
    ]);
  });

  it('weighs a held alert against the newest the channel hears, wherever it sits in the outbox', () => {
    const critical = entry('critical', eventOf('CRITICAL'), { chat: due() }, minutesFromNow(-5));
    const older = entry('older', eventOf('REMINDER', 'LOW'), { chat: due() }, minutesFromNow(-40));
    const low = entry('low', eventOf('LOW'), { chat: held }, minutesFromNow(-30));
    expect(kept(dropSuperseded(passOf([critical, older, low]), contextOf()))).toEqual([
      'critical/chat',
      'older/chat',
    ]);
  });
});
