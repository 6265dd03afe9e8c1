import type { HistoryPoint } from './forecast';
import { DEFAULT_OUTFLOW_SETTINGS, judgeOutflow, type OutflowSettings } from './outflow';
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
): { events: AlertEvent[]; state: Pick<AlertState, 'outflowSentAt'> } {
  const sentAt = state.outflowSentAt;
  if (sentAt !== undefined && minutesBetween(sentAt, at) < OUTFLOW_REARM_MINUTES)
    return { events: [], state: { outflowSentAt: sentAt } };
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
      },
    ],
    state: { outflowSentAt: at },
  };
}
