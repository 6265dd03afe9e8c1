import { nextOutflow } from './outflow-alert';
import type { OutflowSettings } from './outflow';
import { healFutureTimes, writtenAhead } from './clock';
import {
  DEFAULT_FORECAST_SETTINGS,
  endsWithTopUp,
  forecastRunway,
  type Forecast,
  type ForecastSettings,
} from './forecast';
import { minutesBetween } from './time';
import { closing, coolOffOf, reopening, steadySpell, withinCoolOff, type Closed } from './storm';
import { appendSample, decodeHistory, encodeHistory } from './history';
import { appendOffSchedule } from './off-schedule';
import { pacedForecast, recordHint } from './hinted';
import { keepRecentReadings, withRecentReadings } from './recent-readings';
import { judgeSingleDebit } from './single-debit';
import type { CallbackHint } from '../contract/callback-body';
import { topUpAdvice } from './top-up';
import type { AlertState, FailureEpisode, LowEpisode } from './state';
import type {
  AlertEvent,
  Amount,
  BalanceStatus,
  FailureInfo,
  Level,
  Runway,
  ThresholdEvent,
  Thresholds,
  TopUpAdvice,
} from './types';

/**
 * The alert lifecycle: (previous state, observation, settings, now) -> (next state, events).
 * Pure: no I/O, no clock; the same inputs always give the same answer.
 *
 * The rules, and the choices where the issues left one to us:
 * - Below LOW opens an episode with one LOW, or one CRITICAL if already below CRITICAL. Without
 *   a critical threshold, an empty or overdrawn balance (zero or less) is CRITICAL.
 * - With `minBelowMinutes`, a crossing counts only once the balance has stayed below that long
 *   (a payout that briefly dips below does not alert); the default, 0, counts it at once.
 * - Crossing below CRITICAL publishes CRITICAL, even right after a LOW, but at most once per
 *   `repeatAfterMinutes` in an episode: a balance that flaps around CRITICAL (collections
 *   coming in) tells it once, then the reminders carry it.
 * - Rising from CRITICAL back above CRITICAL plus the margin, still below LOW, publishes
 *   nothing: the episode continues at the LOW level. The margin is the larger of
 *   `recoveryMarginPercent` of the threshold and `recoveryMarginAmount`, so it also holds for a
 *   small threshold.
 * - While the episode lasts: one REMINDER every `repeatAfterMinutes` since the last notification.
 * - The episode ends when the balance reaches LOW plus the margin, with one RECOVERED that names
 *   the worst level reached (routing sends it to whoever was told of that level).
 * - `failureAlertAfter` consecutive failed reads publish one FAILING, then reminders; the first
 *   good read after it publishes FAILING_RESOLVED. A failed read leaves the balance episode as
 *   it was.
 * - A `lastUpdate` older than `staleAfterMinutes` publishes STALE once; fresh again, once
 *   STALE_RESOLVED.
 * - FORECAST (outside an episode): when LOW is due within `forecastHorizonMinutes`, or, with
 *   `runwayAlertHours`, when the balance is due to run out within that many hours. Once sent, no
 *   more until a top-up, a recovery, or the forecast's latest crossing time passed without one.
 * - LOW, CRITICAL, reminders and FORECAST carry how much to add (top-up.ts): the exact minimum
 *   that brings the balance to the recovery level, and, with a draining pace, the advised amount
 *   that also lasts `topUpCoverHours` at that pace above the recovery level.
 * - Time never goes backwards in the state: a clock that jumps back is read as "no time passed".
 * - With `coolOffMinutes`, an episode (balance or failure) that opens again within that long
 *   after it ended continues the old one, says once that the readings are unstable, and then
 *   tells its end only once things have stayed good that long (storm.ts says why).
 * - A callback's hint (a check a DEXCHANGE callback started) decides nothing on its own: its
 *   balance is an unconfirmed point that only the pace stated learns from (hinted.ts), its
 *   debit raises UNUSUAL_OUTFLOW only with this reading's own fall (single-debit.ts).
 */

