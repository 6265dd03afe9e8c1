import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import {
  accountNameSchema,
  apiUrlSchema,
  CURRENCY_PATTERN,
  LIFECYCLE_RANGES,
  CAP_PER_HOUR,
  RUNWAY_ALERT_HOURS,
  SENDER_ID_PATTERN,
  SENDER_ID_RULE,
} from '../../lambda/contract/settings';
import { topUpHelpSchema } from '../../lambda/contract/top-up-help';
import { MAX_SILENCE_MINUTES } from '../../lambda/contract/silences';
import { MAX_DEAD_MAN_MINUTES } from '../dead-man';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from '../../lambda/contract/time-zone';
import { crossChecks } from './cross-checks';
import {
  amount,
  DEFAULT_LOCALE,
  digestSchema,
  lifecycle,
  locale,
  scheduleExpression,
} from './fields';
import { emailEntry, recipientsSchema, recipientsShape } from './recipients-schema';
import { operatorRouting } from './operator-routing';
import { escalationConfigSchema } from './escalation-schema';

/**
 * The deploy config's fields, each checked alone; `deployConfigSchema` adds the checks across
 * fields (./cross-checks.ts).
 */

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter((v) => typeof v === 'number');

const kmsKeyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, {
  error: 'must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)',
});

const accountSchema = z
  .strictObject({
    /** Label in messages, metrics and resource names; the state table's key. */
    name: z
      .string({ error: 'is required' })
      .min(1, { error: 'is required' })
      .pipe(accountNameSchema),
    lowBalanceThreshold: amount,
    criticalBalanceThreshold: amount.optional(),
    expectedCurrency: z
      .string()
      .regex(CURRENCY_PATTERN, { error: 'must be a 3-letter code such as XOF' })
      .default('XOF'),
    /** Import an existing secret by name instead of creating one. */
    existingSecretName: z.string().min(1).optional(),
    /** With `callbacks`: the secret (by name) holding DEXCHANGE's signing secret for this account's callbacks. */
    callbackSigningSecret: z.string().min(1).optional(),
    /** The customer-managed KMS key that encrypts that signing secret, if not AWS's default key. */
    callbackSigningKmsKeyArn: kmsKeyArn.optional(),
    /** The customer-managed KMS key that encrypts that secret, if not AWS's default key. */
    existingSecretKmsKeyArn: kmsKeyArn.optional(),
    /** This account's own schedule, instead of the shared one. */
    schedule: scheduleExpression.optional(),
    /** How to top up: in every LOW, CRITICAL and reminder. */
    topUp: z.optional(topUpHelpSchema),
    /** The least hysteresis above a threshold, as an amount; default 5% of lowBalanceThreshold. */
    recoveryMarginAmount: amount.optional(),
    /** With `callbacks`: UNUSUAL_OUTFLOW for one debit of at least this much, confirmed by the balance read. */
    outflowSingleDebitAmount: amount.optional(),
    /** This account's own people, instead of the stack's (all of them: e-mail, SMS, chat...). */
    recipients: recipientsSchema.optional(),
    /** Tiers told when an alert stays unacknowledged (infra/config/escalation-schema.ts). */
    escalation: escalationConfigSchema.optional(),
    /** The language of this account's alerts, instead of the stack's. */
    locale: locale.optional(),
    /** This account's own digest time, instead of the stack's (which turns digests on). */
    digest: digestSchema.optional(),
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
  })
  .refine(
    (a) => a.callbackSigningKmsKeyArn === undefined || a.callbackSigningSecret !== undefined,
    {
      path: ['callbackSigningKmsKeyArn'],
      error: 'goes with callbackSigningSecret (the key of that secret)',
    },
  );

/** How often an account is checked when callbacks start its checks as payouts happen. */
export const DEFAULT_BACKSTOP_SCHEDULE = 'rate(15 minutes)';
/** The shared schedule when `schedule.expression` is not set and callbacks are off. */
export const DEFAULT_SCHEDULE = 'rate(5 minutes)';

/** Accounts one deploy watches: the main stack's 25 and three nested stacks of 25. */
export const MAX_ACCOUNTS = 100;
export const ACCOUNTS_PER_STACK = 25;

