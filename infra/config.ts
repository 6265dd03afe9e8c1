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
import { EVERYTHING, routeSchema, type Route } from './routing';
import {
  CHANNEL_NAME_PATTERN,
  CHANNEL_NAME_RULE,
  TELEGRAM_CHAT_ID_PATTERN,
  TELEGRAM_CHAT_ID_RULE,
  quietSchema,
  webhookUrlProblem,
} from '../lambda/contract/channels';
import { MAX_SILENCE_MINUTES } from '../lambda/contract/silences';
import { plannedGaps, scheduleExpressionProblem } from './schedule-expression';
import { isTimeZone as isValidTimeZone } from '../lambda/contract/time-zone';

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

const EMAIL_RULE = 'must be an e-mail address';
const email = z.email({ error: EMAIL_RULE });
const E164 = /^\+[1-9]\d{7,14}$/;
const E164_RULE = 'must be an E.164 phone number such as +221771234567';
const e164 = z.string().regex(E164, { error: E164_RULE });
/** In an object, a missing field is "required", not "not an e-mail address". */
const required = (rule: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is required' : rule;
const channelName = z.string().regex(CHANNEL_NAME_PATTERN, { error: CHANNEL_NAME_RULE });
/** Chat, Telegram and webhooks get everything unless told otherwise. */
const everythingRoute = routeSchema.default({ ...EVERYTHING, also: [...EVERYTHING.also] });

export const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
export const SLACK_CHANNEL_ID = /^[CG][0-9A-Z]{6,}$/;
const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
export const TEAMS_CHANNEL_ID =
  /^[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/;

const chatTargetSchema = z
  .strictObject({
    /** Names the channel in the outbox and in resource names. */
    name: channelName,
    slack: z
      .strictObject({
        workspaceId: z
          .string({
            error:
              'is required: a Slack channel id means nothing without its workspace id (T...), shown in the console after the workspace is authorized',
          })
          .regex(SLACK_WORKSPACE_ID, {
            error:
              'must be a Slack workspace id: upper-case letters and digits, such as T07GZ1D0BD5',
          }),
        channelId: z.string({ error: 'is required' }).regex(SLACK_CHANNEL_ID, {
          error:
            'must be a Slack channel id such as C07HDEHUE11 (the channel details show it; a channel name or a #name is not an id)',
        }),
      })
      .optional(),
    teams: z
      .strictObject({
        teamId: z
          .string({ error: 'is required' })
          .regex(GUID, { error: 'must be a GUID (the team id)' }),
        tenantId: z
          .string({ error: 'is required' })
          .regex(GUID, { error: 'must be a GUID (the Microsoft 365 tenant id)' }),
        channelId: z.string({ error: 'is required' }).regex(TEAMS_CHANNEL_ID, {
          error:
            'must be the channel id from its link, URL-encoded, such as 19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
        }),
      })
      .optional(),
    routing: everythingRoute,
    quietHours: quietSchema.optional(),
  })
  .refine((t) => (t.slack === undefined) !== (t.teams === undefined), {
    error: 'must have exactly one of slack or teams',
  });

const telegramTargetSchema = z.strictObject({
  name: channelName,
  chatId: z
    .union([z.string(), z.number().int()])
    .transform(String)
    .pipe(z.string().regex(TELEGRAM_CHAT_ID_PATTERN, { error: TELEGRAM_CHAT_ID_RULE })),
  routing: everythingRoute,
  quietHours: quietSchema.optional(),
});

const webhookTargetSchema = z.strictObject({
  name: channelName,
  url: z.string().superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value, false);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }),
  routing: everythingRoute,
  quietHours: quietSchema.optional(),
});

/**
 * A recipient's own route, instead of its list's: the same fields and defaults as the list's
 * (routeSchema), required once the entry is an object.
 */
const ownRouting = z.strictObject(routeSchema.shape, {
  error: (issue) =>
    issue.input === undefined
      ? "is required: the route of this recipient alone (or write the entry as a plain string to take the list's)"
      : 'must be a route such as {"minLevel": "CRITICAL", "also": []}',
});

