import { samplingInterval, type HistoryPoint } from './forecast';
import { appendSample } from './history';

/**
 * A check started off the schedule (by a DEXCHANGE callback) reads the balance like any other,
 * but its reading joins the history only when the schedule's own reading is overdue: at least
 * 1.5 sampling intervals since the last point. Otherwise callbacks at up to 3 a minute would fill
 * the 600 points the 48 hours need in about 3 hours, and the forecast's sampling interval (the
 * median of the last gaps) would fall to seconds. So the history keeps the schedule's rhythm,
 * and a callback reading fills a gap only where the schedule left one.
 */
export const OFF_SCHEDULE_GAP_FACTOR = 1.5;

export function appendOffSchedule(
  points: readonly HistoryPoint[],
  sample: HistoryPoint,
  keepMinutes: number,
): HistoryPoint[] {
  const last = points.at(-1);
  const interval = samplingInterval(points);
  if (
    last === undefined ||
    interval === undefined ||
    sample.t - last.t >= OFF_SCHEDULE_GAP_FACTOR * interval * 60_000
  )
    return appendSample(points, sample, keepMinutes);
  return [...points];
}