export interface PolicySettings {
  readonly thresholds: Thresholds;
  readonly repeatAfterMinutes: number;
  readonly recoveryMarginPercent: number;
  /** @default 0 */
  readonly recoveryMarginAmount?: number;
  /** @default 0: a crossing counts at once */
  readonly minBelowMinutes?: number;
  readonly failureAlertAfter: number;
  readonly staleAfterMinutes: number;
  readonly forecastHorizonMinutes: number;
  /** @default - no runway alert */
  readonly runwayAlertHours?: number;
  /** @default 24 */
  readonly topUpCoverHours?: number;
  /** @default DEFAULT_FORECAST_SETTINGS, with top-ups of at least 25% of LOW */
  readonly forecast?: ForecastSettings;
  /** @default 0: an episode that reopens is a new one (storm.ts) */
  readonly coolOffMinutes?: number;
  /** @default DEFAULT_OUTFLOW_SETTINGS (outflow.ts): UNUSUAL_OUTFLOW's rule */
  readonly outflow?: OutflowSettings;
}

/** The forecast settings in force: the defaults, a top-up being a rise of 25% of LOW. */
export function forecastSettings(settings: PolicySettings): ForecastSettings {
  return {
    ...(settings.forecast ?? {
      ...DEFAULT_FORECAST_SETTINGS,
      topUpMinIncrease: 0.25 * settings.thresholds.low,
    }),
    coverMinutes: (settings.topUpCoverHours ?? 24) * 60,
  };
}

export type Observation =
  | {
      readonly kind: 'sample';
      readonly balance: number;
      readonly currency: string;
      readonly lastUpdate: string;
      /** Read by a check a callback started: joins the history only where the schedule left a gap (off-schedule.ts). */
      readonly offSchedule?: boolean;
      /** What that callback said: unconfirmed, it decides no alert on its own (hinted.ts, single-debit.ts). */
      readonly hint?: CallbackHint;
    }
  | {
      readonly kind: 'failure';
      readonly failure: FailureInfo;
      /** A check a callback started: not counted as the schedule's (scheduledAt, checkLog). */
      readonly offSchedule?: boolean;
    };

export interface PolicyResult {
  readonly state: AlertState;
  readonly events: readonly AlertEvent[];
  /** The balance's standing after this check (the episode's level, or OK). */
  readonly status: BalanceStatus;
  /** The runway forecast from this check's history, when there is one. */
  readonly forecast?: Forecast;
}

/** The least time between two FORECASTs when the first did not come true. */
export const FORECAST_COOL_OFF_MINUTES = 120;

/** The CRITICAL threshold in force: the configured one, or 0 (empty) without one. */
export function criticalThreshold(thresholds: Thresholds): number {
  return thresholds.critical ?? 0;
}

export function classifyBalance(balance: number, thresholds: Thresholds): BalanceStatus {
  if (thresholds.critical !== undefined ? balance < thresholds.critical : balance <= 0)
    return 'CRITICAL';
  if (balance < thresholds.low) return 'LOW';
  return 'OK';
}

/** The hysteresis above a threshold: the larger of the percentage and the amount. */
export function margin(threshold: number, settings: PolicySettings): number {
  return Math.max(
    (Math.abs(threshold) * settings.recoveryMarginPercent) / 100,
    settings.recoveryMarginAmount ?? 0,
  );
}

/** The balance at which an episode ends: LOW plus the margin. */
export function recoveryLevel(settings: PolicySettings): number {
  return settings.thresholds.low + margin(settings.thresholds.low, settings);
}

/** The balance at which a CRITICAL episode steps back to LOW: CRITICAL plus the margin, at most LOW. */
export function criticalExitLevel(settings: PolicySettings): number {
  const critical = criticalThreshold(settings.thresholds);
  return Math.min(settings.thresholds.low, critical + margin(critical, settings));
}

/** How much to add (top-up.ts): the minimum to close the alert, and the advised cover. */
export function adviceFor(
  sample: { readonly balance: number; readonly currency: string },
  settings: PolicySettings,
  forecast: Forecast | undefined,
): TopUpAdvice {
  // The pace runs only in the hours the balance moves (forecast.ts): a day's cover is the
  // pace over those, not over 24 clock hours.
  const pace =
    forecast === undefined
      ? undefined
      : { perHour: forecast.perHour, activeMinutes: forecast.coverActiveMinutes };
  return topUpAdvice(
    sample.balance,
    recoveryLevel(settings),
    sample.currency,
    pace,
    settings.topUpCoverHours ?? 24,
  );
}

