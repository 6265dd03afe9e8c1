import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../lambda/alerting/types';
import { holdOf, isQuiet, kindOf, type QuietHours } from '../../../lambda/delivery/holds';
import { due, entry, eventOf } from './fixtures';

/** Whether a delivery waits now: a silence of the account, or its channel's quiet hours. */

const utc = (hhmm: string) => new Date(`2026-12-03T${hhmm}:00.000Z`);
// Dakar is on UTC all year; Paris is an hour ahead in December.
const night = { from: '22:30', to: '07:00', timeZone: 'Africa/Dakar' };
const lunch = { from: '13:00', to: '14:30', timeZone: 'Africa/Dakar' };

describe('isQuiet', () => {
  it('quiet hours over midnight hold from their start up to, not including, their end', () => {
    const quiet = (hhmm: string) => isQuiet(utc(hhmm), night);
    expect(['22:29', '22:30', '23:59', '00:00', '06:59', '07:00', '12:00'].map(quiet)).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('quiet hours within a day hold from their start up to, not including, their end', () => {
    const quiet = (hhmm: string) => isQuiet(utc(hhmm), lunch);
    expect(['12:59', '13:00', '14:29', '14:30', '23:00', '03:00'].map(quiet)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('reads the clock in the time zone of the quiet hours', () => {
    expect(isQuiet(utc('21:45'), night)).toBe(false);
    expect(isQuiet(utc('21:45'), { ...night, timeZone: 'Europe/Paris' })).toBe(true);
    expect(isQuiet(utc('06:30'), { ...night, timeZone: 'Europe/Paris' })).toBe(false);
  });

  it('quiet hours that end when they start hold nothing', () => {
    const empty = { from: '08:00', to: '08:00', timeZone: 'Africa/Dakar' };
    expect(['07:59', '08:00', '20:00'].map((t) => isQuiet(utc(t), empty))).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('kindOf', () => {
  it('takes what ends an alert as that alert', () => {
    const recovered = eventOf('RECOVERED') as Extract<AlertEvent, { severity: 'RECOVERED' }>;
    expect(kindOf(recovered)).toBe(recovered.peak);
    expect(kindOf(eventOf('FAILING_RESOLVED'))).toBe('FAILING');
    expect(kindOf(eventOf('STALE_RESOLVED'))).toBe('STALE');
  });
});

describe('holdOf', () => {
  const silence = (from: string, until: string, severities?: string[]) => ({
    id: 's',
    from: utc(from).toISOString(),
    until: utc(until).toISOString(),
    ...(severities === undefined ? {} : { severities }),
  });
  const quiet: QuietHours = { ...night, allow: ['CRITICAL'] };
  const of = (severity: 'LOW' | 'CRITICAL') => entry('e', eventOf(severity), { chat: due() });

  it('a silence holds from its start up to, not including, its end', () => {
    const s = [silence('10:00', '11:00')];
    expect(holdOf(of('LOW'), undefined, s, new Date(utc('10:00').getTime() - 1))).toBeUndefined();
    expect(holdOf(of('LOW'), undefined, s, utc('10:00'))).toBe('silence');
    expect(holdOf(of('LOW'), undefined, s, new Date(utc('11:00').getTime() - 1))).toBe('silence');
    expect(holdOf(of('LOW'), undefined, s, utc('11:00'))).toBeUndefined();
  });

  it('a silence of some severities holds only those', () => {
    const s = [silence('10:00', '11:00', ['FAILING'])];
    expect(holdOf(of('LOW'), undefined, s, utc('10:30'))).toBeUndefined();
    expect(holdOf(of('LOW'), undefined, [silence('10:00', '11:00', ['LOW'])], utc('10:30'))).toBe(
      'silence',
    );
  });

  it('quiet hours hold what they do not let through; a silence is said first', () => {
    expect(holdOf(of('LOW'), quiet, [], utc('23:00'))).toBe('quiet');
    expect(holdOf(of('CRITICAL'), quiet, [], utc('23:00'))).toBeUndefined();
    expect(holdOf(of('LOW'), quiet, [], utc('12:00'))).toBeUndefined();
    expect(holdOf(of('LOW'), quiet, [silence('22:00', '23:30')], utc('23:00'))).toBe('silence');
  });
});