/** An e-mail recipient: an address (the list's route), or an address with a route of its own. */
const emailEntry = z.union(
  [
    email,
    z.strictObject({
      address: z.email({ error: required(EMAIL_RULE) }),
      routing: ownRouting,
    }),
  ],
  {
    error:
      'must be an e-mail address, or {"address": "...", "routing": {...}} for an address with its own route',
  },
);
/** An SMS recipient: a number (the list's route), or a number with a route of its own. */
const smsEntry = z.union(
  [
    e164,
    z.strictObject({
      number: z.string({ error: required(E164_RULE) }).regex(E164, { error: E164_RULE }),
      routing: ownRouting,
    }),
  ],
  {
    error:
      'must be an E.164 phone number, or {"number": "+221...", "routing": {...}} for a number with its own route',
  },
);
export type EmailEntry = z.infer<typeof emailEntry>;
export type SmsEntry = z.infer<typeof smsEntry>;

/** Who hears an account's alerts: the stack's, or (accounts[].recipients) the account's own. */
const recipientsShape = {
  /** Addresses, each taking emailRouting unless it has a routing of its own. */
  alertEmails: z.array(emailEntry).default([]),
  /** Which alerts the e-mail addresses get; everything by default. */
  emailRouting: everythingRoute,
  /** Numbers, each taking smsRouting unless it has a routing of its own. */
  smsNumbers: z.array(smsEntry).default([]),
  /** Which alerts the SMS numbers get: a level and above, and chosen others. */
  smsRouting: routeSchema.default({ minLevel: 'CRITICAL', also: ['FAILING'] }),
  /** Hours in which SMS hold all but what they let through (CRITICAL by default). */
  smsQuietHours: quietSchema.optional(),
  /** Slack or Microsoft Teams channels, through AWS's chat integration. */
  chat: z.array(chatTargetSchema).default([]),
  telegram: z.array(telegramTargetSchema).default([]),
  webhooks: z.array(webhookTargetSchema).default([]),
};
const recipientsSchema = z.strictObject(recipientsShape);
export type Recipients = z.infer<typeof recipientsSchema>;
export type ChatTarget = Recipients['chat'][number];
export type TelegramTarget = Recipients['telegram'][number];
export type WebhookTarget = Recipients['webhooks'][number];

/** A morning digest: at 08:00 local time unless `at` says otherwise. */
const digestSchema = z.strictObject({
  at: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
      error: 'must be a time of day from 00:00 to 23:59, such as 08:00',
    })
    .default('08:00'),
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
    /** This account's own people, instead of the stack's (all of them: e-mail, SMS, chat...). */
    recipients: recipientsSchema.optional(),
    /** The language of this account's alerts, instead of the stack's. */
    locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).optional(),
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
  });

/** The most often an account is checked: HISTORY_MAX_POINTS holds 48 hours of it. */
/** Accounts one deploy watches: the main stack's 25 and three nested stacks of 25. */
export const MAX_ACCOUNTS = 100;
export const ACCOUNTS_PER_STACK = 25;

export const MIN_CHECK_INTERVAL_MINUTES = 5;

