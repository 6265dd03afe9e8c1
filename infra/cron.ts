import { zonedFormat } from '../lambda/contract/time-zone';

/**
 * EventBridge Scheduler cron expressions: parsed into the sets of values each field allows, and
 * the runs they plan, so that the dead-man switch can know the longest planned gap between two
 * checks. Six fields, `minutes hours day-of-month month day-of-week year`:
 *
 * - every field takes `*`, a value, a range `a-b` (wrapping past the field's end, `20-2` for hours),
 *   a step `a/n`, `*` + `/n` or `a-b/n`, and comma lists of these;
 * - day-of-month also takes `?`, `L` (last day), `nW` (the weekday nearest day n) and `LW`;
 * - day-of-week (1 = SUN ... 7 = SAT, or SUN-SAT) also takes `?`, `L` (Saturday), `nL` (the month's
 *   last day n) and `n#k` (its k-th day n);
 * - exactly one of day-of-month and day-of-week is `?`.
 */

export class CronSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59 };
const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week',
  min: 1,
  max: 7,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};
const YEAR: FieldSpec = { name: 'year', min: 1970, max: 2199 };

/** The days of one month a day rule allows. */
type DayRule = (year: number, month: number) => Set<number>;

export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  /** The days (1-31) of a month on which it runs. */
  readonly days: DayRule;
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const number = named >= 0 ? spec.min + named : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(number) || number < spec.min || number > spec.max) {
    throw new CronSyntaxError(
      `cron field ${spec.name}: "${text}" is not a value from ${spec.min} to ${spec.max}${spec.names === undefined ? '' : ` or ${spec.names[0] ?? ''}-${spec.names[spec.names.length - 1] ?? ''}`}`,
    );
  }
  return number;
}

/** `*`, `a`, `a-b`, each optionally `/step`, comma-separated: the set of values. */
function valueSet(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range = '', stepText, extra] = item.split('/');
    if (extra !== undefined || range === '')
      throw new CronSyntaxError(`cron field ${spec.name}: "${item}" is not valid`);
    const step = stepText === undefined ? 1 : Number(stepText);
    const size = spec.max - spec.min + 1;
    if (stepText !== undefined && (!/^\d+$/.test(stepText) || step < 1 || step >= size))
      throw new CronSyntaxError(
        `cron field ${spec.name}: step "${stepText}" must be from 1 to ${size - 1}`,
      );
    let start: number;
    let end: number;
    if (range === '*') {
      start = spec.min;
      end = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = '', more] = range.split('-');
      if (more !== undefined)
        throw new CronSyntaxError(`cron field ${spec.name}: "${item}" is not valid`);
      start = value(a, spec);
      end = value(b, spec);
    } else {
      start = value(range, spec);
      // "5/15" runs from 5 to the field's end; "5" alone is just 5.
      end = stepText === undefined ? start : spec.max;
    }
    // A range that wraps (hours 20-2) runs to the field's end and on from its start.
    const span = end >= start ? end - start : end - start + (spec.max - spec.min + 1);
    for (let offset = 0; offset <= span; offset += step) {
      const v = start + offset;
      out.add(v > spec.max ? v - (spec.max - spec.min + 1) : v);
    }
  }
  return out;
}

const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 1 = Sunday ... 7 = Saturday, as EventBridge numbers them. */
const weekday = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

/** The weekday (Mon-Fri) nearest `day`, within the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  const w = weekday(year, month, d);
  if (w === 7) return d === 1 ? 3 : d - 1;
  if (w === 1) return d === last ? d - 2 : d + 1;
  return d;
}

function dayOfMonthRule(text: string): DayRule {
  const rules: DayRule[] = text.split(',').map((item): DayRule => {
    const upper = item.toUpperCase();
    if (upper === 'L') return (y, m) => new Set([daysInMonth(y, m)]);
    if (upper === 'LW') return (y, m) => new Set([nearestWeekday(y, m, daysInMonth(y, m))]);
    const w = /^(\d+)W$/i.exec(item);
    if (w !== null) {
      const day = value(w[1] ?? '', DAY_OF_MONTH);
      return (y, m) =>
        day <= daysInMonth(y, m) ? new Set([nearestWeekday(y, m, day)]) : new Set();
    }
    const days = valueSet(item, DAY_OF_MONTH);
    return (y, m) => new Set([...days].filter((d) => d <= daysInMonth(y, m)));
  });
  return (y, m) => new Set(rules.flatMap((rule) => [...rule(y, m)]));
}

function dayOfWeekRule(text: string): DayRule {
  const rules: DayRule[] = text.split(',').map((item): DayRule => {
    const upper = item.toUpperCase();
    const last = /^(\w+)L$/.exec(upper);
    const nth = /^(\w+)#(\d)$/.exec(upper);
    let matches: (y: number, m: number, d: number) => boolean;
    if (upper === 'L') {
      matches = (y, m, d) => weekday(y, m, d) === 7;
    } else if (last !== null) {
      const wd = value(last[1] ?? '', DAY_OF_WEEK);
      matches = (y, m, d) => weekday(y, m, d) === wd && d + 7 > daysInMonth(y, m);
    } else if (nth !== null) {
      const wd = value(nth[1] ?? '', DAY_OF_WEEK);
      const k = Number(nth[2]);
      if (k < 1 || k > 5)
        throw new CronSyntaxError(`cron field day-of-week: "${item}" needs #1 to #5`);
      matches = (y, m, d) => weekday(y, m, d) === wd && Math.ceil(d / 7) === k;
    } else {
      const weekdays = valueSet(item, DAY_OF_WEEK);
      matches = (y, m, d) => weekdays.has(weekday(y, m, d));
    }
    return (y, m) => {
      const out = new Set<number>();
      for (let d = 1; d <= daysInMonth(y, m); d += 1) if (matches(y, m, d)) out.add(d);
      return out;
    };
  });
  return (y, m) => new Set(rules.flatMap((rule) => [...rule(y, m)]));
}

/** Parses the six fields inside `cron(...)`; throws a CronSyntaxError naming the field at fault. */
export function parseCron(fieldsText: string): CronSchedule {
  const fields = fieldsText.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new CronSyntaxError(
      `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); got ${fields.length}`,
    );
  }
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new CronSyntaxError(
      'in a cron expression, exactly one of day-of-month and day-of-week must be "?"',
    );
  }
  for (const [text, spec] of [
    [minutes, MINUTES],
    [hours, HOURS],
    [month, MONTH],
    [year, YEAR],
  ] as const) {
    if (text === '?')
      throw new CronSyntaxError(`cron field ${spec.name}: "?" is only for the day fields`);
  }
  return {
    minutes: valueSet(minutes, MINUTES),
    hours: valueSet(hours, HOURS),
    months: valueSet(month, MONTH),
    years: valueSet(year, YEAR),
    days: dayOfMonth === '?' ? dayOfWeekRule(dayOfWeek) : dayOfMonthRule(dayOfMonth),
  };
}

