import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  measureCase,
  qualityMarkdown,
  qualityReport,
  targets,
  type QualityReport,
} from './quality';
import { DOC, documentedTable, tableCells } from './report';
import { corpus } from './trajectories';

/**
 * The alert-quality corpus against issue 12's targets, and docs/alert-quality.md against what
 * the corpus measures today (`npm run alert-quality` rewrites it).
 */

let report: QualityReport;
beforeAll(() => {
  report = qualityReport();
});

describe('the alert-quality corpus', () => {
  it.each([
    'median warning',
    'false FORECASTs',
    'CRITICAL per reminder',
    'false statements',
    'GSM-7',
  ])('meets the target on %s', (name) => {
    const target = targets(report).find((t) => t.target.includes(name));
    expect(target, name).toBeDefined();
    expect(target?.met, `${target?.target}: measured ${target?.measured}`).toBe(true);
  });

  it('exercises what it claims to: crossings, forecasts, CRITICAL, outages, and many texts', () => {
    const total = (pick: (c: QualityReport['cases'][number]) => number) =>
      report.cases.reduce((n, c) => n + pick(c), 0);
    expect(total((c) => c.episodes)).toBeGreaterThanOrEqual(30);
    expect(total((c) => c.forecasts)).toBeGreaterThanOrEqual(30);
    expect(total((c) => c.statements)).toBeGreaterThanOrEqual(300);
    expect(new Set(report.cases.map((c) => c.schedule)).size).toBe(3);
    expect(report.cases.find((c) => c.name === 'flapping-critical')?.maxCriticalPerInterval).toBe(
      1,
    );
  });

  it('can fail: a policy that forecasts a week ahead cries wolf, and the measure says so', () => {
    // The same forecast, stated as soon as any crossing within 7 days is in sight: many of
    // those name a time that passes without a crossing.
    const naive = corpus()
      .filter((c) => c.drain)
      .map((c) =>
        measureCase(c, {
          thresholds: { low: 100_000, critical: 25_000 },
          repeatAfterMinutes: 5,
          recoveryMarginPercent: 0,
          failureAlertAfter: 3,
          staleAfterMinutes: 4320,
          forecastHorizonMinutes: 10_080,
        }),
      );
    const forecasts = naive.reduce((n, c) => n + c.forecasts, 0);
    const falseOnes = naive.reduce((n, c) => n + c.falseForecasts, 0);
    expect(falseOnes / forecasts).toBeGreaterThan(0.1);
  });

  it('docs/alert-quality.md shows what the corpus measures (npm run alert-quality rewrites it)', () => {
    const documented = documentedTable(readFileSync(DOC, 'utf8'));
    expect(documented, 'the alert-quality markers').toBeDefined();
    expect(tableCells(documented ?? '')).toBe(tableCells(qualityMarkdown(report)));
  });
});
