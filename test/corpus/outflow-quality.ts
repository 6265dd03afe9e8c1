import { DEFAULT_FORECAST_SETTINGS } from '../../lambda/alerting/forecast';
import { appendSample } from '../../lambda/alerting/history';
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
