import { cronRuns, CronSyntaxError, parseCron } from './cron';

/**
 * EventBridge Scheduler expressions, checked at synth so a typo fails `cdk synth`, not the
 * deploy, and read for what they plan: the gaps between runs, which the dead-man switch must
 * wait out. rate(value unit): value >= 1, singular unit for 1. cron(...): see cron.ts.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

/** Why an expression is wrong, or undefined when it is fine. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate !== null) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1) return 'a rate must be at least 1';
    if (value === 1 && unit.endsWith('s')) return `use the singular: rate(1 ${unit.slice(0, -1)})`;
    if (value > 1 && !unit.endsWith('s')) return `use the plural: rate(${value} ${unit}s)`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron === null)
    return 'must be "rate(N minutes|hours|days)" or "cron(minutes hours day-of-month month day-of-week year)"';
  try {
    parseCron(cron[1] ?? '');
    return undefined;
  } catch (error) {
    if (error instanceof CronSyntaxError) return error.message;
    throw error;
  }
}

/** Minutes between runs of a rate expression; undefined for cron (irregular). */
export function rateMinutes(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate === null) return undefined;
  const unit = (rate[2] ?? '').replace(/s$/, '');
  return Number(rate[1]) * (UNIT_MINUTES[unit] ?? 1);
}

export interface PlannedGaps {
  /** The longest time between two planned runs, in minutes (a weekend, a night). */
  readonly longestMinutes: number;
  /** The shortest, in minutes: the schedule's rhythm when it runs. */
  readonly shortestMinutes: number;
}

/** How far ahead a cron's runs are read: four years, so leap days and monthly rules all occur. */
const HORIZON_DAYS = 4 * 366;

/**
 * The gaps a schedule plans between checks. For cron, its runs are listed in its time zone
 * over four years from `fromMs` (the first day of the current year by default, so that a
 * synth gives the same template all year), the time before the first run counting as a gap.
 * Undefined when it plans fewer than two runs in that time.
 */
export function plannedGaps(
  expression: string,
  timeZone: string,
  fromMs: number = Date.UTC(new Date().getUTCFullYear(), 0, 1),
): PlannedGaps | undefined {
  const rate = rateMinutes(expression);
  if (rate !== undefined) return { longestMinutes: rate, shortestMinutes: rate };
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron === null) return undefined;
  const schedule = parseCron(cron[1] ?? '');
  let previous: number | undefined;
  let longest = 0;
  let shortest = Number.POSITIVE_INFINITY;
  let runs = 0;
  for (const at of cronRuns(schedule, timeZone, fromMs, fromMs + HORIZON_DAYS * 86_400_000)) {
    runs += 1;
    const gap = (at - (previous ?? fromMs)) / 60_000;
    longest = Math.max(longest, gap);
    if (previous !== undefined) shortest = Math.min(shortest, gap);
    previous = at;
  }
  if (runs < 2) return undefined;
  return { longestMinutes: longest, shortestMinutes: shortest };
}
