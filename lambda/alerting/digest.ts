import { forecastRunway, samplingInterval } from './forecast';
import { decodeHistory } from './history';
import { forecastSettings, type PolicySettings } from './policy';
import type { AlertState } from './state';
import type { DigestEvent } from './types';

/**
 * The morning digest: the last 24 hours of an account, from what the state already keeps (the
 * balance history and the hourly count of checks, both bounded), never from a scan of logs or
 * metrics. Pure: the state and the time are arguments, and so is how many of the account's
 * recipients cannot receive alerts yet (unconfirmed for over a day, or subscribed again), which
 * the subscription-health job counts: said only when there are some.
 */
export function digestOf(
  state: AlertState | undefined,
  settings: PolicySettings,
  now: Date,
  account: string,
  currency: string,
  unconfirmedRecipients = 0,
): DigestEvent {
  const at = now.toISOString();
  const from = now.getTime() - 24 * 3_600_000;
  const history = decodeHistory(state?.history);
  const day = history.filter((p) => p.t >= from && p.t <= now.getTime());
  const first = day[0];
  const last = day.at(-1);
  // Minutes below LOW: each sample's gap to the next one (the last one's to now, at most the
  // usual gap between checks), counted when that sample was below.
  const usualGap = (samplingInterval(history) ?? 15) * 60_000;
  let belowLowMinutes = 0;
  day.forEach((point, i) => {
    const next = day[i + 1]?.t ?? Math.min(now.getTime(), point.t + usualGap);
    if (point.balance < settings.thresholds.low) belowLowMinutes += (next - point.t) / 60_000;
  });
  // The hours that start inside the window: 24 at most, as the "last 24 hours" it is labelled
  // (the hour the window starts in is left out; it was mostly before it).
  const log = (state?.checkLog ?? []).filter((e) => Date.parse(e.hour) >= from);
  const callbackChecks = log.reduce((n, e) => n + (e.callbacks ?? 0), 0);
  const forecast =
    last === undefined
      ? undefined
      : forecastRunway(history, now.getTime(), settings.thresholds.low, forecastSettings(settings));
  const episode = state?.episode;
  // A failure episode is open from the first failed read; it is one once FAILING went out
  // (fewer failures in a row are not alerted, and the checks line counts them).
  const failing = state?.failure?.alertedAt === undefined ? undefined : state.failure;
  return {
    severity: 'DIGEST',
    account,
    at,
    currency: state?.last?.currency ?? currency,
    ...(last === undefined
      ? {}
      : { balance: last.balance, lastReadAt: new Date(last.t).toISOString() }),
    ...(first === undefined || last === undefined || first === last
      ? {}
      : { change24h: last.balance - first.balance }),
    ...(day.length === 0
      ? {}
      : {
          lowest: Math.min(...day.map((p) => p.balance)),
          highest: Math.max(...day.map((p) => p.balance)),
        }),
    belowLowMinutes: Math.round(belowLowMinutes),
    low: settings.thresholds.low,
    ...(forecast !== undefined &&
    last !== undefined &&
    last.balance > 0 &&
    forecast.toZero.minutes > 0
      ? { runway: forecast.toZero }
      : {}),
    ...(episode === undefined
      ? {}
      : {
          episode: {
            level: episode.level,
            since: episode.since,
            ...(episode.acknowledgedAt === undefined
              ? {}
              : { acknowledgedBy: episode.acknowledgedBy ?? '' }),
          },
        }),
    ...(failing === undefined
      ? {}
      : {
          failing: {
            since: failing.since,
            failedChecks: failing.count,
            ...(failing.acknowledgedAt === undefined
              ? {}
              : { acknowledgedBy: failing.acknowledgedBy ?? '' }),
          },
        }),
    failedChecks: log.reduce((n, e) => n + e.failed, 0),
    // The schedule's checks: the callbacks' are said apart (a busy day's payouts are no
    // measure of whether the monitor ran).
    checks: log.reduce((n, e) => n + e.checks, 0),
    ...(callbackChecks > 0 ? { callbackChecks } : {}),
    ...(unconfirmedRecipients > 0 ? { unconfirmedRecipients } : {}),
  };
}
