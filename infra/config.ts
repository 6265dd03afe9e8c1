import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { ALSO_ROUTABLE, LOCALES } from '../lambda/contract/severities';
import {
  ACCOUNT_NAME_MAX_LENGTH,
  ACCOUNT_NAME_PATTERN,
  ACCOUNT_NAME_RULE,
  amountProblem,
  apiUrlSchema,
  CURRENCY_PATTERN,
  LIFECYCLE_RANGES,
  RUNWAY_ALERT_HOURS,
  SENDER_ID_PATTERN,
  SENDER_ID_RULE,
  TOP_UP_CONTACT_MAX,
  TOP_UP_TEXT_MAX,
} from '../lambda/contract/settings';
import { deadManWindow, MAX_DEAD_MAN_MINUTES } from './dead-man';
import { routeSchema } from './routing';
import { isValidTimeZone, plannedGaps, scheduleExpressionProblem } from './schedule-expression';

/**
 * The deploy config: cdk.json context key `balanceMonitor`, overridable with
 * `-c balanceMonitor='{"...": ...}'`. Validated with zod at synth, so a typo fails `cdk synth`
 * with the field's name, before anything deploys. Unknown keys are errors (a misspelt optional
 * field would otherwise be silently ignored).
 */

export const CONTEXT_KEY = 'balanceMonitor';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter((v) => typeof v === 'number');

