import { calibrationOf, ORDINARY } from './calibration';
import { qualityReport } from './quality';

/**
 * `npx tsx test/corpus/held-out.ts [offset...]`: the forecast's calibration on other weeks of
 * the corpus' merchant (its seeds moved by each offset; 100 and 200 by default). The range's
 * constants (PACE_Z, RANGE_SLOW_BLOCKS in lambda/alerting/forecast.ts) were chosen on offset 0,
 * so these weeks say how far its figures in docs/alert-quality.md carry over.
 */

const offsets = process.argv.slice(2).map(Number);
for (const offset of offsets.length > 0 ? offsets : [100, 200]) {
  const report = qualityReport(offset);
  const forecasts = report.cases.reduce((n, c) => n + c.forecasts, 0);
  const ordinaryFalse = report.cases
    .filter((c) => (ORDINARY as readonly string[]).includes(c.name))
    .reduce((n, c) => n + c.falseForecasts, 0);
  const warned = report.cases
    .filter((c) => c.drain)
    .map((c) => `${c.name} ${calibrationOf(c).warned} of ${c.episodes}`);
  console.log(
    [
      `seed offset ${offset}: ${forecasts} FORECASTs`,
      `inside ${(100 * report.coverage).toFixed(1)}%`,
      `median width ${Math.round(100 * report.medianWidthShare)}% of the lead`,
      `latest time passed ${(100 * report.lapsedForecastShare).toFixed(1)}%`,
      `false on ordinary days ${ordinaryFalse}`,
      `warned: ${warned.join(', ')}`,
    ].join('\n  '),
  );
}