export function evaluate(
  previous: AlertState | undefined,
  observation: Observation,
  settings: PolicySettings,
  now: Date,
  account: string,
): PolicyResult {
  // A state written by a clock far ahead is brought back to now (clock.ts); within the
  // tolerance, time is monotonic: a clock a little behind cannot make reminders early or
  // timestamps regress.
  const prior =
    previous !== undefined && writtenAhead(previous, now)
      ? healFutureTimes(previous, now)
      : previous;
  const at =
    prior !== undefined && Date.parse(prior.lastCheckAt) > now.getTime()
      ? prior.lastCheckAt
      : now.toISOString();
  const base: AlertState = { ...(prior ?? { schema: 1 }), schema: 1, lastCheckAt: at };
  const result =
    observation.kind === 'failure'
      ? onFailure(base, observation.failure, settings, at, account)
      : onSample(base, observation, settings, at, account);
  // What every check keeps besides the policy's own: the silences still to come, and the
  // hourly count of checks for the digest; and an acknowledgment is announced once.
  const silences = (base.silences ?? []).filter((x) => Date.parse(x.until) > Date.parse(at));
  const announced = announceAcknowledgments(result.state, account, at);
  // A callback's check is not the schedule's: the watchdog and the save policy time the
  // schedule, the digest counts its checks. Stored only while it differs from lastCheckAt
  // (after a callback's check): a scheduled check's state stays as small as before.
  const offSchedule = observation.offSchedule === true;
  const judged: AlertState = { ...announced.state };
  delete judged.scheduledAt;
  const scheduledAt = offSchedule ? (prior?.scheduledAt ?? prior?.lastCheckAt) : undefined;
  return {
    ...result,
    events: [...result.events, ...announced.events],
    state: {
      ...judged,
      ...(scheduledAt === undefined ? {} : { scheduledAt }),
      ...(silences.length === 0 ? {} : { silences }),
      checkLog: logCheck(base.checkLog, at, observation.kind === 'failure', offSchedule),
    },
  };
}

/**
 * Adds a check (failed or not) to its hour; keeps the last 25 hours. A callback's check counts
 * apart (`callbacks`): the digest's checks are the schedule's, whatever the callbacks did.
 */
function logCheck(
  log: AlertState['checkLog'],
  at: string,
  failed: boolean,
  offSchedule = false,
): NonNullable<AlertState['checkLog']> {
  const hour = `${at.slice(0, 13)}:00:00.000Z`;
  const entries = [...(log ?? [])];
  const last = entries.at(-1);
  const current = last?.hour === hour ? last : { hour, checks: 0, failed: 0 };
  const next = offSchedule
    ? { ...current, callbacks: (current.callbacks ?? 0) + 1 }
    : { ...current, checks: current.checks + 1, failed: current.failed + (failed ? 1 : 0) };
  if (last?.hour === hour) entries[entries.length - 1] = next;
  else entries.push(next);
  const since = Date.parse(at) - 25 * 3_600_000;
  return entries.filter((e) => Date.parse(e.hour) > since).slice(-25);
}

/**
 * An acknowledgment (written by the acknowledge page) is told to the others once: one
 * ACKNOWLEDGED per episode, after which the episode's reminders stop.
 */
function announceAcknowledgments(
  state: AlertState,
  account: string,
  at: string,
): { state: AlertState; events: AlertEvent[] } {
  const events: AlertEvent[] = [];
  let next = state;
  const { episode, failure } = state;
  if (episode?.acknowledgedAt !== undefined && episode.ackAnnounced !== true) {
    events.push({
      severity: 'ACKNOWLEDGED',
      account,
      at,
      about: episode.level,
      since: episode.since,
      by: episode.acknowledgedBy ?? '',
      acknowledgedAt: episode.acknowledgedAt,
    });
    next = { ...next, episode: { ...episode, ackAnnounced: true } };
  }
  if (failure?.acknowledgedAt !== undefined && failure.ackAnnounced !== true) {
    events.push({
      severity: 'ACKNOWLEDGED',
      account,
      at,
      about: 'FAILING',
      since: failure.since,
      by: failure.acknowledgedBy ?? '',
      acknowledgedAt: failure.acknowledgedAt,
    });
    next = { ...next, failure: { ...failure, ackAnnounced: true } };
  }
  return { state: next, events };
}

