import type { CaseQuality, QualityReport } from './quality';

/**
 * Whether a FORECAST's range means something (issue 21): of the FORECASTs, how many saw the
 * crossing come inside the range they stated; how wide that range was for how far ahead it
 * looked; how many crossings a FORECAST that came true warned of; and how many did not come true
 * (no crossing by their latest time, or one further from their "around" time than half the
 * range's width). Rendered into docs/alert-quality.md with the rest of the corpus' tables.
 */

export interface Calibration {
  readonly forecasts: number;
  /** FORECASTs whose crossing came inside their stated range. */
  readonly inside: number;
  /** The median of (latest - earliest) / (around - now). */
  readonly medianWidthShare: number;
  /** Crossings (episodes opened) warned by a FORECAST that came true. */
  readonly warned: number;
  readonly crossings: number;
  readonly falseForecasts: number;
}

/**
 * What the same measure gave on the forecast before issue 21 (its range from 1.5 times the pace
 * to a quarter of it, a straight clock for noisy readings, the level fitted on the whole window):
 * measured once, on the commit before the change, and kept to compare.
 */
export const BEFORE: Readonly<Record<string, Calibration>> = {
  'payouts-5min': c(8, 6, 6.49, 4, 5, 4),
  'payouts-hourly': c(6, 5, 6.59, 4, 4, 2),
  'payouts-business-hours': c(7, 5, 6.06, 3, 5, 4),
  'busy-payouts-5min': c(16, 14, 3.33, 6, 9, 7),
  'pause-resume-5min': c(4, 2, 6.41, 2, 3, 2),
  'noisy-5min': c(5, 1, 6.96, 1, 4, 4),
  'noisy-hourly': c(1, 0, 3.33, 0, 4, 1),
  'outages-5min': c(6, 5, 5.82, 3, 4, 2),
  'flapping-critical': c(0, 0, Number.NaN, 0, 1, 0),
  'flapping-small-margin': c(0, 0, Number.NaN, 0, 1, 0),
};

/** Over every case, before: inside 71.7% (38 of 53), median width 635% of the lead, false 26. */
export const BEFORE_OVERALL = { coverage: 38 / 53, medianWidthShare: 6.35, falseForecasts: 26 };

/** The cases of ordinary days: no noise, no flapping (what "do not cry wolf" is held to). */
export const ORDINARY = [
  'payouts-5min',
  'payouts-hourly',
  'payouts-business-hours',
  'busy-payouts-5min',
  'pause-resume-5min',
  'outages-5min',
] as const;

function c(
  forecasts: number,
  inside: number,
  medianWidthShare: number,
  warned: number,
  crossings: number,
  falseForecasts: number,
): Calibration {
  return { forecasts, inside, medianWidthShare, warned, crossings, falseForecasts };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function calibrationOf(q: CaseQuality): Calibration {
  return c(
    q.forecasts,
    q.inside,
    median(q.widthShares),
    q.warnings.filter((w) => w > 0).length,
    q.episodes,
    q.falseForecasts,
  );
}

const sum = (values: readonly Calibration[], pick: (c: Calibration) => number) =>
  values.reduce((n, v) => n + pick(v), 0);

/** Issue 21's goals, each with what was measured. */
export function calibrationTargets(report: QualityReport) {
  const of = (name: string) => {
    const q = report.cases.find((k) => k.name === name);
    if (q === undefined) throw new Error(`no corpus case ${name}`);
    return calibrationOf(q);
  };
  const ordinaryFalse = sum(ORDINARY.map(of), (k) => k.falseForecasts);
  const ordinaryFalseBefore = sum(
    ORDINARY.map((name) => BEFORE[name] as Calibration),
    (k) => k.falseForecasts,
  );
  const noisy5 = of('noisy-5min');
  const noisyHourly = of('noisy-hourly');
  return [
    {
      target: 'crossings inside the stated range >= 80% of FORECASTs',
      measured: `${(100 * report.coverage).toFixed(1)}%`,
      met: report.coverage >= 0.8,
    },
    {
      target: 'median range width <= 50% of the lead',
      measured: `${Math.round(100 * report.medianWidthShare)}%`,
      met: report.medianWidthShare <= 0.5,
    },
    {
      target: 'noisy-5min: >= 3 of 4 crossings warned',
      measured: `${noisy5.warned} of ${noisy5.crossings}`,
      met: noisy5.warned >= 3,
    },
    {
      target: 'noisy-hourly: >= 2 of 4 crossings warned',
      measured: `${noisyHourly.warned} of ${noisyHourly.crossings}`,
      met: noisyHourly.warned >= 2,
    },
    {
      target: `false FORECASTs on ordinary days <= before (${ordinaryFalseBefore})`,
      measured: String(ordinaryFalse),
      met: ordinaryFalse <= ordinaryFalseBefore,
    },
  ];
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`;
const share = (value: number) => (Number.isNaN(value) ? '-' : `${Math.round(100 * value)}%`);

/** The calibration table, before and after, and issue 21's goals. */
export function calibrationMarkdown(report: QualityReport): string {
  const rows = report.cases.map((q) => {
    const now = calibrationOf(q);
    const before = BEFORE[q.name];
    const then =
      before === undefined
        ? '- | - | - | -'
        : `${percent(before.inside, before.forecasts)} | ${share(before.medianWidthShare)} | ${before.warned} of ${before.crossings} | ${before.falseForecasts} of ${before.forecasts}`;
    return `| \`${q.name}\` | ${percent(now.inside, now.forecasts)} | ${share(now.medianWidthShare)} | ${now.warned} of ${now.crossings} | ${now.falseForecasts} of ${now.forecasts} | ${then} |`;
  });
  const goals = calibrationTargets(report).map(
    (t) => `| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`,
  );
  return [
    '| case | inside | median width / lead | warned | false FORECAST | before: inside | before: width / lead | before: warned | before: false |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| goal (issue 21) | measured | |',
    '| --- | --- | --- |',
    ...goals,
  ].join('\n');
}
