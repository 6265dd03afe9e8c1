/**
 * How far the pace may stray from the measured one until a crossing, learnt from how much it
 * strayed within the window itself. Pure.
 *
 * The window is cut into consecutive blocks of about `blockMinutes`; each block has its own pace
 * (a Theil-Sen slope, so one wild reading does not make a block wild). How much those paces
 * differ (their median absolute deviation, scaled to a standard deviation, so that one odd block
 * does not widen every range) says how much the pace varies over a block's length. The future's
 * pace, averaged over the minutes to the crossing, varies by that spread divided by the square
 * root of the blocks those minutes hold; the measured pace is itself uncertain by the spread
 * over the blocks of the window. Both add up (as variances) to the relative spread returned.
 *
 * Unlike a fixed "1.5 times to a quarter of the pace", the range narrows when the pace is steady
 * and widens when it is not, and narrows for crossings further out (an average over more hours).
 */

export interface PacePoint {
  /** Position on the forecast's time axis, in epoch ms. */
  readonly t: number;
  readonly balance: number;
}

/** The median of numbers sorted ascending (0 for none). */
export function median(sorted: ArrayLike<number>): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The readings' own noise: the median move between consecutive readings (0 for clean readings
 * of a balance that mostly stands still). The forecast's day profile and the outflow rule both
 * count a move as real only past a few times this.
 */
export function readingNoise(points: readonly PacePoint[]): number {
  const steps = new Float64Array(Math.max(0, points.length - 1));
  for (let i = 1; i < points.length; i += 1)
    steps[i - 1] = Math.abs(
      (points[i] as PacePoint).balance - (points[i - 1] as PacePoint).balance,
    );
  // A typed array sorts numerically, and faster: this runs several times a check.
  return median(steps.sort());
}

/** The Theil-Sen slope of a few points, per minute (the median of every pair's slope). */
export function medianSlope(points: readonly PacePoint[]): number {
  const slopes = new Float64Array((points.length * (points.length - 1)) / 2);
  let count = 0;
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const a = points[i] as PacePoint;
      const b = points[j] as PacePoint;
      if (b.t !== a.t) slopes[count++] = (b.balance - a.balance) / ((b.t - a.t) / 60_000);
    }
  }
  // A typed array sorts numerically without a comparator: several times faster.
  return median(slopes.subarray(0, count).sort());
}

/**
 * The window's points in consecutive blocks, each spanning at least `blockMinutes` on the axis
 * (the last one's leftovers join it): two points at least, so each has a pace.
 */
export function blocksOf(points: readonly PacePoint[], blockMinutes: number): PacePoint[][] {
  const blocks: PacePoint[][] = [];
  let current: PacePoint[] = [];
  for (const point of points) {
    current.push(point);
    const first = current[0] as PacePoint;
    if (current.length >= 2 && (point.t - first.t) / 60_000 >= blockMinutes) {
      blocks.push(current);
      // The block's last point starts the next: blocks share their edges, none is lost.
      current = [point];
    }
  }
  const last = blocks.at(-1);
  if (current.length > 1 && last !== undefined) last.push(...current.slice(1));
  else if (current.length > 1) blocks.push(current);
  return blocks;
}

/** At least this many blocks are needed to say how much the pace varies. */
export const MIN_BLOCKS = 3;

/**
 * No pace is taken as steadier than this from block to block: a drain that was exactly linear
 * so far still varies with the payouts to come, and a range of one instant would claim the
 * minute of the crossing.
 */
export const MIN_BLOCK_SPREAD = 0.1;

/**
 * The length of the blocks: `preferred` (an hour), shorter when the history on the axis is too
 * short for MIN_BLOCKS of them (a fresh install), never shorter than one sampling interval.
 */
export function blockLength(
  segments: readonly (readonly PacePoint[])[],
  preferred: number,
  interval: number,
): number {
  const span = segments.reduce(
    (total, s) => total + ((s.at(-1)?.t ?? 0) - (s[0]?.t ?? 0)) / 60_000,
    0,
  );
  // A block ends at the first check past its length: a short one is whole intervals, and
  // one more than needed, so that the last does not run out of checks.
  const short = interval * Math.floor(span / (MIN_BLOCKS + 1) / interval);
  return Math.max(interval, Math.min(preferred, short));
}

/** Evenly spaced subsample of a block: a few points give its pace, robustly enough. */
function thin(points: readonly PacePoint[], max: number): readonly PacePoint[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as PacePoint);
}

/**
 * How much the pace of one block strays from the usual one, as a share of it (a standard
 * deviation), over the blocks of `segments` (the history between top-ups, on the forecast's
 * axis); undefined when they hold fewer than MIN_BLOCKS blocks, or no pace.
 */
export function blockSpread(
  segments: readonly (readonly PacePoint[])[],
  blockMinutes: number,
): number | undefined {
  const paces = segments
    .flatMap((segment) => blocksOf(segment, blockMinutes))
    .map((block) => medianSlope(thin(block, 7)))
    .sort((a, b) => a - b);
  const centre = median(paces);
  if (paces.length < MIN_BLOCKS || centre === 0) return undefined;
  const deviations = paces.map((p) => Math.abs(p - centre)).sort((a, b) => a - b);
  // 1.4826: the median absolute deviation of a normal distribution is 0.6745 of its sd.
  return Math.max(MIN_BLOCK_SPREAD, (1.4826 * median(deviations)) / Math.abs(centre));
}

/**
 * The relative spread of the average pace over the `leadMinutes` to come, and of the pace
 * measured over `windowMinutes`, from one block's: blocks are taken as independent, so an
 * average over n of them strays by 1/sqrt(n) of one's spread.
 */
export function paceSpread(
  perBlock: number,
  blockMinutes: number,
  leadMinutes: number,
  windowMinutes: number,
): number {
  const blocks = (minutes: number) => Math.max(1, minutes / blockMinutes);
  return perBlock * Math.sqrt(1 / blocks(leadMinutes) + 1 / blocks(windowMinutes));
}

/**
 * The history's net pace, per minute (negative: draining), over its segments on the forecast's
 * axis: how far each fell from its first check to its last over how long, collections and
 * quiet hours included. Undefined when the history did not fall overall. Unlike the fitted pace
 * (robust, so a collection does not move it), this is what the balance did on average: a
 * FORECAST goes out when the recent pace is steep, and the pace to come tends back to this one.
 */
export function netPace(segments: readonly (readonly PacePoint[])[]): number | undefined {
  let drop = 0;
  let span = 0;
  for (const segment of segments) {
    const last = segment.at(-1);
    if (last === undefined) continue;
    const first = segment[0] ?? last;
    drop += first.balance - last.balance;
    span += (last.t - first.t) / 60_000;
  }
  // No two points of the axis share an instant: a drop always took some time.
  return drop > 0 ? -drop / span : undefined;
}