/** A wall clock's date and time, read to the minute. */
const WALL_CLOCK = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
} as const;

/** Offset of `timeZone` from UTC at `utcMs`, in minutes (Africa/Dakar: 0). */
function offsetMinutes(timeZone: string, utcMs: number): number {
  const parts = zonedFormat('en-US', timeZone, WALL_CLOCK).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a local wall-clock time in `timeZone`. Offsets are read per UTC hour (cached),
 * so a run on a day the clocks change gets the offset in force at its own time. A local time
 * the clocks skip (spring forward) falls to the instant after the gap; a repeated one (fall
 * back) to its first occurrence.
 */
function localToUtc(
  offsetAt: (utcMs: number) => number,
  y: number,
  m: number,
  d: number,
  h: number,
  min: number,
): number {
  const wall = Date.UTC(y, m - 1, d, h, min);
  const first = wall - offsetAt(wall - 12 * 3_600_000) * 60_000;
  const second = wall - offsetAt(wall + 12 * 3_600_000) * 60_000;
  // The same offset all day: no change near this time.
  if (first === second) return first;
  // Near a change: of the candidates, the earliest whose own offset gives back this wall time.
  const candidates = [first, second].sort((a, b) => a - b);
  for (const at of candidates) if (at + offsetAt(at) * 60_000 === wall) return at;
  // Skipped by the clocks: the instant the clocks jump to.
  return Math.max(...candidates);
}

/**
 * The planned runs from `fromMs` (inclusive) to `toMs` (exclusive), in epoch ms, in order and
 * never twice: local wall-clock times in `timeZone` turned into instants.
 */
export function* cronRuns(
  schedule: CronSchedule,
  timeZone: string,
  fromMs: number,
  toMs: number,
): Generator<number> {
  const minutes = [...schedule.minutes].sort((a, b) => a - b);
  const hours = [...schedule.hours].sort((a, b) => a - b);
  const monthDays = new Map<string, Set<number>>();
  const daysOf = (year: number, month: number) => {
    const key = `${year}-${month}`;
    let days = monthDays.get(key);
    if (days === undefined) {
      days = schedule.days(year, month);
      monthDays.set(key, days);
    }
    return days;
  };
  const hourly = new Map<number, number>();
  const offsetAt = (utcMs: number) => {
    const hour = Math.floor(utcMs / 3_600_000);
    let offset = hourly.get(hour);
    if (offset === undefined) {
      offset = offsetMinutes(timeZone, hour * 3_600_000);
      hourly.set(hour, offset);
    }
    return offset;
  };
  let last = Number.NEGATIVE_INFINITY;
  // Walk local calendar days from the day before `from` (a zone ahead of UTC starts earlier).
  const start = new Date(fromMs - 86_400_000);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1;
  let d = start.getUTCDate();
  for (;;) {
    if (Date.UTC(y, m - 1, d) - 2 * 86_400_000 >= toMs) return;
    if (schedule.years.has(y) && schedule.months.has(m) && daysOf(y, m).has(d)) {
      for (const h of hours) {
        for (const min of minutes) {
          const at = localToUtc(offsetAt, y, m, d, h, min);
          // Two wall times that land on one instant (the skipped hour) run once.
          if (at > last && at >= fromMs && at < toMs) {
            last = at;
            yield at;
          }
        }
      }
    }
    d += 1;
    if (d > daysInMonth(y, m)) {
      d = 1;
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    if (y > YEAR.max) return;
  }
}