export const deployConfigSchema = z
  .strictObject({
    // The first ACCOUNTS_IN_MAIN_STACK in the main stack, the rest in nested stacks of as many
    // (infra/monitoring-stack.ts): CloudFormation's 500 resources and 200 outputs per stack.
    accounts: z
      .array(accountSchema)
      .min(1, { error: 'must list at least one account' })
      .max(MAX_ACCOUNTS, {
        error: `must list at most ${MAX_ACCOUNTS} accounts per deploy; see "Past 100 accounts" in the README`,
      }),
    schedule: z
      .strictObject({
        expression: scheduleExpression.default('rate(5 minutes)'),
        timezone: z
          .string()
          .refine(isValidTimeZone, { error: 'must be an IANA time zone such as Africa/Dakar' })
          .default('Africa/Dakar'),
      })
      .default({ expression: 'rate(5 minutes)', timezone: 'Africa/Dakar' }),
    ...recipientsShape,
    /** Who hears that the monitor itself is broken (the alarms); defaults to alertEmails. */
    operatorEmails: z.array(email).optional(),
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
    /** Every LOW, CRITICAL, FAILING and reminder carries an "I'm on it" link (a Function URL). */
    acknowledgeLinks: z.boolean({ error: 'must be true or false' }).default(true),
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
    /** The dead-man switch fires after this long without a completed check. */
    deadManSwitchMinutes: z.number().int().min(5).max(MAX_DEAD_MAN_MINUTES).optional(),
    /** One CloudWatch dashboard for the stack (USD 3 a month); the saved queries are free. */
    dashboard: z.boolean({ error: 'must be true or false' }).default(false),
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
      if (gaps !== undefined && gaps.shortestMinutes < MIN_CHECK_INTERVAL_MINUTES) {
        ctx.addIssue({
          code: 'custom',
          path: where,
          message: `${expression} checks every ${gaps.shortestMinutes} minute${gaps.shortestMinutes === 1 ? '' : 's'}; check at most every ${MIN_CHECK_INTERVAL_MINUTES} minutes (the state keeps 48 hours of 5-minute readings for the forecast and the digest, and each check costs)`,
        });
        return;
      }
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
    checkRecipients(config, ctx);
    // Listed twice, CDK would stop synth on a second subscription of one address.
    listedTwice(
      (config.operatorEmails ?? []).map((e) => e.toLowerCase()),
      ['operatorEmails'],
      ctx,
    );
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
/**
 * The dead-man window of an account, in minutes: how long it may go without a completed check
 * (the schema has refused every config where none fits, so this only guards).
 */
export function deadManWindowOf(config: DeployConfig, account: AccountConfig): number {
  const expression = account.schedule ?? config.schedule.expression;
  const gaps = plannedGaps(expression, config.schedule.timezone);
  const window = gaps === undefined ? undefined : deadManWindow(gaps, config.deadManSwitchMinutes);
  if (window === undefined || 'problem' in window)
    throw new Error(`no dead-man switch fits the schedule ${expression}`);
  return window.minutes;
}

export function operatorEmailsOf(config: DeployConfig): readonly string[] {
  return config.operatorEmails ?? config.alertEmails.map(addressOf);
}

/** An e-mail recipient's address, whether written plain or with its own routing. */
export const addressOf = (entry: EmailEntry): string =>
  typeof entry === 'string' ? entry : entry.address;

/** An e-mail or SMS recipient with the route it takes: its own if it has one, else its list's. */
export interface RoutedEndpoint {
  readonly endpoint: string;
  readonly routing: Route;
  /** Whether the route is the recipient's own (not its list's). */
  readonly own: boolean;
}

export function emailRecipientsOf(recipients: Recipients): RoutedEndpoint[] {
  return recipients.alertEmails.map((entry) =>
    typeof entry === 'string'
      ? { endpoint: entry, routing: recipients.emailRouting, own: false }
      : { endpoint: entry.address, routing: entry.routing, own: true },
  );
}

export function smsRecipientsOf(recipients: Recipients): RoutedEndpoint[] {
  return recipients.smsNumbers.map((entry) =>
    typeof entry === 'string'
      ? { endpoint: entry, routing: recipients.smsRouting, own: false }
      : { endpoint: entry.number, routing: entry.routing, own: true },
  );
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
    const problems = result.error.issues.flatMap(matchedBranch).map((issue) => {
      const field = [CONTEXT_KEY, ...issue.path.map(String)].join('.');
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${field}: ${issue.message}${keys}`;
    });
    throw new Error(`Invalid deploy config:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/**
 * A recipient is a string or an object (alertEmails, smsNumbers): when the value has the type of
 * one of the two, its problems are that form's (`...routing.minLevel: must be one of ...`), not
 * zod's "matches neither". Otherwise the union's own message says which forms are accepted.
 */
function matchedBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const matched = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  const [only] = matched;
  if (matched.length !== 1 || only === undefined) return [issue];
  return only.flatMap((i) => matchedBranch({ ...i, path: [...issue.path, ...i.path] }));
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

type Issue = { code: 'custom'; path: (string | number)[]; message: string };

/**
 * The recipients, checked together: no one listed twice in a list; a chat, Telegram or webhook
 * name always names the same destination, and a destination always has the same name (the name
 * keys its deliveries and its signing secret, so two meanings would mix them up); a route that
 * lets nothing through; an account's own recipients that reach nobody.
 */
function checkRecipients(
  config: { accounts: readonly { recipients?: Recipients | undefined }[] } & Recipients,
  ctx: { addIssue(issue: Issue): void },
): void {
  const blocks: { path: (string | number)[]; recipients: Recipients }[] = [
    { path: [], recipients: config },
    ...config.accounts.flatMap((account, index) =>
      account.recipients === undefined
        ? []
        : [{ path: ['accounts', index, 'recipients'], recipients: account.recipients }],
    ),
  ];
  const names = new Map<string, { destination: string; where: string }>();
  const destinations = new Map<string, { name: string; where: string }>();
  for (const { path, recipients } of blocks) {
    // Plain or with a routing of its own, one address is one subscriber: listed twice, CDK
    // would stop synth (or it would get each alert twice).
    const emails = emailRecipientsOf(recipients);
    const numbers = smsRecipientsOf(recipients);
    listedTwice(
      emails.map((e) => e.endpoint.toLowerCase()),
      [...path, 'alertEmails'],
      ctx,
    );
    listedTwice(
      numbers.map((n) => n.endpoint),
      [...path, 'smsNumbers'],
      ctx,
    );
    for (const [field, list] of [
      ['alertEmails', emails],
      ['smsNumbers', numbers],
    ] as const)
      list.forEach((recipient, index) => {
        if (
          recipient.own &&
          recipient.routing.minLevel === 'NONE' &&
          recipient.routing.also.length === 0
        )
          ctx.addIssue({
            code: 'custom',
            path: [...path, field, index, 'routing'],
            message: `lets nothing through (minLevel NONE and no also); remove ${recipient.endpoint} instead`,
          });
      });
    const targets: {
      field: string;
      index: number;
      name: string;
      destination: string;
      routing: Route;
    }[] = [
      ...recipients.chat.map((t, index) => ({
        field: 'chat',
        index,
        name: t.name,
        destination:
          t.slack !== undefined
            ? `Slack ${t.slack.workspaceId}/${t.slack.channelId}`
            : `Teams ${t.teams?.teamId ?? ''}/${t.teams?.channelId ?? ''}`,
        routing: t.routing,
      })),
      ...recipients.telegram.map((t, index) => ({
        field: 'telegram',
        index,
        name: t.name,
        destination: `Telegram chat ${t.chatId}`,
        routing: t.routing,
      })),
      ...recipients.webhooks.map((t, index) => ({
        field: 'webhooks',
        index,
        name: t.name,
        destination: `webhook ${t.url}`,
        routing: t.routing,
      })),
    ];
    const inBlock = new Set<string>();
    for (const target of targets) {
      const where = [CONTEXT_KEY, ...path, target.field, target.index].join('.');
      const key = `${target.field}:${target.name}`;
      if (inBlock.has(key) || inBlock.has(target.destination))
        ctx.addIssue({
          code: 'custom',
          path: [...path, target.field, target.index],
          message: `${target.destination} ("${target.name}") is listed twice here: it would get every alert twice`,
        });
      inBlock.add(key);
      inBlock.add(target.destination);
      const named = names.get(key);
      if (named !== undefined && named.destination !== target.destination)
        ctx.addIssue({
          code: 'custom',
          path: [...path, target.field, target.index, 'name'],
          message: `"${target.name}" already names ${named.destination} (${named.where}); give ${target.destination} another name`,
        });
      const known = destinations.get(target.destination);
      if (known !== undefined && known.name !== target.name)
        ctx.addIssue({
          code: 'custom',
          path: [...path, target.field, target.index, 'name'],
          message: `${target.destination} is already named "${known.name}" (${known.where}); use the same name, so that its deliveries and secret are one`,
        });
      names.set(key, { destination: target.destination, where });
      destinations.set(target.destination, { name: target.name, where });
      if (target.routing.minLevel === 'NONE' && target.routing.also.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: [...path, target.field, target.index, 'routing'],
          message: 'lets nothing through (minLevel NONE and no also); remove the channel instead',
        });
    }
    for (const [field, list] of [
      ['emailRouting', recipients.alertEmails],
      ['smsRouting', recipients.smsNumbers],
    ] as const) {
      const route = recipients[field];
      // A list whose every entry has a route of its own does not use the list's.
      const used = list.length === 0 || list.some((entry) => typeof entry === 'string');
      if (used && route.minLevel === 'NONE' && route.also.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: [...path, field],
          message: 'lets nothing through (minLevel NONE and no also)',
        });
    }
    if (
      path.length > 0 &&
      recipients.alertEmails.length + recipients.smsNumbers.length + targets.length === 0
    )
      ctx.addIssue({
        code: 'custom',
        path,
        message:
          "lists nobody: this account's alerts would reach no one; list its people, or remove the block to use the stack's",
      });
  }
}

/** Each value listed again after its first time, as an issue at its index. */
function listedTwice(
  values: readonly string[],
  path: (string | number)[],
  ctx: { addIssue(issue: Issue): void },
): void {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index)
      ctx.addIssue({ code: 'custom', path: [...path, index], message: `${value} is listed twice` });
  });
}
