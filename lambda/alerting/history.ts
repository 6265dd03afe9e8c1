import type { HistoryPoint } from './forecast';
import type { AlertState } from './state';

/**
 * Recent balances, kept in the state item for the forecast. Stored compactly, because the
 * item is written at every check and DynamoDB bills writes per started kilobyte: one base time
 * and a flat list [seconds after base, balance, seconds after base, balance, ...].
 */

export type StoredHistory = NonNullable<AlertState['history']>;

/** 48 hours at one check every 5 minutes, and a little slack. */
export const HISTORY_MAX_POINTS = 600;

export function decodeHistory(stored: StoredHistory | undefined): HistoryPoint[] {
  if (stored === undefined) return [];
  const base = Date.parse(stored.base);
  const flat = stored.points;
  const points: HistoryPoint[] = new Array<HistoryPoint>(flat.length >> 1);
  for (let i = 0; i + 1 < flat.length; i += 2) {
    points[i >> 1] = { t: base + (flat[i] ?? 0) * 1000, balance: flat[i + 1] ?? 0 };
  }
  return points;
}

export function encodeHistory(points: readonly HistoryPoint[]): StoredHistory | undefined {
  const first = points[0];
  if (first === undefined) return undefined;
  // A plain loop: this runs at every check over up to 600 points, and flatMap's array per
  // point made it the policy's costliest step (measured in the corpus replay).
  const flat = new Array<number>(points.length * 2);
  for (let i = 0; i < points.length; i += 1) {
    const p = points[i] as HistoryPoint;
    flat[2 * i] = Math.round((p.t - first.t) / 1000);
    flat[2 * i + 1] = p.balance;
  }
  return { base: new Date(first.t).toISOString(), points: flat };
}

/** Adds a sample and drops what is older than `keepMinutes` (or beyond the point cap). */
export function appendSample(
  points: readonly HistoryPoint[],
  sample: HistoryPoint,
  keepMinutes: number,
): HistoryPoint[] {
  const oldest = sample.t - keepMinutes * 60_000;
  return [...points.filter((p) => p.t >= oldest), sample].slice(-HISTORY_MAX_POINTS);
}
