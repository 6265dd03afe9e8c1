import {
  GetScheduleCommand,
  ListSchedulesCommand,
  type GetScheduleCommandOutput,
  type SchedulerClient,
  type ScheduleSummary,
} from '@aws-sdk/client-scheduler';
import { fail, note, ok, shellQuote, type Finding } from './finding';
import type { StackFunction } from './functions';

/**
 * Every schedule that invokes one of the stack's functions must be ENABLED, and every balance
 * check must have one: a disabled or deleted schedule stops the checks with no error anywhere.
 * Schedules are found by their target (ListSchedules across the groups, then GetSchedule), so a
 * schedule is judged by what it runs, whatever it is named.
 */

export async function checkSchedules(
  scheduler: SchedulerClient,
  functions: readonly StackFunction[],
  where: { readonly region: string; readonly stack: string },
): Promise<Finding[]> {
  const { region, stack } = where;
  const byArn = new Map(functions.map((f) => [unqualified(f.arn), f]));
  const summaries = (await listAll(scheduler)).filter(
    (s) => s.Target?.Arn !== undefined && byArn.has(unqualified(s.Target.Arn)),
  );
  const schedules = await Promise.all(
    summaries.map((s) =>
      scheduler.send(new GetScheduleCommand({ Name: s.Name, GroupName: s.GroupName })),
    ),
  );
  const findings: Finding[] = [];
  const scheduled = new Set<string>();
  for (const schedule of schedules) {
    const target = byArn.get(unqualified(schedule.Target?.Arn ?? ''));
    if (target === undefined) continue;
    scheduled.add(target.arn);
    const who = target.check === undefined ? target.name : `account ${target.check.account}`;
    const when = `${schedule.ScheduleExpression ?? '?'}${schedule.ScheduleExpressionTimezone === undefined ? '' : ` ${schedule.ScheduleExpressionTimezone}`}`;
    const label = `schedule ${schedule.GroupName ?? 'default'}/${schedule.Name ?? '?'} (${who}, ${when})`;
    if (schedule.State === 'ENABLED') findings.push(ok('schedules', `${label} is ENABLED`));
    else
      findings.push(
        fail(
          'schedules',
          `${label} is ${schedule.State ?? 'in no state'}: ${target.check === undefined ? 'it never runs' : 'this account is never checked'}`,
          `aws scheduler update-schedule --region ${region} --cli-input-json ${shellQuote(JSON.stringify(enabled(schedule)))}`,
        ),
      );
  }
  for (const f of functions)
    if (f.check !== undefined && !scheduled.has(f.arn))
      findings.push(
        fail(
          'schedules',
          `no schedule invokes ${f.name} (account ${f.check.account}): it is never checked`,
          `the schedule was deleted outside CloudFormation, which a deploy does not repair: see it with aws cloudformation detect-stack-drift --region ${region} --stack-name ${stack}, then remove the account from the deploy config, deploy, add it back and deploy again`,
        ),
      );
  if (findings.length === 0) findings.push(note('schedules', 'no schedule in this stack'));
  return findings;
}

/** A function ARN without a version or alias: what a schedule's target names. */
function unqualified(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

async function listAll(scheduler: SchedulerClient): Promise<ScheduleSummary[]> {
  const all: ScheduleSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await scheduler.send(new ListSchedulesCommand({ NextToken }));
    all.push(...(page.Schedules ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return all;
}

/**
 * UpdateSchedule replaces the whole schedule, so the fix carries everything GetSchedule gave,
 * with the state ENABLED: the command changes nothing else.
 */
export function enabled(schedule: GetScheduleCommandOutput): Record<string, unknown> {
  const copied = [
    'Name',
    'GroupName',
    'ScheduleExpression',
    'ScheduleExpressionTimezone',
    'Description',
    'StartDate',
    'EndDate',
    'FlexibleTimeWindow',
    'Target',
    'KmsKeyArn',
    'ActionAfterCompletion',
  ] as const;
  const input: Record<string, unknown> = {};
  for (const key of copied) {
    const value: unknown = schedule[key];
    if (value === undefined) continue;
    input[key] = value instanceof Date ? value.toISOString() : value;
  }
  input.State = 'ENABLED';
  return input;
}
