import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent } from '../../lambda/alerting/types';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { renderAlert } from '../../lambda/messages/render';
import { gsm7Length } from '../../lambda/messages/text';
import { statementsAbout } from '../support/statements';
import { checkText } from '../support/text-truth';
import { calibrationMarkdown } from './calibration';
import { corpus, CRITICAL, DRAIN_STARTS, LOW, type CorpusCase } from './trajectories';

/**
 * Runs every corpus case through the alert policy and the renderer, and measures what a
 * recipient would live through: how long before LOW the FORECAST came, how many FORECASTs did
 * not come true, how often CRITICAL repeated, whether any text said something false, and how
 * long the SMS were.
 */

/** The settings a `cdk deploy` with LOW 100,000 and CRITICAL 25,000 gives the function. */
export const DEPLOYED: PolicySettings = {
  thresholds: { low: LOW, critical: CRITICAL },
  repeatAfterMinutes: 360,
  recoveryMarginPercent: 5,
  recoveryMarginAmount: 0.05 * LOW,
  failureAlertAfter: 3,
  staleAfterMinutes: 4320,
  forecastHorizonMinutes: 240,
  topUpCoverHours: 24,
  coolOffMinutes: 30,
};

const ACCOUNT = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
const CONTEXT = {
  timeZone: 'Africa/Dakar',
  topUp: { contact: 'Awa +221 77 123 45 67', url: 'https://pay.example.sn/recharge' },
};

export interface CaseQuality {
  readonly name: string;
  readonly description: string;
  readonly schedule: string;
  readonly drain: boolean;
  readonly checks: number;
  /** Episodes opened (a first LOW or CRITICAL). */
  readonly episodes: number;
  /**
   * Minutes of warning each opening had from the last FORECAST before it that came true (the
   * crossing came between its earliest and latest times, and no further from its "around"
   * time than half the range's width); 0 when none.
   */
  readonly warnings: readonly number[];
  readonly forecasts: number;
  /** FORECASTs whose latest time passed (to the next check) with no episode opened. */
  readonly lapsedForecasts: number;
  /**
   * FORECASTs that did not come true: no episode opened by their latest time (to the next
   * check), or the crossing came further from their "around" time than half their range's width.
   */
  readonly falseForecasts: number;
  /** FORECASTs whose crossing came inside their stated range (to the checks around it). */
  readonly inside: number;
  /** Each FORECAST's range (latest minus earliest) as a share of its lead (now to "around"). */
  readonly widthShares: readonly number[];
  /** FORECASTs whose crossing came before their stated earliest time (a warning, but short). */
  readonly earlyCrossings: number;
  /** The most CRITICAL sent within one reminder interval of one episode. */
  readonly maxCriticalPerInterval: number;
  /** CRITICAL sent in all. */
  readonly criticals: number;
  readonly texts: number;
  readonly statements: number;
  readonly falseStatements: readonly string[];
  /** The longest SMS, in GSM-7 septets (undefined: one was not GSM-7). */
  readonly longestSms: number;
  readonly smsNotOneSegment: number;
  /** When UNUSUAL_OUTFLOW went out (issue 22), in epoch ms. */
  readonly outflows: readonly number[];
}

