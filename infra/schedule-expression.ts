/**
 * EventBridge Scheduler expressions, checked at synth so a typo fails `cdk synth`, not the deploy.
 * rate(value unit): value >= 1, singular unit for 1. cron(min hour day-of-month month
 * day-of-week year): six fields, and exactly one of day-of-month and day-of-week is "?".
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };

const CRON_FIELDS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'minutes', pattern: /^([0-5]?\d|\*)([,/-]([0-5]?\d|\*))*$/ },
  { name: 'hours', pattern: /^((1?\d|2[0-3])|\*)([,/-]((1?\d|2[0-3])|\*))*$/ },
  { name: 'day-of-month', pattern: /^(\?|L|W|\*|([12]?\d|3[01])W?)([,/-]([12]?\d|3[01]|\*))*$/ },
  {
    name: 'month',
    pattern:
      /^(\*|(1[0-2]|[1-9])|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([,/-](\*|1[0-2]|[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*$/i,
  },
  {
    name: 'day-of-week',
    pattern:
      /^(\?|\*|L|[1-7](L|#[1-5])?|SUN|MON|TUE|WED|THU|FRI|SAT)([,/-]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT|\*))*$/i,
  },
  { name: 'year', pattern: /^(\*|(19[7-9]\d|2[01]\d\d))([,/-](\*|\d{4}|\d{1,2}))*$/ },
];

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
  const fields = (cron[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6)
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); got ${fields.length}`;
  for (const [index, field] of fields.entries()) {
    const rule = CRON_FIELDS[index];
    if (rule !== undefined && !rule.pattern.test(field))
      return `cron field ${rule.name} "${field}" is not valid`;
  }
  const dayOfMonth = fields[2];
  const dayOfWeek = fields[4];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'in a cron expression, exactly one of day-of-month and day-of-week must be "?"';
  }
  return undefined;
}

/** Minutes between runs of a rate expression; undefined for cron (irregular). */
export function rateMinutes(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate === null) return undefined;
  const unit = (rate[2] ?? '').replace(/s$/, '');
  return Number(rate[1]) * (UNIT_MINUTES[unit] ?? 1);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
