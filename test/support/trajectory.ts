import type { Fault } from '../../tools/sandbox';

/**
 * A week of a merchant's DEXCHANGE balance, every 5 minutes: payouts drain it in business
 * hours, top-ups come some hours after it runs low, one day it hovers around the threshold,
 * one day payouts run at 2.5 times the pace, one slow top-up leaves it low for half a day, and
 * API faults hit about 5% of checks, with one 45-minute outage. Seeded: the same week every run.
 */

export interface TrajectoryStep {
  readonly at: Date;
  readonly balance: number;
  /** A fault the API returns instead of the balance (not retried: it is a failed check). */
  readonly fault?: Fault;
}

/** mulberry32: a small, well-known seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: readonly Fault[] = ['401-coded', 'html', 'missing-fields', '403-maintenance', '404'];

export function weekTrajectory(options: {
  start: Date;
  low: number;
  critical: number;
  seed?: number;
  checks?: number;
}) {
  const random = prng(options.seed ?? 20261201);
  const steps: TrajectoryStep[] = [];
  let balance = options.low * 6;
  let topUpAt: number | undefined;
  const checks = options.checks ?? 2016;
  for (let i = 0; i < checks; i += 1) {
    const at = new Date(options.start.getTime() + i * 5 * 60_000);
    const hour = at.getUTCHours();
    const day = Math.floor(i / 288);
    const businessHours = hour >= 8 && hour < 20;

    if (day === 2 && hour >= 10 && hour < 16) {
      // Hovering: payouts and small top-ups keep it around the low threshold for hours.
      balance = options.low * (0.97 + random() * 0.06);
    } else if (businessHours) {
      // Payouts: a merchant draining about 100,000 to 250,000 an hour at this scale.
      balance -= options.low * (0.02 + random() * 0.04) * (day === 4 ? 2.5 : 1);
    }
    // Top-up: the operator reacts 1 to 6 hours after the balance goes low; on day 5, 12 to 16
    // hours (a holiday), so reminders are due.
    if (balance < options.low && topUpAt === undefined) {
      topUpAt =
        day === 5 ? i + 144 + Math.floor(random() * 48) : i + 12 + Math.floor(random() * 60);
    }
    if (topUpAt !== undefined && i >= topUpAt) {
      balance += options.low * (4 + random() * 4);
      topUpAt = undefined;
    }
    balance = Math.round(balance);
    // Random faults on about 5% of checks, plus a 45-minute outage with an expired key on day 6.
    const outage = day === 6 && hour === 3 && at.getUTCMinutes() < 45;
    const fault = outage
      ? '401-expired'
      : random() < 0.05
        ? FAULTS[Math.floor(random() * FAULTS.length)]
        : undefined;
    steps.push(fault === undefined ? { at, balance } : { at, balance, fault });
  }
  return steps;
}

export interface ExpectedAlert {
  readonly key: string;
}

/**
 * The oracle: what should be published, from the trajectory and the rules in the issue
 * (written out again, as plainly as possible, not by calling the policy).
 */