const deployConfigFields = z.strictObject({
  // The first ACCOUNTS_IN_MAIN_STACK in the main stack, the rest in nested stacks of as many
  // (infra/monitoring-stack.ts): CloudFormation's 500 resources and 200 outputs per stack.
  accounts: z
    .array(accountSchema)
    .min(1, { error: 'must list at least one account' })
    .max(MAX_ACCOUNTS, {
      error: `must list at most ${MAX_ACCOUNTS} accounts per deploy; see "Past 100 accounts" in docs/deploy.md`,
    }),
  schedule: z
    .strictObject({
      /**
       * Unset: every 5 minutes (DEFAULT_SCHEDULE), or with callbacks their backstop. Set, it is
       * kept with callbacks too: an explicit choice is never relaxed behind the user's back.
       */
      expression: scheduleExpression.optional(),
      timezone: z._default(timeZoneSchema, DEFAULT_TIME_ZONE),
    })
    .default({ timezone: DEFAULT_TIME_ZONE }),
  ...recipientsShape,
  /**
   * Who hears that the monitor itself is broken (the alarms, and every alert given up); defaults
   * to alertEmails. Each address also hears what operatorRouting (or its own routing) lets
   * through of every account's alerts.
   */
  operatorEmails: z.array(emailEntry).optional(),
  operatorRouting,
  /** Shown as the SMS sender where the destination country allows sender IDs. */
  smsSenderId: z.string().regex(SENDER_ID_PATTERN, { error: SENDER_ID_RULE }).optional(),
  /** The AWS account's monthly SMS spend limit in USD; an alarm fires at 80% of it. */
  smsMonthlySpendLimitUsd: z
    .number({ error: 'must be a number of US dollars' })
    .positive({ error: 'must be more than 0 (the AWS default is 1)' })
    .default(1),
  locale: locale.default(DEFAULT_LOCALE),
  repeatAlertMinutes: lifecycle(LIFECYCLE_RANGES.repeatAlertMinutes),
  forecastHorizonMinutes: lifecycle(LIFECYCLE_RANGES.forecastHorizonMinutes),
  recoveryMarginPercent: lifecycle(LIFECYCLE_RANGES.recoveryMarginPercent),
  minBelowMinutes: lifecycle(LIFECYCLE_RANGES.minBelowMinutes),
  staleAfterMinutes: lifecycle(LIFECYCLE_RANGES.staleAfterMinutes),
  topUpCoverHours: lifecycle(LIFECYCLE_RANGES.topUpCoverHours),
  coolOffMinutes: lifecycle(LIFECYCLE_RANGES.coolOffMinutes),
  outflowPaceFactor: lifecycle(LIFECYCLE_RANGES.outflowPaceFactor),
  outflowRunwayHours: lifecycle(LIFECYCLE_RANGES.outflowRunwayHours),
  outflowSharePercent: lifecycle(LIFECYCLE_RANGES.outflowSharePercent),
  outflowWindowMinutes: lifecycle(LIFECYCLE_RANGES.outflowWindowMinutes),
  /** With `callbacks`: the single-debit amount of every account without its own (off if absent). */
  outflowSingleDebitAmount: amount.optional(),
  capPerHour: lifecycle(CAP_PER_HOUR),
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
  /** Every LOW, CRITICAL, FAILING and reminder carries an "I'm on it" link (a Function URL). */
  acknowledgeLinks: z.boolean({ error: 'must be true or false' }).default(true),
  /** Telegram alerts carry an inline "I'm on it" button, answered by the stack's Telegram webhook. */
  telegramButtons: z.boolean({ error: 'must be true or false' }).default(false),
  /** How to top up, for every account without its own: in the alerts and on the "I'm on it" page. */
  topUp: z.optional(topUpHelpSchema),
  /** A morning digest per account, at this local time; off unless set. */
  digest: digestSchema.optional(),
  /** How long the silence command of the outputs silences for (a maintenance window). */
  silenceMinutes: z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(1, { error: 'must be at least 1 minute' })
    .max(MAX_SILENCE_MINUTES, { error: `must be at most ${MAX_SILENCE_MINUTES} (a week)` })
    .default(120),
  /** 1 keeps two checks of one account from ever running at once; 0 turns it off. */
  reservedConcurrency: z.number().int().min(0).max(1).default(1),
  /** A receiver of DEXCHANGE's transaction callbacks, each one a hint that starts a check (docs/callbacks.md); off unless set. */
  callbacks: z
    .object({
      /** Callbacks of one account within this many seconds start one check. */
      windowSeconds: z
        .number({ error: 'must be a number of seconds' })
        .int({ error: 'must be a whole number of seconds' })
        .min(10, {
          error: 'must be at least 10 seconds (DEXCHANGE allows 100 reads a minute per key)',
        })
        .max(300, { error: 'must be at most 300 seconds' })
        .default(20),
      /**
       * With callbacks flowing, the schedule is the backstop: every account without its own
       * `schedule` is checked this often, unless `schedule.expression` is set (docs/callbacks.md).
       */
      backstopSchedule: scheduleExpression.default(DEFAULT_BACKSTOP_SCHEDULE),
      /** The header DEXCHANGE's signature comes in, when callbacks are signed. */
      signatureHeader: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be a header name (letters, digits, -)' })
        .optional(),
    })
    .strict()
    .optional(),
  /** The dead-man switch fires after this long without a completed check. */
  deadManSwitchMinutes: z.number().int().min(5).max(MAX_DEAD_MAN_MINUTES).optional(),
  /** One CloudWatch dashboard for the stack (USD 3 a month); the saved queries are free. */
  dashboard: z.boolean({ error: 'must be true or false' }).default(false),
});

export const deployConfigSchema = deployConfigFields.superRefine(crossChecks);

export type DeployConfig = z.infer<typeof deployConfigFields>;
export type AccountConfig = DeployConfig['accounts'][number];
