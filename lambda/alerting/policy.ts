import {
  DEFAULT_FORECAST_SETTINGS,
  endsWithTopUp,
  forecastRunway,
  type Forecast,
  type ForecastSettings,
} from './forecast';
import { minutesBetween } from './format';
import { appendSample, decodeHistory, encodeHistory } from './history';
import type { AlertState, FailureEpisode, LowEpisode } from './state';
import type { AlertEvent, Amount, BalanceStatus, FailureInfo, Runway, Thresholds } from './types';

/**
 * The alert lifecycle: (previous state, observation, settings, now) -> (next state, events).
 * Pure: no I/O, no clock; the same inputs always give the same answer.
 *
 * The rules, and the choices where the issue left one to us:
 * - Below LOW opens an episode with one LOW, or one CRITICAL if already below CRITICAL.
 * - Crossing below CRITICAL publishes CRITICAL at once, even right after a LOW.
 * - Rising from CRITICAL back above CRITICAL (by the recovery margin), still below LOW, publishes
 *   nothing: the episode continues at the LOW level and its reminders say so. A later fall
 *   below CRITICAL is a new crossing and publishes CRITICAL again. Silence was chosen because the
 *   operator must still top up, and a "less bad" message at SMS volume is noise.
 * - While the episode lasts: one REMINDER every `repeatAfterMinutes` since the last notification.
 * - The episode ends when the balance reaches LOW plus the margin (hysteresis against flapping),
 *   with one RECOVERED. Every episode in the state has alerted (it is saved only with its
 *   opening alert), so there is never a RECOVERED for an episode that never alerted.
 * - `failureAlertAfter` consecutive failed reads publish one FAILING, then reminders on the same
 *   interval; the first good read after it publishes FAILING_RESOLVED. A failed read leaves the
 *   balance episode as it was, and its reminders wait: there is no new amount to report.
 * - A `lastUpdate` older than `staleAfterMinutes` publishes STALE once until it is fresh again.
 * - Above LOW, but forecast to cross it within `forecastHorizonMinutes`: one FORECAST, then no
 *   more until a top-up or a recovery re-arms it; never while an episode is open. LOW,
 *   CRITICAL and their reminders carry the runway (time to empty) when a forecast exists.
 * - Time never goes backwards in the state: a clock that jumps back is read as "no time passed".
 */

export interface PolicySettings {
  readonly thresholds: Thresholds;
  readonly repeatAfterMinutes: number;
  readonly recoveryMarginPercent: number;
  readonly failureAlertAfter: number;
  readonly staleAfterMinutes: number;
  readonly forecastHorizonMinutes: number;
  /** @default DEFAULT_FORECAST_SETTINGS, with top-ups of at least 25% of LOW */
  readonly forecast?: ForecastSettings;
}

/** The forecast settings in force: the defaults, a top-up being a rise of 25% of LOW. */
export function forecastSettings(settings: PolicySettings): ForecastSettings {
  return (
    settings.forecast ?? {
      ...DEFAULT_FORECAST_SETTINGS,
      topUpMinIncrease: 0.25 * settings.thresholds.low,
    }
  );
}

export type Observation =
  | {
      readonly kind: 'sample';
      readonly balance: number;
      readonly currency: string;
      readonly lastUpdate: string;
    }
  | { readonly kind: 'failure'; readonly failure: FailureInfo };

export interface PolicyResult {
  readonly state: AlertState;
  readonly events: readonly AlertEvent[];
  /** The balance's standing after this check (the episode's level, or OK). */
  readonly status: BalanceStatus;
  /** The runway forecast from this check's history, when there is one. */
  readonly forecast?: Forecast;
}

export function classifyBalance(balance: number, thresholds: Thresholds): BalanceStatus {
  if (thresholds.critical !== undefined && balance < thresholds.critical) return 'CRITICAL';
  if (balance < thresholds.low) return 'LOW';
  return 'OK';
}

/** The balance at which an episode ends: LOW plus the recovery margin. */
export function recoveryLevel(settings: PolicySettings): number {
  return settings.thresholds.low * (1 + settings.recoveryMarginPercent / 100);
}