function onFailure(
  state: AlertState,
  failure: FailureInfo,
  settings: PolicySettings,
  at: string,
  account: string,
): PolicyResult {
  const { previous, newRun } = continuedFailure(state, at, coolOffOf(settings));
  // The latest failure describes the episode; its start and alert times carry over.
  const episode: FailureEpisode = {
    since: previous?.since ?? at,
    count: (newRun ? 0 : (previous?.count ?? 0)) + 1,
    kind: failure.kind,
    reason: failure.reason,
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.code === undefined ? {} : { code: failure.code }),
    ...(failure.detail === undefined ? {} : { detail: failure.detail }),
    ...(failure.attempts === undefined ? {} : { attempts: failure.attempts }),
    ...(previous?.alertedAt === undefined ? {} : { alertedAt: previous.alertedAt }),
    ...(previous?.lastAlertAt === undefined ? {} : { lastAlertAt: previous.lastAlertAt }),
    ...(previous?.reopenedAt === undefined ? {} : { reopenedAt: previous.reopenedAt }),
    ...(previous?.acknowledgedAt === undefined
      ? {}
      : {
          acknowledgedAt: previous.acknowledgedAt,
          ...(previous.acknowledgedBy === undefined
            ? {}
            : { acknowledgedBy: previous.acknowledgedBy }),
          ...(previous.ackAnnounced === undefined ? {} : { ackAnnounced: previous.ackAnnounced }),
        }),
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
      const ended = episode.reopenedAt === undefined ? undefined : state.closedFailure?.closedAt;
      events.push({
        severity: 'FAILING',
        ...common,
        ...(ended === undefined
          ? {}
          : { unstable: { endedAt: ended, coolOffMinutes: coolOffOf(settings) } }),
      });
      episode.alertedAt = at;
      episode.lastAlertAt = at;
    }
  } else if (
    // Someone is on it: no more reminders.
    episode.acknowledgedAt === undefined &&
    minutesBetween(episode.lastAlertAt ?? episode.alertedAt, at) >= settings.repeatAfterMinutes
  ) {
    events.push({ severity: 'REMINDER', remindsOf: 'FAILING', ...common });
    episode.lastAlertAt = at;
  }
  const next: AlertState = { ...state, failure: episode };
  return { state: next, events, status: next.episode?.level ?? 'OK' };
}

/**
 * The failure episode a failed read adds to: the open one (a run that a good read broke
 * starts counting again), or one that ended within the cool-off, reopened: it has said nothing
 * yet, and says FAILING (unstable) once the new run is long enough.
 */
