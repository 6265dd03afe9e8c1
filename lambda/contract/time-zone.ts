import * as z from './zod';
/**
 * Time zones, for the function and the stack alike: whether Intl knows one (the schedule's,
 * the texts', a channel's quiet hours), and the one cache of the formatters that read a wall
 * clock in one.
 */

/** The zone everything defaults to: the product's home market. */
export const DEFAULT_TIME_ZONE = 'Africa/Dakar';

/** The zones Intl lists: its canonical IANA names, read once. */
let listed: ReadonlySet<string> | undefined;

/**
 * Whether Intl knows the zone: an IANA name such as Africa/Dakar. The list first: reading it
 * takes about 1 ms, while the first formatter a process builds takes 12 to 17 ms (Intl's date
 * data loaded), which a quiet check would otherwise pay at every cold start only to validate
 * its own environment (BENCHMARKS.md). A formatter then decides what the list does not name,
 * as Intl does everywhere: aliases (UTC, Asia/Kolkata) and any letter case.
 */
export function isTimeZone(zone: string): boolean {
  listed ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (listed.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * How many formatters are kept. Building one costs far more than using it, and the texts, the
 * holds and the cron reader ask for the same few again and again (a handful of zones, a few
 * shapes); the bound only keeps a caller that meets endless distinct zones from growing the
 * cache without limit.
 */
export const ZONED_FORMAT_CACHE_SIZE = 64;

/**
 * Zone, then locale, then options. Nested rather than one joined key: a lookup is on the hot
 * path of every cron run and every hold, and joining a key string costs more than the three
 * lookups of strings already hashed.
 */
const formats = new Map<string, Map<string, Map<string, Intl.DateTimeFormat>>>();
let count = 0;
const NO_OPTIONS = {};

/** Each options object's part of the key, written once: callers pass the same constant. */
const optionKeys = new WeakMap<object, string>();
function optionKey(options: object): string {
  let key = optionKeys.get(options);
  if (key === undefined) {
    key = JSON.stringify(options);
    optionKeys.set(options, key);
  }
  return key;
}

/**
 * The formatter for `locale`, `timeZone` and `options` (its `timeZone` set from the argument),
 * built once and then shared. When the cache is full it is emptied: the few in use are built
 * again at once, and no run of distinct zones can hold more than the bound. Throws, as Intl
 * does, a RangeError for a zone Intl does not know.
 */
export function zonedFormat(
  locale: string,
  timeZone: string,
  options: Omit<Intl.DateTimeFormatOptions, 'timeZone'> = NO_OPTIONS,
): Intl.DateTimeFormat {
  const shape = optionKey(options);
  const cached = formats.get(timeZone)?.get(locale)?.get(shape);
  if (cached !== undefined) return cached;
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
  if (count >= ZONED_FORMAT_CACHE_SIZE) {
    formats.clear();
    count = 0;
  }
  let byLocale = formats.get(timeZone);
  if (byLocale === undefined) {
    byLocale = new Map();
    formats.set(timeZone, byLocale);
  }
  let byShape = byLocale.get(locale);
  if (byShape === undefined) {
    byShape = new Map();
    byLocale.set(locale, byShape);
  }
  byShape.set(shape, format);
  count += 1;
  return format;
}

/** A time zone field, as the function's environment and the deploy config both check it. */
export const timeZoneSchema = z
  .string()
  .check(z.refine(isTimeZone, { error: 'must be an IANA time zone such as Africa/Dakar' }));