/** The balance at which a CRITICAL episode steps back to LOW: CRITICAL plus the margin, at most LOW. */
function criticalExitLevel(settings: PolicySettings): number {
  const { critical, low } = settings.thresholds;
  if (critical === undefined) return Number.NEGATIVE_INFINITY;
  return Math.min(low, critical * (1 + settings.recoveryMarginPercent / 100));
}

export function evaluate(
  previous: AlertState | undefined,
  observation: Observation,
  settings: PolicySettings,
  now: Date,
  account: string,
): PolicyResult {
  // Monotonic time: a clock that jumped backwards cannot make reminders early or timestamps regress.
  const at =
    previous !== undefined && Date.parse(previous.lastCheckAt) > now.getTime()
      ? previous.lastCheckAt
      : now.toISOString();
  const base: AlertState = { ...(previous ?? { schema: 1 }), schema: 1, lastCheckAt: at };
  return observation.kind === 'failure'
    ? onFailure(base, observation.failure, settings, at, account)
    : onSample(base, observation, settings, at, account);
}

function onFailure(
  state: AlertState,
  failure: FailureInfo,
  settings: PolicySettings,
  at: string,
  account: string,
): PolicyResult {
  const previous = state.failure;
  // The latest failure describes the episode; its start and alert times carry over.
  const episode: FailureEpisode = {
    since: previous?.since ?? at,
    count: (previous?.count ?? 0) + 1,
    kind: failure.kind,
    reason: failure.reason,
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.code === undefined ? {} : { code: failure.code }),
    ...(previous?.alertedAt === undefined ? {} : { alertedAt: previous.alertedAt }),
    ...(previous?.lastAlertAt === undefined ? {} : { lastAlertAt: previous.lastAlertAt }),
  };

  const events: AlertEvent[] = [];
  const common = {
    account,
    at,
    failure,
    failedChecks: episode.count,
    since: episode.since,
  } as const;
  if (episode.alertedAt === undefined) {
    if (episode.count >= settings.failureAlertAfter) {
      events.push({ severity: 'FAILING', ...common });
      episode.alertedAt = at;
      episode.lastAlertAt = at;
    }
  } else if (
    minutesBetween(episode.lastAlertAt ?? episode.alertedAt, at) >= settings.repeatAfterMinutes
  ) {
    events.push({ severity: 'REMINDER', remindsOf: 'FAILING', ...common });
    episode.lastAlertAt = at;
  }
  const next: AlertState = { ...state, failure: episode };
  return { state: next, events, status: next.episode?.level ?? 'OK' };
}

