import { DEFAULT_FORECAST_SETTINGS } from '../../lambda/alerting/forecast';
import { appendSample, type StoredHistory } from '../../lambda/alerting/history';
import { appendOffSchedule } from '../../lambda/alerting/off-schedule';
import { keepRecentReadings, withRecentReadings } from '../../lambda/alerting/recent-readings';
import {
  DEFAULT_OUTFLOW_SETTINGS,
  judgeOutflow,
  type OutflowSettings,
} from '../../lambda/alerting/outflow';
import type { HistoryPoint } from '../../lambda/alerting/forecast';
import type { CorpusCase } from './trajectories';

/**
 * UNUSUAL_OUTFLOW measured on the corpus: the rule judged at every check on the history the
 * policy keeps (48 h, the point cap), and how often it would have gone out, counting one per
 * re-arm interval (a finding within `rearmMinutes` of the last one told is the same outflow).
 */

export const OUTFLOW_REARM_MINUTES = 120;

export interface OutflowQuality {
  readonly name: string;
  /** Findings that would have gone out (one per re-arm interval). */
  readonly alerts: readonly number[];
  /** Each one's reason (pace, amount or share). */
  readonly reasons: readonly string[];
}

export function measureOutflow(
  c: CorpusCase,
  settings: OutflowSettings = DEFAULT_OUTFLOW_SETTINGS,
): OutflowQuality {
  let history: HistoryPoint[] = [];
  let lastSent: number | undefined;
  const alerts: number[] = [];
  const reasons: string[] = [];
  for (const reading of c.readings) {
    if ('fault' in reading) continue;
    history = appendSample(
      history,
      { t: reading.at, balance: reading.balance },
      DEFAULT_FORECAST_SETTINGS.historyMinutes,
    );
    if (lastSent !== undefined && reading.at - lastSent < OUTFLOW_REARM_MINUTES * 60_000) continue;
    const finding = judgeOutflow(history, reading.at, settings);
    if (finding !== undefined) {
      lastSent = reading.at;
      alerts.push(reading.at);
      reasons.push(finding.reason);
    }
  }
  return { name: c.name, alerts, reasons };
}

/**
 * The same rule with callbacks and the schedule relaxed to its 15-minute backstop: of a case
 * read every 5 minutes, every third reading is the schedule's and joins the history; each other
 * reading whose balance fell (a payout, which DEXCHANGE calls back) is a callback's check, kept
 * as the policy keeps it (off-schedule.ts, recent-readings.ts). Readings where nothing went out
 * start no check.
 */
export function measureOutflowWithCallbacks(
  c: CorpusCase,
  settings: OutflowSettings = DEFAULT_OUTFLOW_SETTINGS,
  /** False: the callbacks' readings only where the history takes them (before recent-readings.ts). */
  keepRecent = true,
): OutflowQuality {
  let history: HistoryPoint[] = [];
  let recent: StoredHistory | undefined;
  let previous: number | undefined;
  let lastSent: number | undefined;
  const alerts: number[] = [];
  const reasons: string[] = [];
  c.readings.forEach((reading, i) => {
    if ('fault' in reading) return;
    const scheduled = i % 3 === 0;
    const paidOut = previous !== undefined && reading.balance < previous;
    previous = reading.balance;
    if (!scheduled && !paidOut) return;
    const point = { t: reading.at, balance: reading.balance };
    const keep = DEFAULT_FORECAST_SETTINGS.historyMinutes;
    history = scheduled
      ? appendSample(history, point, keep)
      : appendOffSchedule(history, point, keep);
    if (keepRecent) recent = keepRecentReadings(recent, history, point);
    if (lastSent !== undefined && reading.at - lastSent < OUTFLOW_REARM_MINUTES * 60_000) return;
    const finding = judgeOutflow(withRecentReadings(history, recent), reading.at, settings);
    if (finding !== undefined) {
      lastSent = reading.at;
      alerts.push(reading.at);
      reasons.push(finding.reason);
    }
  });
  return { name: c.name, alerts, reasons };
}
