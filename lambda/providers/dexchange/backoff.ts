/** When to try again. Pure: randomness and the clock are arguments. */

export interface BackoffSettings {
  /** Delay before the first retry, before jitter. */
  readonly baseDelayMs: number;
  /** Upper bound for one exponential delay. */
  readonly maxDelayMs: number;
  /** Longest Retry-After we are willing to honour; longer ones count as "unavailable". */
  readonly retryAfterCapMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = {
  baseDelayMs: 250,
  maxDelayMs: 2000,
  retryAfterCapMs: 10_000,
};

/** "Full jitter" (AWS Architecture Blog): a uniform delay up to the exponential ceiling. */
export function jitteredDelay(
  retry: number,
  settings: BackoffSettings,
  random: () => number,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds: either delta-seconds or an HTTP date. Undefined when absent or
 * unreadable, in which case the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
