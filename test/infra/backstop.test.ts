import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKSTOP_SCHEDULE, parseDeployConfig } from '../../infra/config';
import type { WatchedAccount } from '../../lambda/contract/watchdog';
import { synthesize } from '../support/synth';

/**
 * The poll becomes the backstop: with callbacks on, an account without its own schedule is
 * checked every 15 minutes instead of 5 (callbacks start its checks as payouts happen), and
 * everything timed by the schedule follows: the schedule's retry age, and the dead-man window
 * the watchdog waits out. An account's own schedule still wins. On a bare stack (one config
 * with callbacks, the same without), as `cdk synth` writes it.
 */

const bare = {
  accounts: [
    { name: 'main', lowBalanceThreshold: 100_000 },
    { name: 'busy', lowBalanceThreshold: 50_000, schedule: 'rate(5 minutes)' },
  ],
  alertEmails: ['ops@example.sn'],
  acknowledgeLinks: false,
};

type ScheduleResource = {
  Properties: {
    ScheduleExpression: string;
    Description?: string;
    Target: { Input?: unknown; RetryPolicy?: { MaximumEventAgeInSeconds?: number } };
  };
};
const schedulesOf = (template: Template) =>
  Object.values(template.findResources('AWS::Scheduler::Schedule')) as ScheduleResource[];

/** Each account's check schedule (its expression and retry age), and its overdue time. */
function cadence(template: Template, account: string) {
  const schedules = schedulesOf(template);
  const check = schedules.find(
    (s) => s.Properties.Description === `Balance check for DEXCHANGE account ${account}`,
  );
  const input = schedules
    .map((s) => s.Properties.Target.Input)
    .find((i): i is string => typeof i === 'string' && i.includes('"watched"'));
  if (check === undefined || input === undefined) throw new Error(`no schedule for ${account}`);
  const watched = (JSON.parse(input) as { watched: WatchedAccount[] }).watched;
  return {
    expression: check.Properties.ScheduleExpression,
    maxEventAgeSeconds: check.Properties.Target.RetryPolicy?.MaximumEventAgeInSeconds,
    overdueAfterMinutes: watched.find((w) => w.account === account)?.overdueAfterMinutes,
  };
}

const polled = synthesize(bare).template;
const backstopped = synthesize({ ...bare, callbacks: {} }).template;

describe('the schedule as the backstop of callbacks', () => {
  it('checks every 5 minutes without callbacks, the dead-man switch waiting 30 minutes', () => {
    expect(cadence(polled, 'main')).toEqual({
      expression: 'rate(5 minutes)',
      maxEventAgeSeconds: 4 * 60,
      // max(15, 5 + 2 × 5) + 15 minutes a quiet check may wait to save.
      overdueAfterMinutes: 30,
    });
  });

  it('checks every 15 minutes with callbacks, the dead-man switch following (1 hour)', () => {
    expect(DEFAULT_BACKSTOP_SCHEDULE).toBe('rate(15 minutes)');
    expect(cadence(backstopped, 'main')).toEqual({
      expression: 'rate(15 minutes)',
      maxEventAgeSeconds: 14 * 60,
      // 15 + 2 × 15 + 15.
      overdueAfterMinutes: 60,
    });
  });

  it("keeps an account's own schedule, and its window, with or without callbacks", () => {
    const own = {
      expression: 'rate(5 minutes)',
      maxEventAgeSeconds: 4 * 60,
      overdueAfterMinutes: 30,
    };
    expect(cadence(polled, 'busy')).toEqual(own);
    expect(cadence(backstopped, 'busy')).toEqual(own);
  });

  it('keeps a schedule.expression you set, with callbacks too: an explicit choice is not relaxed', () => {
    const chosen = synthesize({
      ...bare,
      schedule: { expression: 'rate(10 minutes)' },
      callbacks: {},
    }).template;
    expect(cadence(chosen, 'main')).toMatchObject({
      expression: 'rate(10 minutes)',
      maxEventAgeSeconds: 9 * 60,
    });
  });

  it('takes a backstop of your own, refused as a schedule is, naming callbacks.backstopSchedule', () => {
    const parsed = parseDeployConfig({
      ...bare,
      callbacks: { backstopSchedule: 'rate(30 minutes)' },
    });
    expect(parsed.callbacks?.backstopSchedule).toBe('rate(30 minutes)');
    expect(() =>
      parseDeployConfig({ ...bare, callbacks: { backstopSchedule: 'rate(2 minutes)' } }),
    ).toThrow(
      /balanceMonitor\.callbacks\.backstopSchedule: rate\(2 minutes\) checks every 2 minutes/,
    );
    expect(() =>
      parseDeployConfig({ ...bare, callbacks: { backstopSchedule: 'every 15 minutes' } }),
    ).toThrow(/balanceMonitor\.callbacks\.backstopSchedule: must be "rate\(N minutes/);
    expect(() =>
      parseDeployConfig({ ...bare, callbacks: { backstopSchedule: 'rate(8 days)' } }),
    ).toThrow(/balanceMonitor\.callbacks\.backstopSchedule: plans gaps of up to 8 d/);
  });
});
