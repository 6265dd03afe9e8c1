import { describe, expect, it, vi } from 'vitest';
import { isTimeZone, ZONED_FORMAT_CACHE_SIZE, zonedFormat } from '../../lambda/contract/time-zone';

const ZONES = Intl.supportedValuesOf('timeZone');

describe('isTimeZone', () => {
  it('knows the IANA names Intl knows', () => {
    for (const zone of ['Africa/Dakar', 'Europe/Paris', 'America/New_York', 'UTC'])
      expect(isTimeZone(zone)).toBe(true);
  });

  it('refuses what is not a zone', () => {
    for (const zone of ['', 'Dakar', 'Africa/Atlantis', 'GMT+25', 'cron(0 8 * * ? *)'])
      expect(isTimeZone(zone)).toBe(false);
  });

  it('answers as an Intl formatter does, for the names Intl lists and for those it takes without listing', () => {
    const formatterTakes = (zone: string) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    };
    const unlisted = ['UTC', 'Etc/UTC', 'GMT', 'Asia/Kolkata', 'africa/dakar', 'AFRICA/DAKAR'];
    // The fallback is exercised: Intl takes some of these without listing them.
    expect(unlisted.some((zone) => !ZONES.includes(zone))).toBe(true);
    for (const zone of [...ZONES, ...unlisted, 'Africa/Atlantis', 'Europe/Pariss', ' Africa/Dakar'])
      expect(isTimeZone(zone), zone).toBe(formatterTakes(zone));
    expect(unlisted.every(isTimeZone)).toBe(true);
  });
});

describe('zonedFormat', () => {
  const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

  it('reads the wall clock in the zone it is given', () => {
    const at = new Date('2026-07-01T12:00:00Z');
    expect(zonedFormat('en-GB', 'Africa/Dakar', clock).format(at)).toBe('12:00');
    expect(zonedFormat('en-GB', 'Europe/Paris', clock).format(at)).toBe('14:00');
    expect(zonedFormat('en-GB', 'Africa/Dakar', clock).resolvedOptions().timeZone).toBe(
      'Africa/Dakar',
    );
  });

  it('builds a formatter once for the same locale, zone and options', () => {
    expect(zonedFormat('en-GB', 'Africa/Dakar', clock)).toBe(
      zonedFormat('en-GB', 'Africa/Dakar', { ...clock }),
    );
  });

  it('keeps apart formatters that differ in locale, zone or options', () => {
    const one = zonedFormat('en-GB', 'Africa/Dakar', clock);
    expect(zonedFormat('fr-FR', 'Africa/Dakar', clock)).not.toBe(one);
    expect(zonedFormat('en-GB', 'Europe/Paris', clock)).not.toBe(one);
    expect(zonedFormat('en-GB', 'Africa/Dakar', { ...clock, hourCycle: 'h12' })).not.toBe(one);
    expect(zonedFormat('en-GB', 'Africa/Dakar')).not.toBe(one);
  });

  it('throws for a zone Intl does not know, and keeps nothing for it', async () => {
    // A fresh copy of the module: an empty cache, whatever the other tests left in theirs.
    vi.resetModules();
    const fresh = await import('../../lambda/contract/time-zone');
    // One slot short of full.
    const first = ZONES.slice(0, ZONED_FORMAT_CACHE_SIZE - 1);
    const kept = first.map((zone) => fresh.zonedFormat('en', zone));
    // Refused every time, not remembered as an answer...
    expect(() => fresh.zonedFormat('en', 'Africa/Atlantis')).toThrow(RangeError);
    expect(() => fresh.zonedFormat('en', 'Africa/Atlantis')).toThrow(RangeError);
    // ...and it took no slot: one more zone still fits without emptying the cache.
    fresh.zonedFormat('en', ZONES[ZONED_FORMAT_CACHE_SIZE] ?? '');
    first.forEach((zone, i) => expect(fresh.zonedFormat('en', zone)).toBe(kept[i]));
  });

  it(`holds at most ${ZONED_FORMAT_CACHE_SIZE} formatters: full, it starts again`, async () => {
    // A fresh copy of the module: an empty cache, whatever the tests above left in theirs.
    vi.resetModules();
    const fresh = await import('../../lambda/contract/time-zone');
    expect(ZONES.length).toBeGreaterThan(ZONED_FORMAT_CACHE_SIZE);
    const first = ZONES.slice(0, ZONED_FORMAT_CACHE_SIZE);
    const kept = first.map((zone) => fresh.zonedFormat('en', zone));
    // All of them held: asking again builds nothing.
    first.forEach((zone, i) => expect(fresh.zonedFormat('en', zone)).toBe(kept[i]));
    // One more is past the bound: the cache is emptied and holds only the newest.
    const past = ZONES[ZONED_FORMAT_CACHE_SIZE] ?? '';
    const newest = fresh.zonedFormat('en', past);
    expect(fresh.zonedFormat('en', past)).toBe(newest);
    expect(fresh.zonedFormat('en', first[0] ?? '')).not.toBe(kept[0]);
  });
});
