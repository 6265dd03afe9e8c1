import {
  forecastRunway,
  samplingInterval,
  type Forecast,
  type HistoryPoint,
} from '../alerting/forecast';
import { decodeHistory } from '../alerting/history';
import type { PageLimits } from '../alerting/page-limits-schema';
import { adviceFor, forecastSettings, type PolicySettings } from '../alerting/policy';
import type { AlertState } from '../alerting/state';
import { LIFECYCLE_RANGES } from '../contract/settings';

/**
 * What the acknowledge page shows of an account, worked out from the state the check keeps:
 * the last reading, the levels the check judged it by, how much to add (the policy's own
 * computation, so the page says what the alerts say), the 48 hours of history the forecast
 * keeps, the forecast's line, and when the next check should run. Pure: `now` is an argument.
 */

export const CHART_HOURS = 48;
/** How far ahead the chart draws the forecast. */
export const FORECAST_CHART_HOURS = 12;

export interface ForecastLine {
  readonly from: HistoryPoint;
  readonly to: HistoryPoint;
}

export interface PageFigures {
  readonly reading?: { readonly balance: number; readonly currency: string; readonly at: string };
  readonly limits?: PageLimits;
  /** How much to add; `advised` only with a forecast of the current pace. */
  readonly toAdd?: {
    readonly minimum: number;
    readonly advised?: number;
    readonly hours: number;
  };
  /** The readings of the last CHART_HOURS before the last one, oldest first. */
  readonly history: readonly HistoryPoint[];
  readonly forecast?: ForecastLine;
  /** When the next check should run (the sampling interval after the last), ISO. */
  readonly nextCheckAt: string;
}

/** The minutes between checks when the history is too short to say. */
const DEFAULT_CHECK_MINUTES = 5;

/**
 * The policy's settings as far as the how-much and the forecast read them: the stored levels,
 * the margin as the amount that gives the stored recovery level. The rest are the contract's
 * defaults, read by neither.
 */
function settingsOf(limits: PageLimits): PolicySettings {
  return {
    thresholds: { low: limits.low, critical: limits.critical },
    recoveryMarginPercent: 0,
    recoveryMarginAmount: limits.recovery - limits.low,
    topUpCoverHours: limits.coverHours,
    repeatAfterMinutes: LIFECYCLE_RANGES.repeatAlertMinutes.fallback,
    failureAlertAfter: LIFECYCLE_RANGES.failureAlertAfter.fallback,
    staleAfterMinutes: LIFECYCLE_RANGES.staleAfterMinutes.fallback,
    forecastHorizonMinutes: LIFECYCLE_RANGES.forecastHorizonMinutes.fallback,
  };
}

/** The forecast drawn from the fitted level now to where it reaches 0, or the chart's end. */
function lineOf(forecast: Forecast, at: number): ForecastLine {
  const span = FORECAST_CHART_HOURS * 60;
  const minutes = Math.min(forecast.toZero.minutes, span);
  const to =
    forecast.toZero.minutes <= span
      ? 0
      : forecast.level * (1 - minutes / Math.max(forecast.toZero.minutes, 1));
  return {
    from: { t: at, balance: forecast.level },
    to: { t: at + minutes * 60_000, balance: to },
  };
}

/**
 * When the first check after `t` (epoch ms) should run: the checks keep the sampling interval
 * of the history from the last one (5 minutes when the history is too short to say).
 */
export function checkAfter(state: AlertState | undefined, t: number, now: Date): string {
  const every = (samplingInterval(decodeHistory(state?.history)) ?? DEFAULT_CHECK_MINUTES) * 60_000;
  const checkedAt = Date.parse(state?.lastCheckAt ?? now.toISOString());
  const behind = Math.max(0, Math.floor((t - checkedAt) / every));
  return new Date(checkedAt + (behind + 1) * every).toISOString();
}

export function pageFigures(state: AlertState | undefined, now: Date): PageFigures {
  const last = state?.last;
  const limits = state?.limits;
  const all = decodeHistory(state?.history);
  const lastAt = last === undefined ? undefined : Date.parse(last.at);
  const history =
    lastAt === undefined
      ? []
      : all.filter((p) => p.t >= lastAt - CHART_HOURS * 3_600_000 && p.t <= lastAt);
  const nextCheckAt = checkAfter(state, now.getTime(), now);
  if (last === undefined || lastAt === undefined) return { history, nextCheckAt };
  const reading = { balance: last.balance, currency: last.currency, at: last.at };
  if (limits === undefined) return { reading, history, nextCheckAt };
  const settings = settingsOf(limits);
  const forecast = forecastRunway(history, lastAt, limits.low, forecastSettings(settings));
  const advice = adviceFor(last, settings, forecast);
  return {
    reading,
    limits,
    toAdd: {
      minimum: advice.toRecover,
      ...(advice.toCover === undefined ? {} : { advised: advice.toCover }),
      hours: advice.hours ?? limits.coverHours,
    },
    history,
    ...(forecast === undefined ? {} : { forecast: lineOf(forecast, lastAt) }),
    nextCheckAt,
  };
}
