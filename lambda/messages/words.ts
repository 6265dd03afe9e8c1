import type { Locale } from '../alerting/types';
import { durationFacts } from './facts';
import { catalogOf } from './locales/all';
import { zonedFormat } from '../contract/time-zone';

/**
 * Words for amounts, times and durations, in the reader's language and the schedule's time
 * zone: "28 nov. à 18 h 05" / "Nov 28, 6:05 pm". Pure: the zone and the locale are arguments.
 */

const DAY_AND_TIME = {
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
} as const;
const ZONE_OFFSET = { timeZoneName: 'shortOffset' } as const;

function parts(iso: string, locale: Locale, timeZone: string) {
  const all = zonedFormat(catalogOf(locale).intl.tag, timeZone, DAY_AND_TIME).formatToParts(
    new Date(iso),
  );
  const get = (type: Intl.DateTimeFormatPartTypes) => all.find((p) => p.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), hour: Number(get('hour')), minute: get('minute') };
}

/** "18 h 05" / "6:05 pm" */
export function clockTime(iso: string, locale: Locale, timeZone: string): string {
  const p = parts(iso, locale, timeZone);
  return catalogOf(locale).words.clockTime({ hour: p.hour, minute: p.minute });
}

/** "28 nov." / "Nov 28"; the first of the month is "1er déc." in French. */
export function dayOf(iso: string, locale: Locale, timeZone: string): string {
  const p = parts(iso, locale, timeZone);
  return catalogOf(locale).words.day({ day: p.day, month: p.month });
}

/** "28 nov. à 18 h 05" / "Nov 28, 6:05 pm" */
export function dateTime(iso: string, locale: Locale, timeZone: string): string {
  const time = clockTime(iso, locale, timeZone);
  return catalogOf(locale).words.dateTime(dayOf(iso, locale, timeZone), time);
}

/** The time alone when it falls on `reference`'s day, else the date and the time. */
export function timeNear(iso: string, reference: string, locale: Locale, timeZone: string): string {
  return dayOf(iso, locale, timeZone) === dayOf(reference, locale, timeZone)
    ? clockTime(iso, locale, timeZone)
    : dateTime(iso, locale, timeZone);
}

/**
 * A time with its preposition: "at 6:05 pm" / "à 18 h 05" on `reference`'s day, else "on Nov 28
 * at 6:05 pm" / "le 28 nov. à 18 h 05".
 */
export function atTimeNear(
  iso: string,
  reference: string,
  locale: Locale,
  timeZone: string,
): string {
  const say = catalogOf(locale).words;
  const time = clockTime(iso, locale, timeZone);
  const day = dayOf(iso, locale, timeZone);
  return day === dayOf(reference, locale, timeZone) ? say.atTime(time) : say.onDate(day, time);
}

/** "on Nov 28 at 6:05 pm" / "le 28 nov. à 18 h 05": a date and time with its preposition. */
export function onDateTime(iso: string, locale: Locale, timeZone: string): string {
  return catalogOf(locale).words.onDate(
    dayOf(iso, locale, timeZone),
    clockTime(iso, locale, timeZone),
  );
}

/** "Dakar (GMT)": the zone's city and its offset, named once in each e-mail. */
export function zoneName(iso: string, timeZone: string): string {
  const offset =
    zonedFormat('en-US', timeZone, ZONE_OFFSET)
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')
      ?.value // ICU versions differ: some say "GMT+0" where others say "GMT".
      .replace(/^GMT[+-]0$/, 'GMT') ?? '';
  const city = (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
  return offset === '' || offset === city ? city : `${city} (${offset})`;
}

/**
 * "45 min", "3 h 20 min", "2 d 4 h" in English. In French a whole number of hours or days is
 * written out ("6 heures", "2 jours et 4 heures"): "depuis 6 h" would read as "since 6 o'clock";
 * "3 h 20 min" keeps its "min" and cannot be read as a time.
 */
export function formatDuration(minutes: number, locale: Locale): string {
  return catalogOf(locale).words.duration(durationFacts(minutes));
}

/**
 * A duration in a sentence read at leisure (an e-mail's lines): "3 hours 20 minutes" in
 * English, where `formatDuration` says "3 h 20 min" for an SMS or a subject; French prose
 * keeps its own ("3 h 20 min", "6 heures").
 */
export function durationInProse(minutes: number, locale: Locale): string {
  return catalogOf(locale).words.durationInProse(durationFacts(minutes));
}
