import { cronRuns, parseCron } from '../../infra/cron';
import { rateMinutes } from '../../infra/schedule-expression';
import { CALLBACK_USAGE, CLOUDWATCH_FREE_TIER, PRICE, USAGE } from './prices';

/**
 * The monthly estimate of a synthesized template: each billed resource counted from the
 * template itself, times the price table; usage from the schedules' run counts over 30 days.
 */

const DAYS = 30;
const HOURS = DAYS * 24;

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
export interface TemplateJson {
  readonly Resources: Record<string, Resource>;
}

/**
 * Several templates (a stack and its nested stacks) as one: each one's logical ids prefixed
 * with its index, in its resources and in its own Ref and Fn::GetAtt, so none collide.
 */
export function mergeTemplates(templates: readonly TemplateJson[]): TemplateJson {
  const resources: Record<string, Resource> = {};
  templates.forEach((template, index) => {
    const ids = Object.keys(template.Resources);
    let text = JSON.stringify(template.Resources);
    for (const id of ids)
      text = text
        .replaceAll(`{"Ref":"${id}"}`, `{"Ref":"${index}:${id}"}`)
        .replaceAll(`"Fn::GetAtt":["${id}"`, `"Fn::GetAtt":["${index}:${id}"`);
    for (const [id, resource] of Object.entries(JSON.parse(text) as Record<string, Resource>))
      resources[`${index}:${id}`] = resource;
  });
  return { Resources: resources };
}

export interface CostLine {
  readonly line: string;
  readonly count: string;
  readonly usd: number;
}

/** Runs in 30 days of a schedule expression (rate or cron), in its time zone. */
export function runsPerMonth(expression: string, timeZone: string): number {
  const rate = rateMinutes(expression);
  if (rate !== undefined) return Math.floor((DAYS * 24 * 60) / rate);
  const cron = /^cron\((.*)\)$/.exec(expression)?.[1];
  if (cron === undefined) return 0;
  const from = Date.UTC(2026, 10, 2); // a Monday
  return [...cronRuns(parseCron(cron), timeZone, from, from + DAYS * 86_400_000)].length;
}

