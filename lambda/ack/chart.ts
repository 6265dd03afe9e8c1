import type { HistoryPoint } from '../alerting/forecast';
import type { AckPageCatalog } from '../messages/ack-page-catalog';
import { CHART_HOURS, FORECAST_CHART_HOURS, type PageFigures } from './figures';
import { escapeHtml } from './html';

/**
 * The balance of the last 48 hours as an inline SVG, drawn on the server (the page runs no
 * script): the readings as a line, each threshold as a horizontal line named at its end, at its
 * own height and in its colour (lines too close to name apart share one label: "seuil bas ·
 * fin d'alerte", centred between them), the
 * forecast (when there is one) dashed. It scales to the page's width (a viewBox, no fixed
 * width), so a phone never scrolls sideways; `title` and `desc` say it in words.
 */

const PLOT_WIDTH = 330;
const HEIGHT = 240;
const PAD = { left: 8, right: 112, top: 24, bottom: 28 } as const;
/** Labels closer than this (a line of 14 px text) would overlap: they become one. */
const LABEL_GAP = 16;
/** A generous width of one character of the 14 px labels, to make room for the longest. */
const CHAR_WIDTH = 7;

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
  const x = (t: number) => PAD.left + ((t - start) / (stop - start)) * PLOT_WIDTH;
  const y = (v: number) => PAD.top + ((top - v) / (top - bottom)) * (HEIGHT - PAD.top - PAD.bottom);
  const points = (ps: readonly HistoryPoint[]) =>
    ps.map((p) => `${fixed(x(p.t))},${fixed(y(p.balance))}`).join(' ');
  const lineEnd = PAD.left + PLOT_WIDTH;

  // Top to bottom, a level whose line is within LABEL_GAP of the one above joins its label.
  const groups: (typeof levels)[] = [];
  for (const l of [...levels].sort((a, b) => b.value - a.value)) {
    const group = groups.at(-1);
    const above = group?.at(-1);
    if (group !== undefined && above !== undefined && y(l.value) - y(above.value) < LABEL_GAP)
      group.push(l);
    else groups.push([l]);
  }
  const labelText = (group: typeof levels) => group.map((l) => l.label).join(' · ');
  const longest = Math.max(0, ...groups.map((g) => Array.from(labelText(g)).length));
  const width = lineEnd + Math.max(PAD.right, Math.ceil(longest * CHAR_WIDTH) + 12);
  const thresholds = levels.map(
    (l) =>
      `<g class="level level-${l.key}" data-level="${l.key}"><line x1="${PAD.left}" x2="${lineEnd}" y1="${fixed(y(l.value))}" y2="${fixed(y(l.value))}"/></g>`,
  );
  // Each label centred on its line, or between the lines it names; each name in its colour.
  const labels = groups.map((group) => {
    const middle = group.reduce((sum, l) => sum + y(l.value), 0) / group.length;
    const names = group
      .map((l) => `<tspan class="level-${l.key}">${escapeHtml(l.label)}</tspan>`)
      .join(' · ');
    return `<text class="level-label" data-levels="${group.map((l) => l.key).join(' ')}" x="${lineEnd + 4}" y="${fixed(middle)}" dominant-baseline="central">${names}</text>`;
  });
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
  return `<svg class="chart" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
<title id="chart-title">${escapeHtml(say.chartTitle)}</title>
<desc id="chart-desc">${escapeHtml(desc)}</desc>
${thresholds.join('\n')}
${labels.join('\n')}
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
