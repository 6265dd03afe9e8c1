import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cronRuns, parseCron } from '../../infra/cron';
import { deadManWindow } from '../../infra/dead-man';
import { plannedGaps } from '../../infra/schedule-expression';
import {
  WATCHDOG_ALARM_PERIOD_MINUTES,
  WATCHDOG_EVERY_MINUTES,
} from '../../lambda/contract/watchdog';
import { SAVE_EVERY_MINUTES } from '../../lambda/stores/save-policy';
import { overdueAccounts, type WatchedAccount } from '../../lambda/watchdog/overdue';
import { synthesize } from '../support/synth';

/**
 * The dead-man switch knows the schedule: it never fires inside a gap the schedule plans (a
 * night, a weekend), and it does fire when the checks stop. The cron parser is first held to
 * AWS's own documented examples; then each account's watch, as synthesized (the watchdog's
 * environment), is played over two weeks of planned runs: each run saving its time as the save
 * policy does (at least every SAVE_EVERY_MINUTES), the watchdog's own code judging every
 * 10 minutes, and its alarm evaluated as CloudWatch does (30-minute periods, Maximum, missing
 * data breaching).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Monday 2 November 2026, 00:00 UTC. */
const MONDAY = Date.UTC(2026, 10, 2);

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
function runs(expression: string, from: number, to: number, timeZone = 'UTC'): number[] {
  return [...cronRuns(parseCron(expression), timeZone, from, to)];
}