const ofType = (t: TemplateJson, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** How many metrics an alarm is billed for: one, or each metric of its metric-math query. */
function alarmMetrics(alarm: Resource): number {
  const metrics = alarm.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
  return metrics === undefined ? 1 : metrics.filter((m) => m.MetricStat !== undefined).length;
}

interface MetricStat {
  readonly Metric?: { readonly Namespace?: string; readonly MetricName?: string };
}

/**
 * The custom metrics billed every hour of the month: those an alarm reads that must arrive in
 * every period to keep it OK (missing data breaches, or a FILL counts an empty period as a
 * breach). Any other custom metric (sent only when something rare happens) is billed for the
 * hours it arrives, which rounds to nothing. AWS's own metrics (namespaces `AWS/...`) cost
 * nothing.
 */
export function steadyCustomMetrics(template: TemplateJson): string[] {
  const names = new Set<string>();
  for (const [, alarm] of ofType(template, 'AWS::CloudWatch::Alarm')) {
    const p = alarm.Properties ?? {};
    const math = (p.Metrics ?? []) as { Expression?: string; MetricStat?: MetricStat }[];
    const breachesWhenSilent =
      p.TreatMissingData === 'breaching' ||
      math.some((m) => /FILL\([^,]+,\s*[1-9]/.test(m.Expression ?? ''));
    if (!breachesWhenSilent) continue;
    const read = [
      {
        Namespace: p.Namespace as string | undefined,
        MetricName: p.MetricName as string | undefined,
      },
      ...math.map((m) => m.MetricStat?.Metric ?? {}),
    ];
    for (const m of read)
      if (m.Namespace !== undefined && !m.Namespace.startsWith('AWS/'))
        names.add(m.MetricName ?? '');
  }
  return [...names].sort();
}

export interface EstimateOptions {
  /**
   * Subtract CloudWatch's always-free tier (prices.ts): alarms, custom metrics, dashboards and
   * log ingestion up to their free amounts.
   */
  readonly cloudWatchFreeTier?: boolean;
}

export function estimate(template: TemplateJson, options: EstimateOptions = {}): CostLine[] {
  const free = options.cloudWatchFreeTier === true;
  const billed = (count: number, freeCount: number) =>
    free ? Math.max(0, count - freeCount) : count;
  const functions = new Map(
    ofType(template, 'AWS::Lambda::Function').map(([id, fn]) => [id, fn.Properties ?? {}]),
  );
  const env = (id: string) =>
    (functions.get(id)?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {};
  const checks = [...functions.keys()].filter((id) => 'ACCOUNT_NAME' in env(id));
  // The callback receiver, when the stack has one: it serves every account.
  const receiver = [...functions.keys()].find((id) => 'CALLBACK_KEY_SECRET_ID' in env(id));
  const callbacks =
    receiver === undefined ? 0 : checks.length * DAYS * CALLBACK_USAGE.callbacksPerAccountPerDay;
  const receiverGbSeconds =
    (callbacks *
      CALLBACK_USAGE.receiverBilledSeconds *
      Number(functions.get(receiver ?? '')?.MemorySize ?? 128)) /
    1024;
  const callbackCheckGbSeconds =
    (callbacks *
      USAGE.checkBilledSeconds *
      Number(functions.get(checks[0] ?? '')?.MemorySize ?? 128)) /
    1024;
  const schedules = ofType(template, 'AWS::Scheduler::Schedule').map(([, s]) => {
    const p = s.Properties ?? {};
    const target = (p.Target as { Arn?: { 'Fn::GetAtt'?: [string, string] } }).Arn;
    return {
      runs: runsPerMonth(
        typeof p.ScheduleExpression === 'string' ? p.ScheduleExpression : '',
        typeof p.ScheduleExpressionTimezone === 'string' ? p.ScheduleExpressionTimezone : 'UTC',
      ),
      functionId: target?.['Fn::GetAtt']?.[0] ?? '',
    };
  });
  let gbSeconds = 0;
  let invocations = 0;
  let checkRuns = 0;
  for (const s of schedules) {
    const memoryGb = Number(functions.get(s.functionId)?.MemorySize ?? 128) / 1024;
    const isCheck = checks.includes(s.functionId);
    const seconds = isCheck ? USAGE.checkBilledSeconds : USAGE.watchdogBilledSeconds;
    gbSeconds += s.runs * seconds * memoryGb;
    invocations += s.runs;
    if (isCheck) checkRuns += s.runs;
  }
  const created = ofType(template, 'AWS::SecretsManager::Secret').map(([id]) => id);
  const secrets = created.length;
  // An imported secret is billed too (to the same AWS account, whoever created it).
  const importedSecrets = checks.filter((id) => {
    const ref = (env(id).DEXCHANGE_API_KEY_SECRET_ID ?? {}) as { Ref?: string };
    return ref.Ref === undefined || !created.includes(ref.Ref);
  }).length;
  const alarms = ofType(template, 'AWS::CloudWatch::Alarm');
  const alarmMetricCount = alarms.reduce((n, [, a]) => n + alarmMetrics(a), 0);
  const steadyMetrics = steadyCustomMetrics(template);
  const queues = ofType(template, 'AWS::SQS::Queue').length;
  const dashboards = ofType(template, 'AWS::CloudWatch::Dashboard').length;
  const keys = ofType(template, 'AWS::KMS::Key').length;
  const secretReads =
    checks.length * HOURS * USAGE.secretReadsPerHour +
    (receiver === undefined ? 0 : HOURS * CALLBACK_USAGE.receiverKeyReadsPerHour);
  // A quiet check saves at most every 15 minutes, and at most once per run.
  const saves = schedules
    .filter((sch) => checks.includes(sch.functionId))
    .reduce((n, sch) => n + Math.min(sch.runs, HOURS * USAGE.stateWritesPerHourQuiet), 0);
  // A callback runs the receiver and starts a check: two invocations, each logging a line.
  const allInvocations = invocations + 2 * callbacks;
  const logGb = (allInvocations * USAGE.logBytesPerRun) / 1e9;
  return [
    {
      line: 'Secrets Manager',
      count: `${secrets + importedSecrets} secrets (${importedSecrets} imported), ${secretReads} reads`,
      usd:
        (secrets + importedSecrets) * PRICE.secretPerMonth +
        (secretReads / 10_000) * PRICE.secretPer10kCalls,
    },
    {
      line: 'CloudWatch alarms',
      count: `${alarms.length} alarms, ${alarmMetricCount} alarm metrics${free ? `, ${CLOUDWATCH_FREE_TIER.alarmMetrics} free` : ''}`,
      usd: billed(alarmMetricCount, CLOUDWATCH_FREE_TIER.alarmMetrics) * PRICE.alarmMetricPerMonth,
    },
    {
      line: 'CloudWatch custom metrics',
      count: `${steadyMetrics.length} sent every hour${steadyMetrics.length === 0 ? '' : ` (${steadyMetrics.join(', ')})`}; the rest only in the hours they occur`,
      usd:
        billed(steadyMetrics.length, CLOUDWATCH_FREE_TIER.customMetrics) *
        PRICE.customMetricPerMonth,
    },
    {
      line: 'CloudWatch dashboards',
      count: `${dashboards}`,
      usd: billed(dashboards, CLOUDWATCH_FREE_TIER.dashboards) * PRICE.dashboardPerMonth,
    },
    { line: 'KMS keys', count: `${keys}`, usd: keys * PRICE.kmsKeyPerMonth },
    {
      line: 'Lambda',
      count: `${allInvocations} runs (${checkRuns} scheduled checks${callbacks === 0 ? '' : `, ${callbacks} callbacks to the Function URL, each starting a check`}), ${Math.round(gbSeconds + receiverGbSeconds + callbackCheckGbSeconds)} GB-s`,
      usd:
        (allInvocations / 1e6) * PRICE.lambdaPerMillionRequests +
        (gbSeconds + receiverGbSeconds + callbackCheckGbSeconds) * PRICE.lambdaArmPerGbSecond,
    },
    {
      line: 'EventBridge Scheduler',
      count: `${invocations} invocations`,
      usd: (invocations / 1e6) * PRICE.schedulerPerMillion,
    },
    {
      line: 'DynamoDB',
      count: `${saves} saves × ${USAGE.writeUnitsPerSave} WRU${callbacks === 0 ? '' : `, ${callbacks} callback windows × ${CALLBACK_USAGE.writeUnitsPerCallback} WRU`}, at most ${checkRuns + callbacks} reads`,
      usd:
        ((saves * USAGE.writeUnitsPerSave + callbacks * CALLBACK_USAGE.writeUnitsPerCallback) /
          1e6) *
          PRICE.dynamoPerMillionWru +
        ((checkRuns + callbacks) / 1e6) * PRICE.dynamoPerMillionRru,
    },
    {
      line: 'CloudWatch Logs',
      count: `${Math.round(logGb * 1000)} MB ingested`,
      usd: billed(logGb, CLOUDWATCH_FREE_TIER.logsGbIngested) * PRICE.logsPerGbIngested,
    },
    {
      // The schedules' dead letters, the parked alerts (and, with a digest or WhatsApp, their own
      // dead letters): billed per request only, and only a failure sends one (a quiet month sends
      // none).
      line: 'SQS',
      count: `${queues} queues, a message per failure only`,
      usd: 0,
    },
  ];
}

export const total = (lines: readonly CostLine[]) => lines.reduce((sum, l) => sum + l.usd, 0);
