import type { HistoryPoint } from '../alerting/forecast';
import type { AckPageCatalog } from '../messages/ack-page-catalog';
import { CHART_HOURS, FORECAST_CHART_HOURS, type PageFigures } from './figures';
import { escapeHtml } from './html';

/**
 * The balance of the last 48 hours as an inline SVG, drawn on the server (the page runs no
 * script): the readings as a line, each threshold as a horizontal line named at its end, the
 * forecast (when there is one) dashed. It scales to the page's width (a viewBox, no fixed
 * width), so a phone never scrolls sideways; `title` and `desc` say it in words.
 */

const WIDTH = 480;
const HEIGHT = 240;
const PAD = { left: 8, right: 112, top: 24, bottom: 28 } as const;
const LABEL_GAP = 16;

export interface ChartWords {
  readonly say: AckPageCatalog;
  readonly amount: (value: number) => string;
  /** A time, as the page says it ("7 déc. à 9 h 05"). */
  readonly at: (iso: string) => string;
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

export function balanceChart(figures: PageFigures, words: ChartWords): string {
  const { history, limits, forecast, reading } = figures;
  const first = history[0];
  const last = history.at(-1);
  if (reading === undefined || first === undefined || last === undefined) return '';
  const { say } = words;
  const end = Date.parse(reading.at);
  const start = end - CHART_HOURS * 3_600_000;
  const stop = end + (forecast === undefined ? 0 : FORECAST_CHART_HOURS * 3_600_000);
  const levels = [
    ...(limits === undefined
      ? []
      : [
          { key: 'recovery', value: limits.recovery, label: say.chart.recovery },
          { key: 'low', value: limits.low, label: say.chart.low },
          { key: 'critical', value: limits.critical ?? 0, label: say.chart.critical },
        ]),
  ];
  const balances = history.map((p) => p.balance);
  const values = [
    ...balances,
    ...levels.map((l) => l.value),
    ...(forecast === undefined ? [] : [forecast.from.balance, forecast.to.balance]),
  ];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const room = (high - low || Math.abs(high) || 1) * 0.08;
  const [bottom, top] = [low - room, high + room];
  const x = (t: number) =>
    PAD.left + ((t - start) / (stop - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + ((top - v) / (top - bottom)) * (HEIGHT - PAD.top - PAD.bottom);
  const points = (ps: readonly HistoryPoint[]) =>
    ps.map((p) => `${fixed(x(p.t))},${fixed(y(p.balance))}`).join(' ');
  const lineEnd = WIDTH - PAD.right;

  // Labels of levels close together are moved apart, top to bottom, so none covers another.
  const labelY = new Map<string, number>();
  let floor = Number.NEGATIVE_INFINITY;
  for (const l of [...levels].sort((a, b) => b.value - a.value)) {
    const at = Math.max(y(l.value) + 4, floor + LABEL_GAP);
    labelY.set(l.key, at);
    floor = at;
  }
  const thresholds = levels.map(
    (l) =>
      `<g class="level level-${l.key}" data-level="${l.key}"><line x1="${PAD.left}" x2="${lineEnd}" y1="${fixed(y(l.value))}" y2="${fixed(y(l.value))}"/><text x="${lineEnd + 4}" y="${fixed(labelY.get(l.key) ?? 0)}">${escapeHtml(l.label)}</text></g>`,
  );
  const hoursTicks = [48, 24].map(
    (h) =>
      `<text class="tick" x="${fixed(x(end - h * 3_600_000))}" y="${HEIGHT - 8}">${escapeHtml(say.chart.hoursAgo(h))}</text>`,
  );
  const desc = say.chartDesc({
    from: words.at(new Date(first.t).toISOString()),
    to: words.at(reading.at),
    lowest: words.amount(Math.min(...balances)),
    highest: words.amount(Math.max(...balances)),
    forecast: forecast !== undefined,
  });
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
<title id="chart-title">${escapeHtml(say.chartTitle)}</title>
<desc id="chart-desc">${escapeHtml(desc)}</desc>
${thresholds.join('\n')}
<polyline class="balance" data-line="balance" points="${points(history)}"/>
${
  forecast === undefined
    ? ''
    : `<g class="forecast" data-line="forecast"><polyline points="${points([forecast.from, forecast.to])}" stroke-dasharray="6 4"/><text x="${fixed(x(end) + 4)}" y="${fixed(Math.max(y(forecast.from.balance) - 10, PAD.top + 12))}">${escapeHtml(say.chart.forecast)}</text></g>`
}
<line class="now" x1="${fixed(x(end))}" x2="${fixed(x(end))}" y1="${PAD.top - 14}" y2="${HEIGHT - PAD.bottom}"/>
${hoursTicks.join('\n')}
<text class="tick" x="${fixed(x(end) - 4)}" y="${PAD.top + 2}" text-anchor="end">${escapeHtml(say.chart.now)}</text>
</svg>`;
}
