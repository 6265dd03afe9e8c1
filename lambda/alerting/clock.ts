import type { AlertState } from './state';

/**
 * A container's clock that ran ahead leaves its times in the state: a `lastCheckAt` a day in
 * the future would pin every later check to that time (the policy's clock never goes back),
 * and a `lastAlertAt` there would hold the reminders back for a day. Clocks differ a little
 * between containers, and that the policy absorbs (its time never goes backwards); past this,
 * the state's times are the wrong ones, and they are brought back to now.
 */
export const CLOCK_AHEAD_TOLERANCE_MS = 5 * 60_000;

/** Whether the state was written by a clock ahead of `now` by more than the tolerance. */
export function writtenAhead(state: AlertState, now: Date): boolean {
  return Date.parse(state.lastCheckAt) - now.getTime() > CLOCK_AHEAD_TOLERANCE_MS;
}

/**
 * The state with every time of a past event that lies after `now` brought back to `now`,
 * except the times that identify an alert already sent: when an episode began (`since`: its
 * acknowledge links, what a hold releases) and when STALE or FORECAST went out (a hold knows
 * them by it); none of them drives a timer. A silence's end is kept; a forecast's
 * latest crossing moves back by the clock's lead. The forecast history, dated by the wrong
 * clock, is dropped (it rebuilds within a few checks).
 */
export function healFutureTimes(state: AlertState, now: Date): AlertState {
  const at = now.toISOString();
  const lead = Math.max(0, Date.parse(state.lastCheckAt) - now.getTime());
  const past = (time: string): string => (Date.parse(time) > now.getTime() ? at : time);
  const pastOrUndefined = (time: string | undefined) =>
    time === undefined ? undefined : past(time);
  const rest: AlertState = { ...state, history: undefined, hinted: undefined, recent: undefined };
  const defined = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return defined({
    ...rest,
    lastCheckAt: past(state.lastCheckAt),
    scheduledAt: pastOrUndefined(state.scheduledAt),
    last: state.last === undefined ? undefined : { ...state.last, at: past(state.last.at) },
    episode:
      state.episode === undefined
        ? undefined
        : defined({
            ...state.episode,
            lastAlertAt: past(state.episode.lastAlertAt),
            lastCriticalAt: pastOrUndefined(state.episode.lastCriticalAt),
            criticalBelowSince: pastOrUndefined(state.episode.criticalBelowSince),
            acknowledgedAt: pastOrUndefined(state.episode.acknowledgedAt),
          }),
    failure:
      state.failure === undefined
        ? undefined
        : defined({
            ...state.failure,
            alertedAt: pastOrUndefined(state.failure.alertedAt),
            lastAlertAt: pastOrUndefined(state.failure.lastAlertAt),
            acknowledgedAt: pastOrUndefined(state.failure.acknowledgedAt),
          }),
    forecastExpiresAt:
      state.forecastExpiresAt === undefined
        ? undefined
        : new Date(Date.parse(state.forecastExpiresAt) - lead).toISOString(),
    belowSince: pastOrUndefined(state.belowSince),
    belowCriticalSince: pastOrUndefined(state.belowCriticalSince),
    checkLog: state.checkLog?.filter((entry) => Date.parse(entry.hour) <= now.getTime()),
  });
}