const median = (values: readonly number[]) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export function measureCase(c: CorpusCase, settings: PolicySettings = DEPLOYED): CaseQuality {
  let state: AlertState | undefined;
  const openings: number[] = [];
  const closings: number[] = [];
  const forecasts: { at: number; around: number; earliest: number; latest: number }[] = [];
  const criticalsByEpisode: number[][] = [];
  const falseStatements: string[] = [];
  let texts = 0;
  let statements = 0;
  let longestSms = 0;
  let smsNotOneSegment = 0;
  const outflows: number[] = [];

  for (const reading of c.readings) {
    const observation: Observation =
      'fault' in reading
        ? {
            kind: 'failure',
            failure: { kind: 'unavailable', status: 503, reason: 'the API does not answer (503)' },
          }
        : {
            kind: 'sample',
            balance: reading.balance,
            currency: 'XOF',
            lastUpdate: new Date(reading.lastUpdate).toISOString(),
          };
    const before = state?.episode;
    const result = evaluate(state, observation, settings, new Date(reading.at), ACCOUNT);
    state = result.state;
    if (before === undefined && state.episode !== undefined) {
      openings.push(reading.at);
      criticalsByEpisode.push([]);
    }
    for (const event of result.events) {
      if (event.severity === 'RECOVERED') closings.push(reading.at);
      if (event.severity === 'UNUSUAL_OUTFLOW') outflows.push(reading.at);
      if (event.severity === 'CRITICAL') criticalsByEpisode.at(-1)?.push(reading.at);
      if (event.severity === 'FORECAST') {
        const eta =
          event.reason === 'low' && event.toLow !== undefined ? event.toLow : event.toZero;
        forecasts.push({
          at: reading.at,
          around: reading.at + eta.minutes * 60_000,
          earliest: reading.at + eta.earliest * 60_000,
          latest: reading.at + eta.latest * 60_000,
        });
      }
      const checked = checkEvent(event, settings);
      texts += checked.texts;
      statements += checked.statements;
      falseStatements.push(...checked.problems);
      longestSms = Math.max(longestSms, checked.longestSms);
      smsNotOneSegment += checked.smsNotOneSegment;
    }
  }

  // The monitor can see a crossing at the first check after a time; a check before it could
  // already see one that came just before it.
  const checkTimes = c.readings.map((r) => r.at);
  const nextCheck = (t: number) => checkTimes.find((u) => u >= t) ?? Number.POSITIVE_INFINITY;
  const previousCheck = (t: number) =>
    checkTimes.filter((u) => u <= t).at(-1) ?? Number.NEGATIVE_INFINITY;
  const firstOpeningAfter = (t: number) => openings.find((o) => o >= t);
  // A FORECAST's range held when the crossing came between its earliest and latest times.
  const inRange = (f: (typeof forecasts)[number], opening: number) =>
    opening >= previousCheck(f.earliest) && opening <= nextCheck(f.latest);
  // ... and came true when, besides, its "around" time missed the crossing by no more than half
  // the range's width: a wide, lopsided range whose far end holds the crossing did not say when.
  const held = (f: (typeof forecasts)[number], opening: number) => {
    const halfWidth = (f.latest - f.earliest) / 2;
    return (
      inRange(f, opening) &&
      opening >= previousCheck(f.around - halfWidth) &&
      opening <= nextCheck(f.around + halfWidth)
    );
  };
  const warnings = openings.map((opening, i) => {
    const after = i === 0 ? Number.NEGATIVE_INFINITY : (closings[i - 1] ?? opening);
    // Only a FORECAST whose range held warns: one that named the wrong time did not.
    const last = forecasts
      .filter((f) => f.at >= after && f.at <= opening && held(f, opening))
      .pop();
    return last === undefined ? 0 : Math.round((opening - last.at) / 60_000);
  });
  const lapsedForecasts = forecasts.filter((f) => {
    const opening = firstOpeningAfter(f.at);
    return opening === undefined || opening > nextCheck(f.latest);
  }).length;
  const falseForecasts = forecasts.filter((f) => {
    const opening = firstOpeningAfter(f.at);
    return opening === undefined || !held(f, opening);
  }).length;
  const inside = forecasts.filter((f) => {
    const opening = firstOpeningAfter(f.at);
    return opening !== undefined && inRange(f, opening);
  }).length;
  // The lead is at least one minute: a FORECAST due "now" would divide by zero.
  const widthShares = forecasts.map(
    (f) => (f.latest - f.earliest) / Math.max(60_000, f.around - f.at),
  );
  const earlyCrossings = forecasts.filter((f) => {
    const opening = firstOpeningAfter(f.at);
    return opening !== undefined && opening < previousCheck(f.earliest);
  }).length;
  const interval = settings.repeatAfterMinutes * 60_000;
  const maxCriticalPerInterval = Math.max(
    0,
    ...criticalsByEpisode.map((times) =>
      Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + interval).length)),
    ),
  );
  return {
    name: c.name,
    description: c.description,
    schedule: c.schedule,
    drain: c.drain,
    checks: c.readings.length,
    episodes: openings.length,
    warnings,
    forecasts: forecasts.length,
    lapsedForecasts,
    falseForecasts,
    inside,
    widthShares,
    earlyCrossings,
    maxCriticalPerInterval,
    criticals: criticalsByEpisode.reduce((n, times) => n + times.length, 0),
    texts,
    statements,
    falseStatements,
    longestSms,
    smsNotOneSegment,
    outflows,
  };
}

function checkEvent(event: AlertEvent, settings: PolicySettings) {
  const problems: string[] = [];
  let texts = 0;
  let statements = 0;
  let longestSms = 0;
  let smsNotOneSegment = 0;
  for (const locale of ['en', 'fr'] as const) {
    const alert = renderAlert(event, locale, CONTEXT);
    for (const [where, text] of [
      ['email', alert.email],
      ['sms', alert.sms],
      ['subject', alert.subject],
    ] as const) {
      texts += 1;
      problems.push(
        ...checkText(
          text,
          event,
          settings,
          locale,
          `${event.at} ${event.severity} ${locale} ${where}`,
        ),
      );
      if ('balance' in event && event.balance !== undefined)
        statements += statementsAbout(text, event.balance, locale).length;
    }
    const septets = gsm7Length(alert.sms);
    if (septets === undefined || septets > 160 || alert.sms.endsWith('...')) smsNotOneSegment += 1;
    longestSms = Math.max(longestSms, septets ?? Number.POSITIVE_INFINITY);
  }
  return { problems, texts, statements, longestSms, smsNotOneSegment };
}