function continuedFailure(
  state: AlertState,
  at: string,
  coolOff: number,
): { previous: FailureEpisode | undefined; newRun: boolean } {
  if (state.failure !== undefined) {
    const { resolvingSince, ...previous } = state.failure;
    return { previous, newRun: resolvingSince !== undefined };
  }
  const closed = withinCoolOff(state.closedFailure, at, coolOff);
  if (closed === undefined) return { previous: undefined, newRun: true };
  // It has said nothing since it reopened: FAILING goes again once the run is long enough.
  const previous: FailureEpisode = reopening(closed, at);
  delete previous.alertedAt;
  return { previous, newRun: true };
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
  const history = (sample.offSchedule === true ? appendOffSchedule : appendSample)(
    decodeHistory(state.history),
    { t: Date.parse(at), balance: sample.balance },
    forecastRules.historyMinutes,
  );
  const forecast = forecastRunway(history, Date.parse(at), settings.thresholds.low, forecastRules);
  // A callback's balance joins the unconfirmed points (hinted.ts): they add to the pace this
  // check states (the runway, how much to add) where the readings corroborate them, and to
  // nothing it decides: FORECAST, like every rule below, is judged on the readings alone.
  const hinted = recordHint(state.hinted, sample.hint, Date.parse(at), forecastRules.windowMinutes);
  const paced = pacedForecast(
    history,
    hinted,
    forecast,
    Date.parse(at),
    settings.thresholds.low,
    forecastRules,
  );
  // No runway for an empty or overdrawn balance, nor one the fit already puts at zero (a
  // collection just lifted it out of the red): "empty in 0 min" of a positive balance is false.
  const runway: Runway | undefined =
    sample.balance > 0 && paced !== undefined && paced.toZero.minutes > 0
      ? paced.toZero
      : undefined;
  const topUp = adviceFor(sample, settings, paced);

  // The monitor can read again: close the failure episode, and say so if FAILING went out;
  // an unstable one says so once the reads have been good for the cool-off (storm.ts).
  const coolOff = coolOffOf(settings);
  let closedFailure = withinCoolOff(state.closedFailure, at, coolOff);
  let failure: FailureEpisode | undefined;
  const spell =
    state.failure?.reopenedAt === undefined
      ? undefined
      : steadySpell(state.failure.resolvingSince, at, coolOff);
  if (state.failure?.alertedAt !== undefined && spell !== undefined && !spell.steady) {
    failure = { ...state.failure, resolvingSince: spell.since };
  } else if (state.failure?.alertedAt !== undefined) {
    if (coolOff > 0) closedFailure = closing(state.failure, at, ['resolvingSince', 'reopenedAt']);
    events.push({
      severity: 'FAILING_RESOLVED',
      account,
      at,
      since: state.failure.since,
      ...(state.failure.acknowledgedAt === undefined
        ? {}
        : { acknowledgedBy: state.failure.acknowledgedBy ?? '' }),
      ...amount,
    });
  } else if (state.failure?.reopenedAt !== undefined && coolOff > 0) {
    // Reopened, and read well again before it said anything: the storm goes on, so its
    // cool-off starts again from this good read.
    closedFailure = closing(state.failure, at, ['resolvingSince', 'reopenedAt']);
  }

  const {
    episode,
    belowSince,
    belowCriticalSince,
    closed,
    events: balanceEvents,
  } = nextEpisode(state, amount, settings, at, account, runway, topUp);
  const closedEpisode = closed ?? withinCoolOff(state.closedEpisode, at, coolOff);
  events.push(...balanceEvents);

  const forecastNews = nextForecast(
    state,
    episode,
    history,
    forecast,
    settings,
    at,
    account,
    amount,
    topUp,
  );
  const recovered = balanceEvents.some((e) => e.severity === 'RECOVERED');
  events.push(...forecastNews.events);
  // UNUSUAL_OUTFLOW: even above LOW, and inside an alert too (a leaked key does not stop there).
  // One debit a callback named counts only when this reading fell as much (single-debit.ts).
  const debit = judgeSingleDebit(
    sample.hint,
    state.last,
    sample.balance,
    at,
    settings.outflow?.singleDebitAmount,
  );
  // The outflow rule also reads the readings of callbacks' checks that the history left out
  // (recent-readings.ts): with the schedule as a backstop, a drain shows within minutes.
  const recent = keepRecentReadings(state.recent, history, {
    t: Date.parse(at),
    balance: sample.balance,
  });
  const outflowNews = nextOutflow(
    state,
    withRecentReadings(history, recent),
    settings.outflow,
    at,
    account,
    amount,
    debit,
  );
  events.push(...outflowNews.events);

  // Stale data: once per episode of staleness, and once more when it moves again: a newer
  // lastUpdate, not a threshold raised since (that ends the episode silently).
  let staleSince = state.staleSince;
  let staleLastUpdate = state.staleLastUpdate;
  const ageMinutes = minutesBetween(sample.lastUpdate, at);
  if (ageMinutes > settings.staleAfterMinutes) {
    if (staleSince === undefined) {
      events.push({
        severity: 'STALE',
        account,
        at,
        lastUpdate: sample.lastUpdate,
        staleAfterMinutes: settings.staleAfterMinutes,
        ...amount,
      });
      staleSince = at;
      staleLastUpdate = sample.lastUpdate;
    }
  } else if (staleSince !== undefined) {
    // A marker saved before staleLastUpdate existed was set past the old default of 1440.
    const moved =
      staleLastUpdate !== undefined
        ? Date.parse(sample.lastUpdate) > Date.parse(staleLastUpdate)
        : ageMinutes <= 1440;
    if (moved)
      events.push({
        severity: 'STALE_RESOLVED',
        account,
        at,
        lastUpdate: sample.lastUpdate,
        since: staleSince,
        ...(staleLastUpdate === undefined ? {} : { staleUpdate: staleLastUpdate }),
        ...amount,
      });
    staleSince = undefined;
    staleLastUpdate = undefined;
  }

  const storedHistory = encodeHistory(history);
  const forecastState = recovered ? {} : forecastNews.state;
  const next: AlertState = {
    schema: 1,
    lastCheckAt: at,
    last: { ...amount, at },
    ...(episode === undefined ? {} : { episode }),
    ...(failure === undefined ? {} : { failure }),
    ...(closedEpisode === undefined ? {} : { closedEpisode }),
    ...(closedFailure === undefined ? {} : { closedFailure }),
    ...(belowSince === undefined ? {} : { belowSince }),
    ...(belowCriticalSince === undefined ? {} : { belowCriticalSince }),
    ...(staleSince === undefined ? {} : { staleSince }),
    ...(staleLastUpdate === undefined ? {} : { staleLastUpdate }),
    ...(storedHistory === undefined ? {} : { history: storedHistory }),
    ...(hinted === undefined ? {} : { hinted }),
    ...(recent === undefined ? {} : { recent }),
    ...forecastState,
    ...outflowNews.state,
  };
  return {
    state: next,
    events,
    status: episode?.level ?? 'OK',
    ...(paced === undefined ? {} : { forecast: paced }),
  };
}

