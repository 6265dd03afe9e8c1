import type { HistoryPoint } from './forecast';
import { DEFAULT_OUTFLOW_SETTINGS, judgeOutflow, usualPace, type OutflowSettings } from './outflow';
import type { SingleDebit } from './single-debit';
import type { AlertState } from './state';
import { minutesBetween } from './time';
import type { AlertEvent, Amount } from './types';

/**
 * UNUSUAL_OUTFLOW as the policy raises it: the rule's finding (outflow.ts), once, then not again
 * before OUTFLOW_REARM_MINUTES have passed (one runaway payout run is one alert, not one per
 * check; a drain still going two hours later is said again). Pure.
 */

/** The least time between two UNUSUAL_OUTFLOWs. */
export const OUTFLOW_REARM_MINUTES = 120;

export function nextOutflow(
  state: AlertState,
  history: readonly HistoryPoint[],
  settings: OutflowSettings | undefined,
  at: string,
  account: string,
  amount: Amount,
  debit?: SingleDebit,
): { events: AlertEvent[]; state: Pick<AlertState, 'outflowSentAt'> } {
  const sentAt = state.outflowSentAt;
  if (sentAt !== undefined && minutesBetween(sentAt, at) < OUTFLOW_REARM_MINUTES)
    return { events: [], state: { outflowSentAt: sentAt } };
  // One debit a callback named and the reading confirmed (single-debit.ts): said as such, with
  // the usual pace for the hour beside it. It re-arms like the others: one alert per run.
  if (debit !== undefined) {
    const usual = usualPace(history.slice(0, -1), Date.parse(at));
    return {
      events: [
        {
          severity: 'UNUSUAL_OUTFLOW',
          account,
          at,
          ...amount,
          reason: 'debit',
          outflow: Math.round(debit.fell),
          minutes: debit.minutes,
          outPerHour: Math.round((debit.fell / Math.max(1, debit.minutes)) * 60),
          ...(usual === undefined ? {} : { usualOutPerHour: Math.round(usual * 60) }),
          debit: Math.round(debit.debit),
          debitAt: debit.debitAt,
        },
      ],
      state: { outflowSentAt: at },
    };
  }
  const finding = judgeOutflow(history, Date.parse(at), settings ?? DEFAULT_OUTFLOW_SETTINGS);
  if (finding === undefined) return { events: [], state: {} };
  return {
    events: [
      {
        severity: 'UNUSUAL_OUTFLOW',
        account,
        at,
        ...amount,
        reason: finding.reason,
        outflow: Math.round(finding.outflow),
        minutes: finding.minutes,
        outPerHour: Math.round(finding.perHour),
        ...(finding.usualPerHour === undefined
          ? {}
          : { usualOutPerHour: Math.round(finding.usualPerHour) }),
        ...(finding.limit === undefined ? {} : { limit: Math.round(finding.limit) }),
        ...(finding.sharePercent === undefined ? {} : { sharePercent: finding.sharePercent }),
      },
    ],
    state: { outflowSentAt: at },
  };
}