export interface QualityReport {
  readonly cases: readonly CaseQuality[];
  /** Over the drain cases: the median warning, an opening without a FORECAST counting as 0. */
  readonly medianWarningMinutes: number;
  /** Over every case: FORECASTs whose latest time passed without a crossing (issue 12's). */
  readonly lapsedForecastShare: number;
  /** Over every case: FORECASTs that did not come true (issue 21's stricter count). */
  readonly falseForecastShare: number;
  /** Over every case: the share of FORECASTs whose crossing came inside the stated range. */
  readonly coverage: number;
  /** Over every case: the median range width as a share of the lead. */
  readonly medianWidthShare: number;
  readonly maxCriticalPerInterval: number;
  readonly falseStatements: number;
  readonly smsNotOneSegment: number;
}

/** The corpus measured; another `seedOffset` measures other weeks (test/corpus/held-out.ts). */
export function qualityReport(seedOffset = 0): QualityReport {
  const all = corpus(seedOffset).map((c) => measureCase(c, { ...DEPLOYED, ...c.settings }));
  // The FORECAST figures leave out the cases measured for UNUSUAL_OUTFLOW only; the texts'
  // truth, CRITICAL's repeats and the SMS lengths count every case.
  const outflowOnly = new Set(corpus(seedOffset).flatMap((c) => (c.outflowOnly ? [c.name] : [])));
  const cases = all.filter((c) => !outflowOnly.has(c.name));
  const drains = cases.filter((c) => c.drain);
  const forecasts = cases.reduce((n, c) => n + c.forecasts, 0);
  return {
    cases: all,
    medianWarningMinutes: median(drains.flatMap((c) => c.warnings)),
    lapsedForecastShare:
      forecasts === 0 ? 0 : cases.reduce((n, c) => n + c.lapsedForecasts, 0) / forecasts,
    falseForecastShare:
      forecasts === 0 ? 0 : cases.reduce((n, c) => n + c.falseForecasts, 0) / forecasts,
    coverage: forecasts === 0 ? 0 : cases.reduce((n, c) => n + c.inside, 0) / forecasts,
    medianWidthShare: median(cases.flatMap((c) => c.widthShares)),
    maxCriticalPerInterval: Math.max(...all.map((c) => c.maxCriticalPerInterval)),
    falseStatements: all.reduce((n, c) => n + c.falseStatements.length, 0),
    smsNotOneSegment: all.reduce((n, c) => n + c.smsNotOneSegment, 0),
  };
}

/** The targets of issue 12, each with what was measured. */
export function targets(report: QualityReport) {
  return [
    {
      target: 'median warning before LOW on drains >= 60 min',
      measured: `${report.medianWarningMinutes} min`,
      met: report.medianWarningMinutes >= 60,
    },
    {
      target: 'FORECASTs whose latest time passed without a crossing <= 10%',
      measured: `${(100 * report.lapsedForecastShare).toFixed(1)}%`,
      met: report.lapsedForecastShare <= 0.1,
    },
    {
      target: '<= 1 CRITICAL per reminder interval per episode',
      measured: String(report.maxCriticalPerInterval),
      met: report.maxCriticalPerInterval <= 1,
    },
    {
      target: '0 false statements in any text',
      measured: String(report.falseStatements),
      met: report.falseStatements === 0,
    },
    {
      target: 'every SMS one GSM-7 segment with a 32-character account name',
      measured: `${report.smsNotOneSegment} over`,
      met: report.smsNotOneSegment === 0,
    },
  ];
}

/** Minutes from the drain's start to the first UNUSUAL_OUTFLOW, for the case that has one. */
export function outflowDelay(c: CaseQuality): string {
  if (c.name !== 'drain-10x-5min') return '-';
  const first = c.outflows.find((t) => t >= DRAIN_STARTS);
  return first === undefined ? 'missed' : String((first - DRAIN_STARTS) / 60_000);
}

/** The markdown the doc carries between its markers. */
export function qualityMarkdown(report: QualityReport): string {
  const rows = report.cases.map((c) => {
    const warned = c.warnings.filter((w) => w > 0);
    return `| \`${c.name}\` | ${c.description} | \`${c.schedule}\` | ${c.checks} | ${c.episodes} | ${warned.length} | ${c.warnings.length === 0 ? '-' : median(c.warnings)} | ${c.forecasts} | ${c.lapsedForecasts} | ${c.earlyCrossings} | ${c.maxCriticalPerInterval} | ${c.texts} | ${c.statements} | ${c.falseStatements.length} | ${c.longestSms} | ${c.outflows.length} | ${outflowDelay(c)} |`;
  });
  const goals = targets(report).map(
    (t) => `| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`,
  );
  return [
    '| case | what happens | schedule | checks | episodes | warned | median warning (min) | FORECAST | latest time passed | crossed early | most CRITICAL in 6 h | texts | statements | false | longest SMS | UNUSUAL_OUTFLOW | outflow seen after (min) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| target | measured | |',
    '| --- | --- | --- |',
    ...goals,
    '',
    calibrationMarkdown(report),
  ].join('\n');
}