/** A threshold: the function's own amount rule, so the environment it gets is one it accepts. */
const amount = z.number({ error: 'must be a number' }).superRefine((value, ctx) => {
  const problem = amountProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const lifecycle = (r: (typeof LIFECYCLE_RANGES)[keyof typeof LIFECYCLE_RANGES]) => {
  const base = z
    .number({ error: 'must be a number' })
    .min(r.min, { error: `must be at least ${r.min}` })
    .max(r.max, { error: `must be at most ${r.max}` });
  return (r.integer ? base.int({ error: 'must be a whole number' }) : base).default(r.fallback);
};

const scheduleExpression = z.string({ error: 'must be a string' }).superRefine((value, ctx) => {
  const problem = scheduleExpressionProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const accountSchema = z
  .strictObject({
    /** Label in messages, metrics and resource names; the state table's key. */
    name: z
      .string({ error: 'is required' })
      .min(1, { error: 'is required' })
      .max(ACCOUNT_NAME_MAX_LENGTH, {
        error: `must be at most ${ACCOUNT_NAME_MAX_LENGTH} characters`,
      })
      .regex(ACCOUNT_NAME_PATTERN, { error: ACCOUNT_NAME_RULE }),
    lowBalanceThreshold: amount,
    criticalBalanceThreshold: amount.optional(),
    expectedCurrency: z
      .string()
      .regex(CURRENCY_PATTERN, { error: 'must be a 3-letter code such as XOF' })
      .default('XOF'),
    /** Import an existing secret by name instead of creating one. */
    existingSecretName: z.string().min(1).optional(),
    /** The customer-managed KMS key that encrypts that secret, if not AWS's default key. */
    existingSecretKmsKeyArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, {
        error: 'must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)',
      })
      .optional(),
    /** This account's own schedule, instead of the shared one. */
    schedule: scheduleExpression.optional(),
    /** How to top up: in every LOW, CRITICAL and reminder. */
    topUp: z
      .strictObject({
        instructions: z.string().min(1).max(TOP_UP_TEXT_MAX).optional(),
        url: z
          .string()
          .regex(/^https:\/\/\S+$/, { error: 'must be an https URL' })
          .max(TOP_UP_TEXT_MAX)
          .optional(),
        contact: z
          .string()
          .min(1)
          .max(TOP_UP_CONTACT_MAX, {
            error: `must be at most ${TOP_UP_CONTACT_MAX} characters (it goes in SMS)`,
          })
          .optional(),
      })
      .optional(),
    /** The least hysteresis above a threshold, as an amount; default 5% of lowBalanceThreshold. */
    recoveryMarginAmount: amount.optional(),
    /** FORECAST also when the balance is due to run out within this many hours. */
    runwayAlertHours: z
      .number()
      .int({ error: 'must be a whole number of hours' })
      .min(RUNWAY_ALERT_HOURS.min)
      .max(RUNWAY_ALERT_HOURS.max)
      .optional(),
  })
  .refine(
    (a) =>
      a.criticalBalanceThreshold === undefined ||
      a.criticalBalanceThreshold < a.lowBalanceThreshold,
    {
      path: ['criticalBalanceThreshold'],
      error: 'must be below lowBalanceThreshold',
    },
  )
  .refine((a) => a.existingSecretKmsKeyArn === undefined || a.existingSecretName !== undefined, {
    path: ['existingSecretKmsKeyArn'],
    error: "goes with existingSecretName (a created secret uses AWS's own key)",
  });

export const deployConfigSchema = z
  .strictObject({
    // 25 keeps the stack under CloudFormation's 500 resources (about 17 per account).
    accounts: z
      .array(accountSchema)
      .min(1, { error: 'must list at least one account' })
      .max(25, { error: 'must list at most 25 accounts per stack; deploy another stack for more' }),
    schedule: z
      .strictObject({
        expression: scheduleExpression.default('rate(5 minutes)'),
        timezone: z
          .string()
          .refine(isValidTimeZone, { error: 'must be an IANA time zone such as Africa/Dakar' })
          .default('Africa/Dakar'),
      })
      .default({ expression: 'rate(5 minutes)', timezone: 'Africa/Dakar' }),
    alertEmails: z.array(z.email({ error: 'must be an e-mail address' })).default([]),
    /** Who hears that the monitor itself is broken (the alarms); defaults to alertEmails. */
    operatorEmails: z.array(z.email({ error: 'must be an e-mail address' })).optional(),
    smsNumbers: z
      .array(
        z.string().regex(/^\+[1-9]\d{7,14}$/, {
          error: 'must be an E.164 phone number such as +221771234567',
        }),
      )
      .default([]),
    /** Which alerts the SMS numbers get: a level and above, and chosen others. */
    smsRouting: routeSchema.default({ minLevel: 'CRITICAL', also: ['FAILING'] }),
    /** Shown as the SMS sender where the destination country allows sender IDs. */
    smsSenderId: z.string().regex(SENDER_ID_PATTERN, { error: SENDER_ID_RULE }).optional(),
    /** The AWS account's monthly SMS spend limit in USD; an alarm fires at 80% of it. */
    smsMonthlySpendLimitUsd: z
      .number({ error: 'must be a number of US dollars' })
      .positive({ error: 'must be more than 0 (the AWS default is 1)' })
      .default(1),
    locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).default('fr'),
    repeatAlertMinutes: lifecycle(LIFECYCLE_RANGES.repeatAlertMinutes),
    forecastHorizonMinutes: lifecycle(LIFECYCLE_RANGES.forecastHorizonMinutes),
    recoveryMarginPercent: lifecycle(LIFECYCLE_RANGES.recoveryMarginPercent),
    minBelowMinutes: lifecycle(LIFECYCLE_RANGES.minBelowMinutes),
    staleAfterMinutes: lifecycle(LIFECYCLE_RANGES.staleAfterMinutes),
    topUpCoverHours: lifecycle(LIFECYCLE_RANGES.topUpCoverHours),
    /** The function's own URL rule: https, no credentials (they would sit in the template). */
    apiUrl: z
      .string({ error: 'must be a string' })
      .transform((value, ctx) => {
        const parsed = apiUrlSchema.safeParse(value);
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: issue.message });
        return z.NEVER;
      })
      .optional(),
    topicEncryption: z.enum(['none', 'kms'], { error: 'must be none or kms' }).default('none'),
    logRetentionDays: z
      .enum(RetentionDays, {
        error: `must be one of CloudWatch's retention periods in days: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(RetentionDays.THREE_MONTHS),
    /** 1 keeps two checks of one account from ever running at once; 0 turns it off. */
    reservedConcurrency: z.number().int().min(0).max(1).default(1),
    /** The dead-man switch fires after this long without a completed check. */
    deadManSwitchMinutes: z.number().int().min(5).max(MAX_DEAD_MAN_MINUTES).optional(),
  })
  .superRefine((config, ctx) => {
    if ((config.operatorEmails ?? config.alertEmails).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['operatorEmails'],
        message:
          'the alarms (the monitor itself is broken: no check runs, the function fails, alerts are not delivered) would reach nobody; list at least one address in operatorEmails or alertEmails (SMS numbers only get the alerts their filter lets through)',
      });
    }
    config.accounts.forEach((account, index) => {
      const expression = account.schedule ?? config.schedule.expression;
      const where =
        account.schedule === undefined
          ? ['schedule', 'expression']
          : ['accounts', index, 'schedule'];
      if (scheduleExpressionProblem(expression) !== undefined) return;
      const gaps = plannedGaps(expression, config.schedule.timezone);
      const window =
        gaps === undefined ? undefined : deadManWindow(gaps, config.deadManSwitchMinutes);
      if (gaps === undefined || window === undefined || 'problem' in window) {
        ctx.addIssue({
          code: 'custom',
          path:
            config.deadManSwitchMinutes !== undefined && gaps !== undefined
              ? ['deadManSwitchMinutes']
              : where,
          message:
            gaps === undefined
              ? `${expression} plans fewer than two checks in the next four years; the monitor needs a recurring schedule`
              : (window as { problem: string }).problem,
        });
      }
    });
    const seen = new Map<string, number>();
    config.accounts.forEach((account, index) => {
      const slug = accountSlug(account.name);
      const first = seen.get(slug);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'name'],
          message: `"${account.name}" duplicates accounts.${first}.name (names must differ once lower-cased, with spaces and dots as dashes)`,
        });
      } else {
        seen.set(slug, index);
      }
    });
  });

export type DeployConfig = z.infer<typeof deployConfigSchema>;

/** Who gets the alarms: operatorEmails, or everyone on alertEmails. */
export function operatorEmailsOf(config: DeployConfig): readonly string[] {
  return config.operatorEmails ?? config.alertEmails;
}
export type AccountConfig = DeployConfig['accounts'][number];

/** A form of the account name that is safe in construct ids, resource and dashboard names. */
export function accountSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Parses the context value (an object from cdk.json, or a JSON string from `-c`). */
export function parseDeployConfig(raw: unknown): DeployConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`${CONTEXT_KEY}: the -c value is not valid JSON`);
    }
  }
  if (value === undefined) {
    throw new Error(
      `${CONTEXT_KEY}: missing; add a "${CONTEXT_KEY}" object to the "context" of cdk.json`,
    );
  }
  const renamed = smsSeveritiesHint(value);
  if (renamed !== undefined) throw new Error(`Invalid deploy config:\n  ${renamed}`);
  const result = deployConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = [CONTEXT_KEY, ...issue.path.map(String)].join('.');
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${field}: ${issue.message}${keys}`;
    });
    throw new Error(`Invalid deploy config:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/**
 * `smsSeverities` (an exact list) became `smsRouting` (a level and above, plus chosen others):
 * say so, with the equivalent of the list the config has, rather than "unrecognized key".
 */
function smsSeveritiesHint(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('smsSeverities' in value)) return undefined;
  const list = value.smsSeverities;
  const severities = Array.isArray(list) ? list.filter((s) => typeof s === 'string') : [];
  const minLevel = severities.includes('LOW')
    ? 'LOW'
    : severities.includes('CRITICAL')
      ? 'CRITICAL'
      : 'NONE';
  const also = ALSO_ROUTABLE.filter((s) => severities.includes(s));
  return `${CONTEXT_KEY}.smsSeverities: replaced by smsRouting, which sends a level and above (their reminders and RECOVERED follow) plus the alerts listed in "also"; write "smsRouting": ${JSON.stringify({ minLevel, also })}`;
}