describe("the cron parser against AWS's documented examples (EventBridge, UTC)", () => {
  it('0 10 * * ? *: 10:00 every day', () => {
    expect(runs('0 10 * * ? *', MONDAY, MONDAY + 7 * DAY).map(iso)).toEqual(
      Array.from({ length: 7 }, (_, d) => iso(MONDAY + d * DAY + 10 * HOUR)),
    );
  });

  it('15 12 * * ? *: 12:15 every day', () => {
    expect(runs('15 12 * * ? *', MONDAY, MONDAY + 2 * DAY).map(iso)).toEqual([
      '2026-11-02T12:15',
      '2026-11-03T12:15',
    ]);
  });

  it('0 18 ? * MON-FRI *: 18:00 Monday to Friday', () => {
    expect(runs('0 18 ? * MON-FRI *', MONDAY, MONDAY + 7 * DAY).map(iso)).toEqual(
      [0, 1, 2, 3, 4].map((d) => iso(MONDAY + d * DAY + 18 * HOUR)),
    );
  });

  it('0 8 1 * ? *: 08:00 on the first day of every month', () => {
    expect(runs('0 8 1 * ? *', Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1)).map(iso)).toEqual([
      '2026-01-01T08:00',
      '2026-02-01T08:00',
      '2026-03-01T08:00',
    ]);
  });

  it('0/15 * * * ? *: every 15 minutes', () => {
    const day = runs('0/15 * * * ? *', MONDAY, MONDAY + DAY);
    expect(day).toHaveLength(96);
    expect(new Set(day.slice(1).map((t, i) => t - (day[i] ?? 0)))).toEqual(new Set([15 * MINUTE]));
  });

  it('0/10 * ? * MON-FRI *: every 10 minutes, Monday to Friday', () => {
    const week = runs('0/10 * ? * MON-FRI *', MONDAY, MONDAY + 7 * DAY);
    expect(week).toHaveLength(5 * 144);
    expect(week.every((t) => new Date(t).getUTCDay() >= 1 && new Date(t).getUTCDay() <= 5)).toBe(
      true,
    );
  });

  it('0/5 8-17 ? * MON-FRI *: every 5 minutes from 08:00 to 17:55, Monday to Friday', () => {
    const monday = runs('0/5 8-17 ? * MON-FRI *', MONDAY, MONDAY + DAY);
    expect(monday).toHaveLength(120);
    expect(iso(monday[0] ?? 0)).toBe('2026-11-02T08:00');
    expect(iso(monday[monday.length - 1] ?? 0)).toBe('2026-11-02T17:55');
    expect(runs('0/5 8-17 ? * MON-FRI *', MONDAY + 5 * DAY, MONDAY + 7 * DAY)).toEqual([]);
  });

  it('0/30 20-2 ? * MON-FRI *: every 30 minutes from 20:00 to 02:30, a range that wraps midnight', () => {
    const tuesday = runs('0/30 20-2 ? * MON-FRI *', MONDAY + DAY, MONDAY + 2 * DAY).map(iso);
    expect(tuesday).toEqual([
      '2026-11-03T00:00',
      '2026-11-03T00:30',
      '2026-11-03T01:00',
      '2026-11-03T01:30',
      '2026-11-03T02:00',
      '2026-11-03T02:30',
      '2026-11-03T20:00',
      '2026-11-03T20:30',
      '2026-11-03T21:00',
      '2026-11-03T21:30',
      '2026-11-03T22:00',
      '2026-11-03T22:30',
      '2026-11-03T23:00',
      '2026-11-03T23:30',
    ]);
  });

  it('5,35 14 * * ? *: 14:05 and 14:35 every day', () => {
    expect(runs('5,35 14 * * ? *', MONDAY, MONDAY + DAY).map(iso)).toEqual([
      '2026-11-02T14:05',
      '2026-11-02T14:35',
    ]);
  });

  it('15 10 ? * 6L 2019-2022: 10:15 on the last Friday of every month, 2019 to 2022', () => {
    const all = runs('15 10 ? * 6L 2019-2022', Date.UTC(2018, 0, 1), Date.UTC(2024, 0, 1));
    expect(all).toHaveLength(48);
    expect(all.slice(0, 3).map(iso)).toEqual([
      '2019-01-25T10:15',
      '2019-02-22T10:15',
      '2019-03-29T10:15',
    ]);
    expect(iso(all[all.length - 1] ?? 0)).toBe('2022-12-30T10:15');
  });

  it('3#2 is the second Tuesday (1 = SUN); L is the last day of the month; 15W the nearest weekday', () => {
    expect(runs('0 9 ? * 3#2 *', Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)).map(iso)).toEqual([
      '2026-11-10T09:00',
    ]);
    expect(runs('0 9 L * ? *', Date.UTC(2028, 1, 1), Date.UTC(2028, 2, 1)).map(iso)).toEqual([
      '2028-02-29T09:00',
    ]);
    // 15 November 2026 is a Sunday: the nearest weekday is Monday the 16th.
    expect(runs('0 9 15W * ? *', Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)).map(iso)).toEqual([
      '2026-11-16T09:00',
    ]);
  });

  it('across a daylight-saving change, each run gets the offset of its own time, once', () => {
    // Paris springs forward on 29 March 2026 at 01:00 UTC (02:00 local becomes 03:00).
    expect(
      runs('0 * * * ? *', Date.UTC(2026, 2, 28, 22), Date.UTC(2026, 2, 29, 3), 'Europe/Paris').map(
        iso,
      ),
    ).toEqual([
      '2026-03-28T22:00',
      '2026-03-28T23:00',
      '2026-03-29T00:00',
      '2026-03-29T01:00',
      '2026-03-29T02:00',
    ]);
    // And falls back on 25 October at 01:00 UTC: the repeated hour runs once.
    expect(
      runs('30 * * * ? *', Date.UTC(2026, 9, 24, 23), Date.UTC(2026, 9, 25, 3), 'Europe/Paris').map(
        iso,
      ),
    ).toEqual(['2026-10-24T23:30', '2026-10-25T00:30', '2026-10-25T02:30']);
    expect(plannedGaps('cron(0/15 * * * ? *)', 'Europe/Paris', MONDAY)).toEqual({
      longestMinutes: 75,
      shortestMinutes: 15,
    });
    expect(plannedGaps('cron(0 * * * ? *)', 'America/New_York', MONDAY)).toEqual({
      longestMinutes: 120,
      shortestMinutes: 60,
    });
  });

  it('runs in the schedule time zone: 08:00 in Paris is 07:00 UTC in winter, 06:00 in summer', () => {
    expect(
      runs('0 8 * * ? *', Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 6), 'Europe/Paris').map(iso),
    ).toEqual(['2026-01-05T07:00']);
    expect(
      runs('0 8 * * ? *', Date.UTC(2026, 6, 6), Date.UTC(2026, 6, 7), 'Europe/Paris').map(iso),
    ).toEqual(['2026-07-06T06:00']);
  });
});