/** FORECAST: armed unless sent and not yet re-armed; only outside an episode. */
function nextForecast(
  state: AlertState,
  episode: LowEpisode | undefined,
  history: ReturnType<typeof appendSample>,
  forecast: Forecast | undefined,
  settings: PolicySettings,
  at: string,
  account: string,
  amount: Amount,
  topUp: TopUpAdvice,
): {
  events: AlertEvent[];
  state: Pick<AlertState, 'forecastSentAt' | 'forecastExpiresAt'>;
} {
  let sentAt = state.forecastSentAt;
  let expiresAt = state.forecastExpiresAt;
  // Re-armed by a top-up, or when the crossing it foretold ("around T") has passed without
  // happening: the warning was not used up by a forecast that did not come true. Not sooner
  // than FORECAST_COOL_OFF_MINUTES after it, though: a pace that keeps promising a crossing that
  // keeps not coming (a Saturday read with Friday's pace) says so every two hours at most, not
  // at every check. A marker saved before expiries existed expires with that delay.
  const now = Date.parse(at);
  const interval = Math.min(settings.repeatAfterMinutes, FORECAST_COOL_OFF_MINUTES);
  const expired =
    sentAt !== undefined &&
    minutesBetween(sentAt, at) >= interval &&
    (expiresAt === undefined || now > Date.parse(expiresAt));
  if (endsWithTopUp(history, forecastSettings(settings).topUpMinIncrease) || expired) {
    sentAt = undefined;
    expiresAt = undefined;
  }
  const keep = {
    ...(sentAt === undefined ? {} : { forecastSentAt: sentAt }),
    ...(expiresAt === undefined ? {} : { forecastExpiresAt: expiresAt }),
  };
  // Outside an episode, and not in the check that ends one: RECOVERED and "low again soon" in
  // one breath would read as flapping; the next check may still say it.
  if (state.episode !== undefined || episode !== undefined || sentAt !== undefined)
    return { events: [], state: keep };
  if (forecast === undefined || amount.balance <= 0) return { events: [], state: keep };
  const toLow = forecast.toLow;
  // "Will fall below LOW" is only said of a balance that is not below it already.
  const lowSoon =
    settings.forecastHorizonMinutes > 0 &&
    amount.balance >= settings.thresholds.low &&
    toLow !== undefined &&
    toLow.minutes <= settings.forecastHorizonMinutes;
  const runwayShort =
    settings.runwayAlertHours !== undefined &&
    forecast.toZero.minutes <= settings.runwayAlertHours * 60;
  if (!lowSoon && !runwayShort) return { events: [], state: keep };
  const due = lowSoon ? toLow.minutes : forecast.toZero.minutes;
  return {
    events: [
      {
        severity: 'FORECAST',
        reason: lowSoon ? 'low' : 'runway',
        account,
        at,
        threshold: settings.thresholds.low,
        ...(toLow === undefined ? {} : { toLow }),
        toZero: forecast.toZero,
        perHour: forecast.perHour,
        topUp,
        ...amount,
      },
    ],
    state: {
      forecastSentAt: at,
      forecastExpiresAt: new Date(Date.parse(at) + due * 60_000).toISOString(),
    },
  };
}

