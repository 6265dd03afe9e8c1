import { describe, expect, it } from 'vitest';
import {
  blockLength,
  blocksOf,
  blockSpread,
  medianSlope,
  MIN_BLOCK_SPREAD,
  netPace,
  paceSpread,
  type PacePoint,
} from '../../lambda/alerting/pace-spread';

/**
 * How far the pace may stray (lambda/alerting/pace-spread.ts): from the paces of the history's
 * hour-long blocks, robust to one odd block, narrower for a steadier pace and a longer lead.
 */

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T08:00:00Z');

/** A check every `every` minutes; the pace of each hour from `perHour` (per minute). */
function hours(perHour: readonly number[], every = 5): PacePoint[] {
  const points: PacePoint[] = [{ t: T0, balance: 1_000_000 }];
  let balance = 1_000_000;
  perHour.forEach((pace, h) => {
    for (let m = every; m <= 60; m += every) {
      balance += pace * every;
      points.push({ t: T0 + (h * 60 + m) * MINUTE, balance });
    }
  });
  return points;
}

describe('the blocks of a history', () => {
  it('cuts 3 hours of checks every 5 minutes into 3 hours that share their edges', () => {
    const blocks = blocksOf(hours([-10, -10, -10]), 60);
    expect(blocks.map((b) => b.length)).toEqual([13, 13, 13]);
    expect(blocks[1]?.[0]).toBe(blocks[0]?.at(-1));
  });

  it('a last block shorter than the length joins the one before it', () => {
    const points = hours([-10, -10, -10, -10]).slice(0, 43); // 3 h 30
    expect(blocksOf(points, 60).map((b) => b.length)).toEqual([13, 13, 19]);
  });

  it('a history shorter than one block is one block', () => {
    const points = hours([-10]).slice(0, 7); // 30 minutes
    expect(blocksOf(points, 60)).toEqual([points]);
  });

  it('blocks of no length still hold two checks each', () => {
    expect(blocksOf(hours([-10]).slice(0, 4), 0).map((b) => b.length)).toEqual([2, 2, 2]);
  });

  it('a single check, or none, makes no block', () => {
    expect(blocksOf(hours([]), 60)).toEqual([]);
    expect(blocksOf([], 60)).toEqual([]);
  });

  it('is an hour once the history holds 4 of them; shorter, in whole intervals, before', () => {
    const segment = (minutes: number) => [
      { t: T0, balance: 0 },
      { t: T0 + minutes * MINUTE, balance: 0 },
    ];
    expect(blockLength([segment(240)], 60, 5)).toBe(60);
    expect(blockLength([segment(600)], 60, 5)).toBe(60);
    // 1 hour of checks every 5 minutes: 4 blocks of 15 minutes (60 / 4 = 15).
    expect(blockLength([segment(60)], 60, 5)).toBe(15);
    // 75 minutes of checks every 15: 18.75 rounds down to one interval, 15.
    expect(blockLength([segment(75)], 60, 15)).toBe(15);
    // Never shorter than the interval, and two segments add up.
    expect(blockLength([segment(20)], 60, 5)).toBe(5);
    expect(blockLength([segment(120), segment(120)], 60, 5)).toBe(60);
    // A segment with no check (a top-up at the oldest check) adds nothing.
    expect(blockLength([[], segment(60)], 60, 5)).toBe(15);
  });
});

describe("a block's pace", () => {
  it('is the median of its pairs of checks: one wild reading does not move it', () => {
    const points = hours([-10]);
    expect(medianSlope(points)).toBeCloseTo(-10, 9);
    const wild = points.map((p, i) => (i === 6 ? { ...p, balance: 0 } : p));
    expect(medianSlope(wild)).toBeCloseTo(-10, 9);
  });

  it('two checks at the same instant have no slope between them', () => {
    expect(
      medianSlope([
        { t: T0, balance: 0 },
        { t: T0, balance: 100 },
        { t: T0 + MINUTE, balance: 90 },
      ]),
    ).toBeCloseTo((-10 + 90) / 2, 9);
  });
});

describe('how much the pace strays from block to block', () => {
  it('a steady pace strays by the floor only (10%)', () => {
    expect(blockSpread([hours([-10, -10, -10, -10])], 60)).toBe(MIN_BLOCK_SPREAD);
  });

  it('paces of 8, 10 and 12 a minute stray by 1.4826 times their median deviation, over the median', () => {
    // Median pace 10, deviations 2, 0, 2: median deviation 2, a standard deviation of 2.97.
    expect(blockSpread([hours([-8, -10, -12])], 60)).toBeCloseTo((1.4826 * 2) / 10, 9);
  });

  it('one odd hour among steady ones does not widen it', () => {
    expect(blockSpread([hours([-10, -10, -40, -10, -10])], 60)).toBe(MIN_BLOCK_SPREAD);
  });

  it('reads every segment between top-ups, and needs 3 blocks in all', () => {
    expect(blockSpread([hours([-8, -10])], 60)).toBeUndefined();
    expect(blockSpread([hours([-8]), hours([-10, -12])], 60)).toBeCloseTo((1.4826 * 2) / 10, 9);
  });

  it('knows no spread of a pace whose blocks are still, in the median', () => {
    expect(blockSpread([hours([0, 0, -10])], 60)).toBeUndefined();
  });

  it('of the average to come: over more hours, and a longer window, it strays less', () => {
    // One hour's spread 0.3, 3 hours to come and 3 measured: 0.3 * sqrt(1/3 + 1/3).
    expect(paceSpread(0.3, 60, 180, 180)).toBeCloseTo(0.3 * Math.sqrt(2 / 3), 9);
    expect(paceSpread(0.3, 60, 600, 180)).toBeLessThan(paceSpread(0.3, 60, 180, 180));
    expect(paceSpread(0.3, 60, 180, 600)).toBeLessThan(paceSpread(0.3, 60, 180, 180));
    // Under one block to come (or measured) counts as one block: an hour's spread, not more.
    expect(paceSpread(0.3, 60, 10, 10)).toBeCloseTo(0.3 * Math.sqrt(2), 9);
  });
});

describe("the history's net pace", () => {
  it('is how far its segments fell over how long, a rise within them included', () => {
    // 2 hours at 10 a minute, then (after a top-up) one at 20: 2,400 over 180 minutes.
    expect(netPace([hours([-10, -10]), hours([-20])])).toBeCloseTo(-2_400 / 180, 9);
    // An hour that rose by 5 a minute takes 300 off an hour that fell by 10 a minute.
    expect(netPace([hours([-10, 5])])).toBeCloseTo(-300 / 120, 9);
  });

  it('is unknown of a history that did not fall, or holds no span', () => {
    expect(netPace([hours([10, -10])])).toBeUndefined();
    expect(netPace([hours([5, -1])])).toBeUndefined();
    expect(netPace([[{ t: T0, balance: 5 }], []])).toBeUndefined();
    expect(netPace([])).toBeUndefined();
  });
});