/** The four schedules the issue names, with the longest gap each plans. */
const schedules = [
  { expression: 'rate(5 minutes)', longest: 5 },
  // The backstop's default with callbacks (callbacks.backstopSchedule).
  { expression: 'rate(15 minutes)', longest: 15 },
  { expression: 'rate(1 hour)', longest: 60 },
  // Saturday 20:45 to Monday 08:00.
  { expression: 'cron(0/15 8-20 ? * MON-SAT *)', longest: 35 * 60 + 15 },
  { expression: 'cron(0 8 * * ? *)', longest: 24 * 60 },
] as const;

/** Each account's watch, as `cdk synth` writes it into the watchdog's environment. */
const synthesized = synthesize({
  accounts: schedules.map((s, i) => ({
    name: `shop${i}`,
    lowBalanceThreshold: 1000,
    schedule: s.expression,
  })),
  alertEmails: ['ops@example.sn'],
  schedule: { timezone: 'Africa/Dakar' },
});
const watched: WatchedAccount[] = (() => {
  const schedules = synthesized.template.findResources('AWS::Scheduler::Schedule') as Record<
    string,
    { Properties: { Target: { Input?: unknown } } }
  >;
  const raw = Object.values(schedules)
    .map((s) => s.Properties.Target.Input)
    .find((input) => typeof input === 'string' && input.includes('"watched"'));
  if (raw === undefined) throw new Error('no watchdog schedule in the template');
  // toJsonString of plain values is a plain string.
  if (typeof raw !== 'string') throw new Error("the watchdog's input is not a plain string");
  return (JSON.parse(raw) as { watched: WatchedAccount[] }).watched;
})();
const watchOf = (index: number): WatchedAccount => {
  const found = watched.find((w) => w.account === `shop${index}`);
  if (found === undefined) throw new Error(`shop${index} is not watched`);
  return found;
};

/** Planned runs over [from, to): rates from their start, crons from the parser. */
function plannedRuns(expression: string, from: number, to: number): number[] {
  const rate = /^rate\((\d+) (minute|hour)s?\)$/.exec(expression);
  if (rate !== null) {
    const step = Number(rate[1]) * (rate[2] === 'hour' ? HOUR : MINUTE);
    return Array.from(
      { length: Math.floor((to - from) / step) },
      (_, i) => from + 17_000 + i * step,
    );
  }
  return runs(expression.slice(5, -1), from, to, 'Africa/Dakar').map((t) => t + 17_000);
}

/** The times a quiet account's item is written: a run saves once the last save is 14 min old. */
function saves(completed: readonly number[]): number[] {
  const written: number[] = [];
  for (const t of completed)
    if (written.length === 0 || t - (written.at(-1) ?? 0) >= (SAVE_EVERY_MINUTES - 1) * MINUTE)
      written.push(t);
  return written;
}

/**
 * When CloudWatch would put the alarm in ALARM: at each period's end, ALARM if the watchdog
 * counted an overdue account in the period (Maximum >= 1), or sent nothing in it (the alarm's
 * FILL(m, 1) makes an empty period 1; stack.test.ts holds the template to that). The watchdog runs every WATCHDOG_EVERY_MINUTES, a few seconds late.
 */
function alarmTimes(watch: WatchedAccount, written: readonly number[], from: number, to: number) {
  const period = WATCHDOG_ALARM_PERIOD_MINUTES * MINUTE;
  const fired: number[] = [];
  for (let t = Math.ceil(from / period) * period; t < to; t += period) {
    let overdue = 0;
    for (let w = t - period + 23_000; w < t; w += WATCHDOG_EVERY_MINUTES * MINUTE) {
      const last = written.filter((x) => x <= w).at(-1);
      const checks = new Map<string, string>();
      if (last !== undefined) checks.set(watch.account, new Date(last).toISOString());
      overdue = Math.max(overdue, overdueAccounts([watch], checks, new Map(), new Date(w)).length);
    }
    if (overdue >= 1) fired.push(t);
  }
  return fired;
}