export function expectedAlerts(
  steps: readonly TrajectoryStep[],
  rules: {
    low: number;
    critical: number;
    repeatMinutes: number;
    marginPercent: number;
    marginAmount: number;
    failAfter: number;
    /** An episode that opens again this soon after its end continues it (0: never). */
    coolOffMinutes?: number;
  },
): string[] {
  const out: string[] = [];
  const key = (severity: string, at: Date) => `${severity}@${at.toISOString().slice(0, 16)}`;
  const margin = (threshold: number) =>
    Math.max((threshold * rules.marginPercent) / 100, rules.marginAmount);
  const recoverAt = rules.low + margin(rules.low);
  const leaveCriticalAt = Math.min(rules.low, rules.critical + margin(rules.critical));
  const repeat = rules.repeatMinutes * 60_000;
  let level: 'LOW' | 'CRITICAL' | undefined;
  let lastAlert = 0;
  // CRITICAL at most once per reminder interval in an episode.
  let lastCritical: number | undefined;
  let failures = 0;
  let failingSince: number | undefined;
  let lastFailingAlert = 0;
  // The cool-off: when the last episode (of each kind) ended, whether the open one reopened
  // within it (unstable: its end is told once things stayed good for the cool-off), and since
  // when things have been good.
  const coolOff = (rules.coolOffMinutes ?? 0) * 60_000;
  const soon = (ended: number | undefined, t: number) =>
    coolOff > 0 && ended !== undefined && t - ended < coolOff;
  let episodeEnded: number | undefined;
  let unstable = false;
  let goodSince: number | undefined;
  let failingEnded: number | undefined;
  let failingUnstable = false;
  let readsGoodSince: number | undefined;
  let runStartedAt = 0;
  for (const step of steps) {
    const t = step.at.getTime();
    if (step.fault !== undefined) {
      if (readsGoodSince !== undefined) failures = 0;
      readsGoodSince = undefined;
      failures += 1;
      if (failures === 1) runStartedAt = t;
      if (failingSince === undefined && failures === rules.failAfter) {
        out.push(key('FAILING', step.at));
        // Reopened if its run began within the cool-off after the last one ended.
        failingUnstable = soon(failingEnded, runStartedAt);
        failingSince = t;
        lastFailingAlert = t;
      } else if (failingSince !== undefined && t - lastFailingAlert >= repeat) {
        out.push(key('REMINDER:FAILING', step.at));
        lastFailingAlert = t;
      }
      continue;
    }
    if (failingSince !== undefined && failingUnstable) {
      readsGoodSince ??= t;
      if (t - readsGoodSince >= coolOff) {
        out.push(key('FAILING_RESOLVED', step.at));
        failingSince = undefined;
        failingEnded = t;
        failures = 0;
      }
    } else {
      if (failingSince !== undefined) {
        out.push(key('FAILING_RESOLVED', step.at));
        failingEnded = t;
      } else if (failures > 0 && soon(failingEnded, runStartedAt)) {
        // Reopened, and good again before it said anything: the cool-off starts again.
        failingEnded = t;
      }
      failures = 0;
      failingSince = undefined;
    }

    const b = step.balance;
    if (b < recoverAt) goodSince = undefined;
    if (level === undefined) {
      if (b < rules.critical) level = 'CRITICAL';
      else if (b < rules.low) level = 'LOW';
      if (level !== undefined) {
        out.push(key(level, step.at));
        lastAlert = t;
        unstable = soon(episodeEnded, t);
        // A reopened episode keeps its CRITICAL limit.
        lastCritical = level === 'CRITICAL' ? t : unstable ? lastCritical : undefined;
      }
    } else if (b >= recoverAt && unstable && t - (goodSince ?? t) < coolOff) {
      goodSince ??= t;
      level = 'LOW';
    } else if (b >= recoverAt) {
      out.push(key('RECOVERED', step.at));
      level = undefined;
      episodeEnded = t;
      goodSince = undefined;
    } else if (b < rules.critical && level === 'LOW') {
      level = 'CRITICAL';
      if (lastCritical === undefined || t - lastCritical >= repeat) {
        out.push(key('CRITICAL', step.at));
        lastAlert = t;
        lastCritical = t;
      }
    } else {
      if (level === 'CRITICAL' && b >= leaveCriticalAt) level = 'LOW';
      if (t - lastAlert >= repeat) {
        out.push(key(`REMINDER:${level}`, step.at));
        lastAlert = t;
      }
    }
  }
  return out;
}

/**
 * How much warning the FORECASTs gave: for each expected LOW (or CRITICAL) crossing that opens
 * an episode, the minutes since the last FORECAST sent after the previous episode ended; and
 * the FORECASTs followed by no crossing within the horizon.
 */
export function forecastWarning(
  forecasts: readonly string[],
  expected: readonly string[],
  horizonMinutes: number,
) {
  const time = (key: string) => Date.parse(`${key.split('@')[1] ?? ''}:00Z`);
  const sorted = [...expected].sort((a, b) => time(a) - time(b));
  const openings: number[] = [];
  const closings: number[] = [];
  let open = false;
  for (const key of sorted) {
    if (!open && (key.startsWith('LOW@') || key.startsWith('CRITICAL@'))) {
      openings.push(time(key));
      open = true;
    } else if (open && key.startsWith('RECOVERED@')) {
      closings.push(time(key));
      open = false;
    }
  }
  const sent = forecasts.map(time).sort((a, b) => a - b);
  const warned: number[] = [];
  openings.forEach((opening, index) => {
    const previousClose =
      index === 0 ? Number.NEGATIVE_INFINITY : (closings[index - 1] ?? Number.NEGATIVE_INFINITY);
    const last = sent.filter((t) => t >= previousClose && t <= opening).pop();
    if (last !== undefined) warned.push(Math.round((opening - last) / 60_000));
  });
  const duringEpisode = sent.filter((t) =>
    openings.some((opening, i) => t >= opening && t < (closings[i] ?? Number.POSITIVE_INFINITY)),
  ).length;
  const falseForecasts = sent.filter(
    (t) => !openings.some((o) => o >= t && o - t <= horizonMinutes * 60_000),
  ).length;
  return {
    crossings: openings.length,
    warned,
    unwarned: openings.length - warned.length,
    falseForecasts,
    duringEpisode,
  };
}
