import type { Locale } from '../alerting/types';
import { formatAmount } from './text';

/**
 * Words for amounts, times and durations, in the reader's language and the schedule's time
 * zone: "28 nov. à 18 h 05" / "Nov 28, 6:05 pm". Pure: the zone and the locale are arguments.
 */

const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(iso: string, locale: Locale, timeZone: string) {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone,
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  const all = formatter.formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => all.find((p) => p.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), hour: Number(get('hour')), minute: get('minute') };
}

/** "18 h 05" / "6:05 pm" */
export function clockTime(iso: string, locale: Locale, timeZone: string): string {
  const p = parts(iso, locale, timeZone);
  if (locale === 'fr') return `${p.hour} h ${p.minute}`;
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${hour12}:${p.minute} ${p.hour < 12 ? 'am' : 'pm'}`;
}

/** "28 nov." / "Nov 28"; the first of the month is "1er déc." in French. */
export function dayOf(iso: string, locale: Locale, timeZone: string): string {
  const p = parts(iso, locale, timeZone);
  return locale === 'fr' ? `${p.day === '1' ? '1er' : p.day} ${p.month}` : `${p.month} ${p.day}`;
}

/** "28 nov. à 18 h 05" / "Nov 28, 6:05 pm" */
export function dateTime(iso: string, locale: Locale, timeZone: string): string {
  const time = clockTime(iso, locale, timeZone);
  return locale === 'fr'
    ? `${dayOf(iso, locale, timeZone)} à ${time}`
    : `${dayOf(iso, locale, timeZone)}, ${time}`;
}

/** The time alone when it falls on `reference`'s day, else the date and the time. */
export function timeNear(iso: string, reference: string, locale: Locale, timeZone: string): string {
  return dayOf(iso, locale, timeZone) === dayOf(reference, locale, timeZone)
    ? clockTime(iso, locale, timeZone)
    : dateTime(iso, locale, timeZone);
}

/** "Dakar (GMT)": the zone's city and its offset, named once in each e-mail. */
export function zoneName(iso: string, timeZone: string): string {
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
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
  const total = Math.max(0, Math.round(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (locale === 'fr') {
    const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
    if (days > 0)
      return hours > 0
        ? `${plural(days, 'jour')} et ${plural(hours, 'heure')}`
        : plural(days, 'jour');
    if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : plural(hours, 'heure');
    return `${mins} min`;
  }
  if (days > 0) return `${days} d${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins > 0 ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

/**
 * A balance as a sentence can state it: "XOF 45,000"; "empty (XOF 0)"; "overdrawn by XOF
 * 5,000" (never a negative amount a reader could misread).
 */
export function balancePhrase(balance: number, currency: string, locale: Locale): string {
  const amount = (value: number) => formatAmount(value, currency, locale);
  if (balance < 0)
    return locale === 'fr'
      ? `à découvert de ${amount(-balance)}`
      : `overdrawn by ${amount(-balance)}`;
  if (balance === 0) return locale === 'fr' ? `vide (${amount(0)})` : `empty (${amount(0)})`;
  return amount(balance);
}