/** The episode without an unstable good spell (the balance fell below recovery again). */
function withoutRecoveringSpell(episode: LowEpisode): LowEpisode {
  const copy = { ...episode };
  delete copy.recoveringSince;
  return copy;
}

/** The episode without a pending CRITICAL crossing (it counted, or the balance rose again). */
function withoutCriticalWait(episode: LowEpisode): LowEpisode {
  const copy = { ...episode };
  delete copy.criticalBelowSince;
  return copy;
}

/**
 * Whether the episode's acknowledgment covers its current level: one given at CRITICAL covers
 * LOW too; one given at LOW does not cover a CRITICAL. (One saved before levels were recorded
 * covers whatever the level is.)
 */
export function acknowledgmentCovers(
  episode: Pick<LowEpisode, 'acknowledgedAt' | 'acknowledgedLevel' | 'level'>,
): boolean {
  if (episode.acknowledgedAt === undefined) return false;
  const taken = episode.acknowledgedLevel;
  return taken === undefined || taken === 'CRITICAL' || taken === episode.level;
}

function nextEpisode(
  state: AlertState,
  amount: Amount,
  settings: PolicySettings,
  at: string,
  account: string,
  runway: Runway | undefined,
  topUp: TopUpAdvice,
): {
  episode: LowEpisode | undefined;
  belowSince: string | undefined;
  belowCriticalSince?: string;
  /** The episode that ended now, remembered for the cool-off (storm.ts). */
  closed?: Closed<LowEpisode>;
  events: AlertEvent[];
} {
  const { thresholds } = settings;
  const coolOff = coolOffOf(settings);
  // Below the recovery level again, an unstable episode's good spell is over.
  const current =
    state.episode !== undefined && amount.balance < recoveryLevel(settings)
      ? withoutRecoveringSpell(state.episode)
      : state.episode;
  const withRunway = runway === undefined ? {} : { runway };
  const raw = classifyBalance(amount.balance, thresholds);
  const minBelow = settings.minBelowMinutes ?? 0;
  const recovery = recoveryLevel(settings);
  const thresholdOf = (level: Level) =>
    level === 'CRITICAL' ? criticalThreshold(thresholds) : thresholds.low;
  const thresholdEvent = (severity: Level, since: string): ThresholdEvent => ({
    severity,
    account,
    at,
    since,
    threshold: thresholdOf(severity),
    low: thresholds.low,
    recovery,
    topUp,
    ...amount,
    ...withRunway,
  });

  if (current === undefined) {
    if (raw === 'OK') return { episode: undefined, belowSince: undefined, events: [] };
    // A crossing counts once the balance has stayed below for minBelowMinutes: LOW's since
    // it fell below LOW, CRITICAL's since it fell below CRITICAL.
    const belowSince = state.belowSince ?? at;
    const belowCriticalSince = raw === 'CRITICAL' ? (state.belowCriticalSince ?? at) : undefined;
    if (minutesBetween(belowSince, at) < minBelow)
      return { episode: undefined, belowSince, belowCriticalSince, events: [] };
    const level: Level =
      belowCriticalSince !== undefined && minutesBetween(belowCriticalSince, at) >= minBelow
        ? 'CRITICAL'
        : 'LOW';
    const ended = withinCoolOff(state.closedEpisode, at, coolOff);
    if (ended !== undefined) {
      // Soon after its RECOVERED: the old episode goes on (its start, acknowledgment and
      // limits), and says once, at its level now, that the readings are unstable.
      const continued = reopening(ended, at);
      return {
        episode: {
          ...continued,
          level,
          peak: level === 'CRITICAL' ? 'CRITICAL' : (continued.peak ?? 'CRITICAL'),
          lastAlertAt: at,
          ...(level === 'CRITICAL' ? { lastCriticalAt: at } : {}),
          ...(level === 'LOW' && belowCriticalSince !== undefined
            ? { criticalBelowSince: belowCriticalSince }
            : {}),
        },
        belowSince: undefined,
        events: [
          {
            ...thresholdEvent(level, continued.since),
            opens: true,
            unstable: { endedAt: ended.closedAt, coolOffMinutes: coolOff },
          },
        ],
      };
    }
    return {
      episode: {
        since: belowSince,
        level,
        peak: level,
        lastAlertAt: at,
        ...(level === 'CRITICAL' ? { lastCriticalAt: at } : {}),
        // Below CRITICAL, not for long enough yet: it counts when it has (see below).
        ...(level === 'LOW' && belowCriticalSince !== undefined
          ? { criticalBelowSince: belowCriticalSince }
          : {}),
      },
      belowSince: undefined,
      events: [{ ...thresholdEvent(level, belowSince), opens: true }],
    };
  }

  // An episode saved before `peak` existed may have been CRITICAL and stepped back: its
  // RECOVERED goes as CRITICAL, so that everyone who may have been told hears it ended.
  const peak: Level = current.peak ?? 'CRITICAL';
  if (amount.balance >= recovery) {
    // An unstable episode ends once the balance has stayed up for the cool-off; until then it
    // stands at LOW, silent (no reminder of a balance that reads well now).
    const spell =
      current.reopenedAt === undefined
        ? undefined
        : steadySpell(current.recoveringSince, at, coolOff);
    if (spell !== undefined && !spell.steady)
      return {
        episode: {
          ...withoutCriticalWait(current),
          level: 'LOW',
          peak,
          recoveringSince: spell.since,
        },
        belowSince: undefined,
        events: [],
      };
    return {
      episode: undefined,
      belowSince: undefined,
      ...(coolOff > 0
        ? {
            closed: closing({ ...current, peak }, at, [
              'criticalBelowSince',
              'recoveringSince',
              'reopenedAt',
            ]),
          }
        : {}),
      events: [
        {
          severity: 'RECOVERED',
          account,
          at,
          since: current.since,
          threshold: recovery,
          peak,
          ...(current.acknowledgedAt === undefined
            ? {}
            : { acknowledgedBy: current.acknowledgedBy ?? '' }),
          ...amount,
        },
      ],
    };
  }

  if (raw === 'CRITICAL' && current.level === 'LOW') {
    const criticalBelowSince = current.criticalBelowSince ?? at;
    if (minutesBetween(criticalBelowSince, at) < minBelow) {
      const waiting = { ...current, criticalBelowSince };
      return { episode: remindAt(waiting), belowSince: undefined, events: remindIfDue(waiting) };
    }
    const escalated: LowEpisode = {
      ...withoutCriticalWait(current),
      level: 'CRITICAL' as const,
      peak: 'CRITICAL' as const,
    };
    // At most one CRITICAL per reminder interval: a flapping balance says it once.
    // An episode saved before `lastCriticalAt` existed may or may not have been CRITICAL: it
    // gets its CRITICAL (one too many is better than a first one missed).
    const calm =
      current.lastCriticalAt !== undefined &&
      minutesBetween(current.lastCriticalAt, at) < settings.repeatAfterMinutes;
    if (calm) return { episode: escalated, belowSince: undefined, events: [] };
    return {
      episode: { ...escalated, lastAlertAt: at, lastCriticalAt: at },
      belowSince: undefined,
      events: [thresholdEvent('CRITICAL', current.since)],
    };
  }

  const steppedBack =
    current.level === 'CRITICAL' &&
    raw !== 'CRITICAL' &&
    amount.balance >= criticalExitLevel(settings);
  const episode: LowEpisode = {
    ...(raw === 'CRITICAL' ? current : withoutCriticalWait(current)),
    level: steppedBack ? 'LOW' : current.level,
    peak,
  };
  return { episode: remindAt(episode), belowSince: undefined, events: remindIfDue(episode) };

  function remindIfDue(episode: LowEpisode): AlertEvent[] {
    // Someone is on it: no more reminders of the level they took (a fall to CRITICAL still
    // alerts, and its reminders run until someone takes the CRITICAL: whoever hears only
    // CRITICAL, SMS by default, never heard of the LOW they acknowledged).
    if (acknowledgmentCovers(episode)) return [];
    if (minutesBetween(episode.lastAlertAt, at) < settings.repeatAfterMinutes) return [];
    return [
      {
        severity: 'REMINDER',
        remindsOf: episode.level,
        account,
        at,
        since: episode.since,
        threshold: thresholdOf(episode.level),
        low: thresholds.low,
        recovery,
        topUp,
        ...amount,
        ...withRunway,
      },
    ];
  }

  function remindAt(episode: LowEpisode): LowEpisode {
    return minutesBetween(episode.lastAlertAt, at) >= settings.repeatAfterMinutes
      ? { ...episode, lastAlertAt: at }
      : episode;
  }
}