function onSample(
  state: AlertState,
  sample: Extract<Observation, { kind: 'sample' }>,
  settings: PolicySettings,
  at: string,
  account: string,
): PolicyResult {
  const amount: Amount = { balance: sample.balance, currency: sample.currency };
  const events: AlertEvent[] = [];
  const forecastRules = forecastSettings(settings);
  const history = appendSample(
    decodeHistory(state.history),
    { t: Date.parse(at), balance: sample.balance },
    forecastRules.historyMinutes,
  );
  const forecast = forecastRunway(history, Date.parse(at), settings.thresholds.low, forecastRules);
  const runway: Runway | undefined = forecast?.toZero;

  // The monitor can read again: close the failure episode, and say so if FAILING went out.
  if (state.failure?.alertedAt !== undefined) {
    events.push({
      severity: 'FAILING_RESOLVED',
      account,
      at,
      since: state.failure.since,
      ...amount,
    });
  }

  const { episode, events: balanceEvents } = nextEpisode(
    state.episode,
    amount,
    settings,
    at,
    account,
    runway,
  );
  events.push(...balanceEvents);

  // FORECAST: armed unless sent since the last top-up or recovery; only outside an episode.
  let forecastSentAt = state.forecastSentAt;
  if (
    endsWithTopUp(history, forecastRules.topUpMinIncrease) ||
    balanceEvents.some((e) => e.severity === 'RECOVERED')
  ) {
    forecastSentAt = undefined;
  }
  const toLow = forecast?.toLow;
  if (
    settings.forecastHorizonMinutes > 0 &&
    // Outside an episode, and not in the check that ends one: RECOVERED and "low again soon"
    // in one breath would read as flapping; the next check may still say it.
    state.episode === undefined &&
    episode === undefined &&
    forecastSentAt === undefined &&
    forecast !== undefined &&
    toLow !== undefined &&
    toLow.minutes <= settings.forecastHorizonMinutes
  ) {
    events.push({
      severity: 'FORECAST',
      account,
      at,
      threshold: settings.thresholds.low,
      toLow,
      perHour: forecast.perHour,
      ...amount,
    });
    forecastSentAt = at;
  }

  // Stale data: once per episode of staleness; fresh data ends the episode silently.
  let staleSince = state.staleSince;
  const ageMinutes = minutesBetween(sample.lastUpdate, at);
  if (ageMinutes > settings.staleAfterMinutes) {
    if (staleSince === undefined) {
      events.push({ severity: 'STALE', account, at, lastUpdate: sample.lastUpdate, ...amount });
      staleSince = at;
    }
  } else {
    staleSince = undefined;
  }

  const storedHistory = encodeHistory(history);
  const next: AlertState = {
    schema: 1,
    lastCheckAt: at,
    last: { ...amount, at },
    ...(episode === undefined ? {} : { episode }),
    ...(staleSince === undefined ? {} : { staleSince }),
    ...(storedHistory === undefined ? {} : { history: storedHistory }),
    ...(forecastSentAt === undefined ? {} : { forecastSentAt }),
  };
  return {
    state: next,
    events,
    status: episode?.level ?? 'OK',
    ...(forecast === undefined ? {} : { forecast }),
  };
}

function nextEpisode(
  current: LowEpisode | undefined,
  amount: Amount,
  settings: PolicySettings,
  at: string,
  account: string,
  runway: Runway | undefined,
): { episode: LowEpisode | undefined; events: AlertEvent[] } {
  const { thresholds } = settings;
  const withRunway = runway === undefined ? {} : { runway };
  const raw = classifyBalance(amount.balance, thresholds);
  const thresholdOf = (level: 'LOW' | 'CRITICAL') =>
    level === 'CRITICAL' && thresholds.critical !== undefined
      ? thresholds.critical
      : thresholds.low;

  if (current === undefined) {
    if (raw === 'OK') return { episode: undefined, events: [] };
    return {
      episode: { since: at, level: raw, lastAlertAt: at },
      events: [
        {
          severity: raw,
          account,
          at,
          since: at,
          threshold: thresholdOf(raw),
          ...amount,
          ...withRunway,
        },
      ],
    };
  }

  if (amount.balance >= recoveryLevel(settings)) {
    return {
      episode: undefined,
      events: [
        {
          severity: 'RECOVERED',
          account,
          at,
          since: current.since,
          threshold: recoveryLevel(settings),
          ...amount,
        },
      ],
    };
  }

  if (raw === 'CRITICAL' && current.level === 'LOW') {
    return {
      episode: { ...current, level: 'CRITICAL', lastAlertAt: at },
      events: [
        {
          severity: 'CRITICAL',
          account,
          at,
          since: current.since,
          threshold: thresholdOf('CRITICAL'),
          ...amount,
          ...withRunway,
        },
      ],
    };
  }

  const level =
    current.level === 'CRITICAL' && amount.balance >= criticalExitLevel(settings)
      ? 'LOW'
      : current.level;
  if (minutesBetween(current.lastAlertAt, at) >= settings.repeatAfterMinutes) {
    return {
      episode: { ...current, level, lastAlertAt: at },
      events: [
        {
          severity: 'REMINDER',
          remindsOf: level,
          account,
          at,
          since: current.since,
          threshold: thresholdOf(level),
          ...amount,
          ...withRunway,
        },
      ],
    };
  }
  return { episode: { ...current, level }, events: [] };
}
