import * as z from './zod';
import {
  addIssue,
  fromJson,
  localeVariable,
  numberFromString,
  numberWithDefault,
  optionalFlag,
  optionalNumber,
  optionalString,
  requiredString,
  timeZoneVariable,
} from './env-rules';
import { channelListSchema, httpsUrlSchema } from './channels';
import { parkedQueueUrl } from './parked-queue';
import { routeSchema } from './routing';
import { escalationVariable } from './escalation';
import {
  CAP_PER_HOUR,
  RUNWAY_ALERT_HOURS,
  TOP_UP_CONTACT_MAX,
  TOP_UP_TEXT_MAX,
  accountNameSchema,
  apiUrlSchema,
  CURRENCY_PATTERN,
  LIFECYCLE_RANGES,
  MAX_AMOUNT,
  SENDER_ID_PATTERN,
  SENDER_ID_RULE,
  TOPIC_ARN_PATTERN,
} from './settings';

/**
 * The function's environment contract (docs/architecture.md, "The function's environment contract"): what the
 * function validates at every cold start, and what the stack validates each function's
 * environment with at synth. Variables arrive as strings; each rule's message reads after the
 * variable's name.
 */

const accountName = z.pipe(
  z.pipe(
    optionalString(),
    z.transform((value: string | undefined) => value ?? 'default'),
  ),
  accountNameSchema,
);

const currency = z.pipe(
  optionalString(),
  z.optional(
    z
      .string()
      .check(z.regex(CURRENCY_PATTERN, { error: 'must be a 3-letter ISO 4217 code such as XOF' })),
  ),
);

const locale = localeVariable();

const range = (r: (typeof LIFECYCLE_RANGES)[keyof typeof LIFECYCLE_RANGES]) =>
  numberWithDefault({ min: r.min, max: r.max, integer: r.integer }, r.fallback);

/** The alert lifecycle's settings; `npm start` reads the same variables. */
export const lifecycleVariables = {
  REPEAT_ALERT_MINUTES: range(LIFECYCLE_RANGES.repeatAlertMinutes),
  RECOVERY_MARGIN_PERCENT: range(LIFECYCLE_RANGES.recoveryMarginPercent),
  FAILURE_ALERT_AFTER: range(LIFECYCLE_RANGES.failureAlertAfter),
  STALE_AFTER_MINUTES: range(LIFECYCLE_RANGES.staleAfterMinutes),
  FORECAST_HORIZON_MINUTES: range(LIFECYCLE_RANGES.forecastHorizonMinutes),
  MIN_BELOW_MINUTES: range(LIFECYCLE_RANGES.minBelowMinutes),
  TOP_UP_COVER_HOURS: range(LIFECYCLE_RANGES.topUpCoverHours),
  COOL_OFF_MINUTES: range(LIFECYCLE_RANGES.coolOffMinutes),
  OUTFLOW_PACE_FACTOR: range(LIFECYCLE_RANGES.outflowPaceFactor),
  OUTFLOW_RUNWAY_HOURS: range(LIFECYCLE_RANGES.outflowRunwayHours),
  OUTFLOW_SHARE_PERCENT: range(LIFECYCLE_RANGES.outflowSharePercent),
  OUTFLOW_WINDOW_MINUTES: range(LIFECYCLE_RANGES.outflowWindowMinutes),
  // One debit a callback names, confirmed by the balance read (alerting/single-debit.ts); 0: off.
  OUTFLOW_SINGLE_DEBIT_AMOUNT: numberWithDefault({ min: 0, max: MAX_AMOUNT }, 0),
  RECOVERY_MARGIN_AMOUNT: numberWithDefault({ min: 0, max: MAX_AMOUNT }, 0),
  RUNWAY_ALERT_HOURS: optionalNumber({
    min: RUNWAY_ALERT_HOURS.min,
    max: RUNWAY_ALERT_HOURS.max,
    integer: true,
  }),
};
export const lifecycleSchema = z.object(lifecycleVariables);

