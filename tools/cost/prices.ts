/**
 * The list prices `npm run cost` multiplies by, with their date and source. us-east-1, USD,
 * without the free tier (CloudWatch's always-free 10 custom metrics, 10 alarms and 3
 * dashboards, Lambda's and Scheduler's monthly allowances would make small stacks cheaper).
 * Paris (eu-west-3) was not found on a stored page; Scheduler, at least, differs by region.
 */
export const PRICES_AS_OF = '2026-11-28';
export const PRICES_REGION = 'us-east-1';

export const PRICE = {
  secretPerMonth: 0.4,
  secretPer10kCalls: 0.05,
  alarmMetricPerMonth: 0.1,
  customMetricPerMonth: 0.3,
  dashboardPerMonth: 3,
  kmsKeyPerMonth: 1,
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  schedulerPerMillion: 1,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  logsPerGbIngested: 0.5,
} as const;

/**
 * CloudWatch's always-free tier (every AWS account, every month, not only the first year): what
 * `npm run cost` subtracts for its "inside CloudWatch's free tier" figure. Shared with whatever
 * else the AWS account runs: the figure holds where the monitor is alone in using it.
 */
export const CLOUDWATCH_FREE_TIER = {
  alarmMetrics: 10,
  customMetrics: 10,
  dashboards: 3,
  logsGbIngested: 5,
} as const;

export const PRICE_SOURCES: Record<keyof typeof PRICE, string> = {
  secretPerMonth: 'https://aws.amazon.com/secrets-manager/pricing/',
  secretPer10kCalls: 'https://aws.amazon.com/secrets-manager/pricing/',
  alarmMetricPerMonth:
    'https://aws.amazon.com/cloudwatch/pricing/ (metric math: one charge per metric, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_billing.html)',
  customMetricPerMonth: 'https://aws.amazon.com/cloudwatch/pricing/',
  dashboardPerMonth: 'https://aws.amazon.com/cloudwatch/pricing/',
  kmsKeyPerMonth: 'https://aws.amazon.com/kms/pricing/',
  lambdaPerMillionRequests: 'https://aws.amazon.com/lambda/pricing/',
  lambdaArmPerGbSecond: 'https://aws.amazon.com/lambda/pricing/',
  schedulerPerMillion: 'https://aws.amazon.com/eventbridge/pricing/',
  dynamoPerMillionWru: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  dynamoPerMillionRru: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  logsPerGbIngested: 'https://aws.amazon.com/cloudwatch/pricing/',
};

/**
 * What one run costs in use, measured or bounded (BENCHMARKS.md): the billed duration of a
 * check (warm checks take tens of milliseconds; a cold one about a second, once per container),
 * the bytes it logs (its log line and Lambda's START/END/REPORT), and its state writes (a quiet
 * account saves at most every 15 minutes, an item of about 3 KB: 4 write units).
 */
export const USAGE = {
  checkBilledSeconds: 0.3,
  watchdogBilledSeconds: 0.3,
  logBytesPerRun: 1200,
  stateWritesPerHourQuiet: 4,
  writeUnitsPerSave: 4,
  /** The key is read once an hour per container (SECRET_CACHE_SECONDS 3600), with a 401 extra. */
  secretReadsPerHour: 1,
} as const;

/**
 * What callbacks add (docs/callbacks.md), at an assumed volume: an account making 100 payouts a
 * day, each called back twice (pending, then its final status). Each callback is one run of the
 * receiver behind its Function URL (no charge beyond Lambda's) and one conditional write of
 * 1 WRU on its `#callback:` item; spread over the day, few fall within one window, so each is
 * counted as starting a check (an upper bound: bursts start one check per window). The receiver
 * reads its key at most every SECRET_CACHE_SECONDS (300 s) per container, counted all day.
 */
export const CALLBACK_USAGE = {
  callbacksPerAccountPerDay: 200,
  receiverBilledSeconds: 0.1,
  writeUnitsPerCallback: 1,
  receiverKeyReadsPerHour: 12,
} as const;