describe.each(schedules.map((s, index) => ({ ...s, index })))(
  'the dead-man switch of $expression',
  ({ expression, longest, index }) => {
    const watch = watchOf(index);

    it(`reads the longest planned gap (${longest} min)`, () => {
      expect(plannedGaps(expression, 'Africa/Dakar', MONDAY)?.longestMinutes).toBe(longest);
    });

    it('waits longer than the longest gap plus the saving interval, and at most about a week', () => {
      expect(watch.overdueAfterMinutes).toBeGreaterThan(longest + SAVE_EVERY_MINUTES);
      expect(watch.overdueAfterMinutes).toBeLessThanOrEqual(7 * 24 * 60 + SAVE_EVERY_MINUTES);
    });

    it('never fires over two weeks of checks that run as planned', () => {
      const from = MONDAY - 7 * DAY;
      const written = saves(plannedRuns(expression, from, MONDAY + 14 * DAY));
      expect(written.length).toBeGreaterThan(10);
      expect(alarmTimes(watch, written, MONDAY, MONDAY + 14 * DAY).map(iso)).toEqual([]);
    });

    it('fires once the checks stop, within its window, a saving interval and a period', () => {
      const stop = MONDAY + 3 * DAY + 9 * HOUR; // Thursday 09:00, on every schedule here
      const completed = plannedRuns(expression, MONDAY - 7 * DAY, stop);
      const fired = alarmTimes(watch, saves(completed), MONDAY, MONDAY + 14 * DAY);
      expect(fired.length).toBeGreaterThan(0);
      const lastRun = completed[completed.length - 1] ?? 0;
      expect(fired[0] ?? 0).toBeGreaterThan(lastRun);
      expect((fired[0] ?? 0) - lastRun).toBeLessThanOrEqual(
        (watch.overdueAfterMinutes + WATCHDOG_ALARM_PERIOD_MINUTES) * MINUTE,
      );
    });
  },
);

describe('the watchdog', () => {
  const at = new Date('2026-11-28T12:00:00Z');
  const watch = { account: 'a', overdueAfterMinutes: 30 };
  it('calls an account overdue past its window, and names when it last completed', () => {
    const checks = new Map([['a', '2026-11-28T11:29:00.000Z']]);
    expect(overdueAccounts([watch], checks, new Map(), at)).toEqual([
      { account: 'a', lastCheckAt: '2026-11-28T11:29:00.000Z', minutes: 31 },
    ]);
    expect(
      overdueAccounts([watch], new Map([['a', '2026-11-28T11:31:00Z']]), new Map(), at),
    ).toEqual([]);
  });

  it('gives an account never checked its window from when it was first seen without an item', () => {
    const seen = (iso: string) => new Map([['a', new Date(iso)]]);
    expect(overdueAccounts([watch], new Map(), seen('2026-11-28T11:45:00Z'), at)).toEqual([]);
    expect(overdueAccounts([watch], new Map(), seen('2026-11-28T11:00:00Z'), at)).toEqual([
      { account: 'a', minutes: 60 },
    ]);
  });
});

/** "35 h 15 min (Saturday 20:45 to Monday 08:00)" is 2115. */
function minutesIn(text: string): number {
  const unit = (re: RegExp) => Number(re.exec(text.replace(/\(.*\)/, ''))?.[1] ?? 0);
  return unit(/(\d+) ?d\b/) * 1440 + unit(/(\d+) ?h\b/) * 60 + unit(/(\d+) ?min\b/);
}

describe('the table of windows in docs/deploy.md', () => {
  it('gives, for each schedule, the gap and the overdue time the code computes', async () => {
    const page = await readFile(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    const rows = [
      ...page.matchAll(/^\| `((?:rate|cron)\([^`]+\))`\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|$/gm),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const [, expression = '', gap = '', overdue = ''] of rows) {
      const gaps = plannedGaps(expression, 'Africa/Dakar');
      const window = gaps === undefined ? undefined : deadManWindow(gaps);
      if (gaps === undefined || window === undefined || 'problem' in window)
        throw new Error(`${expression}: no window`);
      expect(minutesIn(gap), `${expression}: ${gap}`).toBe(gaps.longestMinutes);
      expect(minutesIn(overdue), `${expression}: ${overdue}`).toBe(
        window.minutes + SAVE_EVERY_MINUTES,
      );
    }
  });
});