export const environmentSchema = z
  .object({
    DEXCHANGE_API_URL: apiUrlSchema,
    DEXCHANGE_API_KEY_SECRET_ID: requiredString(),
    ALERT_TOPIC_ARN: requiredString().check(
      z.regex(TOPIC_ARN_PATTERN, {
        error:
          'must be the ARN of a standard SNS topic (arn:aws:sns:REGION:ACCOUNT:NAME); a .fifo topic cannot take the alerts',
      }),
    ),
    ACCOUNT_NAME: accountName,
    LOW_BALANCE_THRESHOLD: numberFromString({ min: 0, max: MAX_AMOUNT }),
    CRITICAL_BALANCE_THRESHOLD: optionalNumber({ min: 0, max: MAX_AMOUNT }),
    EXPECTED_CURRENCY: currency,
    ALERT_LOCALE: locale,
    REQUEST_TIMEOUT_MS: numberWithDefault({ min: 100, max: 60_000, integer: true }, 5000),
    // The key is read again at once after a 401 (a rotated key), so a long cache costs nothing
    // and keeps the secret read out of most checks.
    SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 3600),
    CAP_PER_HOUR: numberWithDefault(CAP_PER_HOUR, CAP_PER_HOUR.fallback),
    STATE_TABLE_NAME: requiredString().check(
      z.regex(/^[A-Za-z0-9_.-]{3,255}$/, {
        error: 'must be a DynamoDB table name (3-255 letters, digits, "_", "-", ".")',
      }),
    ),
    ALERT_TIME_ZONE: timeZoneVariable(),
    TOP_UP_INSTRUCTIONS: z.pipe(
      optionalString(),
      z.optional(
        z.string().check(
          z.maxLength(TOP_UP_TEXT_MAX, {
            error: `must be at most ${TOP_UP_TEXT_MAX} characters`,
          }),
        ),
      ),
    ),
    TOP_UP_URL: z.pipe(
      optionalString(),
      z.optional(
        z
          .string()
          .check(
            z.regex(/^https:\/\/[^\s]+$/, { error: 'must be an https URL' }),
            z.maxLength(TOP_UP_TEXT_MAX),
          ),
      ),
    ),
    TOP_UP_CONTACT: z.pipe(
      optionalString(),
      z.optional(
        z.string().check(
          z.maxLength(TOP_UP_CONTACT_MAX, {
            error: `must be at most ${TOP_UP_CONTACT_MAX} characters (it goes in SMS)`,
          }),
        ),
      ),
    ),
    CHANNELS: z.pipe(
      optionalString(),
      z.transform((value: string | undefined, ctx) => {
        if (value === undefined) return [];
        return fromJson(channelListSchema, 'must be a JSON list of channels')(value, ctx);
      }),
    ),
    TELEGRAM_BOT_TOKEN_SECRET_ID: optionalString(),
    /** The escalation tiers (contract/escalation.ts), as JSON; no escalation when absent. */
    ESCALATION: escalationVariable,
    /** The acknowledge page (its Function URL): alerts carry the link, signed with the link key. */
    ACK_URL: z.pipe(optionalString(), z.optional(httpsUrlSchema())),
    /** "true": Telegram alerts carry an "I'm on it" button (lambda/ack/button-token.ts). */
    ACK_TELEGRAM_BUTTONS: optionalFlag(),
    /** "true": WhatsApp alerts carry the signed payload of their "I'm on it" quick reply. */
    ACK_WHATSAPP_BUTTONS: optionalFlag(),
    /** Where the Telegram Bot API answers (a local stand-in in tests). */
    TELEGRAM_API_URL: z.pipe(
      z.pipe(
        optionalString(),
        z.transform((value: string | undefined) => value ?? 'https://api.telegram.org'),
      ),
      httpsUrlSchema(),
    ),
    /** The operator topic: where an alert given up on is told (never the alert topic). */
    OPERATOR_TOPIC_ARN: z.pipe(
      optionalString(),
      z.optional(
        z.string().check(
          z.regex(TOPIC_ARN_PATTERN, {
            error: 'must be the ARN of a standard SNS topic (arn:aws:sns:REGION:ACCOUNT:NAME)',
          }),
        ),
      ),
    ),
    /** The stack's queue of alerts given up on (contract/parked-queue.ts). */
    PARKED_ALERTS_QUEUE_URL: parkedQueueUrl(),
    /** What the operators hear on the alert topic (operatorRouting): the texts say so. */
    OPERATOR_ROUTE: z.pipe(
      optionalString(),
      z.transform((value: string | undefined, ctx) => {
        if (value === undefined) return undefined;
        const parsed = routeSchema.safeParse(parseJson(value));
        if (parsed.success) return parsed.data;
        addIssue(
          ctx,
          'must be a JSON route such as {"minLevel": "NONE", "also": ["FAILING", "STALE"]}',
        );
        return z.NEVER;
      }),
    ),
    SMS_SENDER_ID: z.pipe(
      optionalString(),
      z.optional(z.string().check(z.regex(SENDER_ID_PATTERN, { error: SENDER_ID_RULE }))),
    ),
    ...lifecycleVariables,
  })
  .check(
    z.superRefine((env, ctx) => {
      if (
        env.CHANNELS.some((c) => c.kind === 'telegram') &&
        env.TELEGRAM_BOT_TOKEN_SECRET_ID === undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_BOT_TOKEN_SECRET_ID'],
          message:
            'is required when CHANNELS lists a telegram channel (the secret holding the bot token)',
        });
      }
      if (
        env.CRITICAL_BALANCE_THRESHOLD !== undefined &&
        env.CRITICAL_BALANCE_THRESHOLD >= env.LOW_BALANCE_THRESHOLD
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['CRITICAL_BALANCE_THRESHOLD'],
          message: `must be below LOW_BALANCE_THRESHOLD (${env.LOW_BALANCE_THRESHOLD}); got ${env.CRITICAL_BALANCE_THRESHOLD}`,
        });
      }
    }),
  );

export type Environment = z.infer<typeof environmentSchema>;

/** JSON text as a value; undefined when it is not JSON (the schema then says what it must be). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The variables the function reads, for documentation checks. */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(environmentSchema.shape);
