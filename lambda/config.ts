import * as z from 'zod';
import type { Locale, Thresholds } from './alerting/types';
import { ConfigurationError } from './errors';
import {
  formatIssues,
  isLoopbackHost,
  numberWithDefault,
  numberFromString,
  optionalNumber,
  optionalString,
  requiredString,
} from './env-schema';

/** The function's environment contract (DESIGN.md, "The function's contract"). */

export const DEFAULT_API_URL = 'https://api-m.dexchange.sn';
export const LOCALES = ['en', 'fr'] as const satisfies readonly Locale[];

/** Account names end up in SMS texts, so they stay short and inside the GSM-7 alphabet. */
export const ACCOUNT_NAME_MAX_LENGTH = 32;
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/** https only (plain http for loopback hosts); unset means the production API. */
export const apiUrlSchema = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === '' ? DEFAULT_API_URL : value))
  .pipe(
    z.string().transform((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `must be an absolute URL (got ${JSON.stringify(value)})`,
        });
        return z.NEVER;
      }
      const loopback = isLoopbackHost(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        ctx.addIssue({
          code: 'custom',
          message: `must use https (plain http is allowed only for localhost/127.0.0.1/[::1]); got ${url.protocol}//${url.host}`,
        });
        return z.NEVER;
      }
      if (url.username !== '' || url.password !== '') {
        ctx.addIssue({
          code: 'custom',
          message: 'must not carry credentials; the key comes from the secret',
        });
        return z.NEVER;
      }
      return url.origin + url.pathname.replace(/\/+$/, '');
    }),
  );

const topicArn = requiredString().regex(
  /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
  {
    error: 'must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)',
  },
);

const accountName = optionalString()
  .transform((value) => value ?? 'default')
  .pipe(
    z
      .string()
      .max(ACCOUNT_NAME_MAX_LENGTH, {
        error: `must be at most ${ACCOUNT_NAME_MAX_LENGTH} characters`,
      })
      .regex(ACCOUNT_NAME_PATTERN, {
        error:
          'must start with a letter or digit and use only letters, digits, space, ".", "_" or "-"',
      }),
  );

const currency = optionalString().pipe(
  z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter ISO 4217 code such as XOF' })
    .optional(),
);

const locale = optionalString()
  .transform((value) => value ?? 'en')
  .pipe(z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }));

/** The alert lifecycle's settings; `npm start` reads the same variables. */
const lifecycleVariables = {
  REPEAT_ALERT_MINUTES: numberWithDefault({ min: 5, max: 10_080, integer: true }, 360),
  RECOVERY_MARGIN_PERCENT: numberWithDefault({ min: 0, max: 100 }, 5),
  FAILURE_ALERT_AFTER: numberWithDefault({ min: 1, max: 100, integer: true }, 3),
  STALE_AFTER_MINUTES: numberWithDefault({ min: 1, max: 43_200, integer: true }, 1440),
  FORECAST_HORIZON_MINUTES: numberWithDefault({ min: 0, max: 10_080, integer: true }, 240),
};
const lifecycleSchema = z.object(lifecycleVariables);

export interface LifecycleSettings {
  readonly repeatAfterMinutes: number;
  readonly recoveryMarginPercent: number;
  readonly failureAlertAfter: number;
  readonly staleAfterMinutes: number;
  /** 0 turns FORECAST off. */
  readonly forecastHorizonMinutes: number;
}

function toLifecycle(e: z.infer<typeof lifecycleSchema>): LifecycleSettings {
  return {
    repeatAfterMinutes: e.REPEAT_ALERT_MINUTES,
    recoveryMarginPercent: e.RECOVERY_MARGIN_PERCENT,
    failureAlertAfter: e.FAILURE_ALERT_AFTER,
    staleAfterMinutes: e.STALE_AFTER_MINUTES,
    forecastHorizonMinutes: e.FORECAST_HORIZON_MINUTES,
  };
}

/** Only the lifecycle variables, for `npm start`; throws like loadConfig. */
export function loadLifecycleSettings(
  env: Readonly<Record<string, string | undefined>>,
): LifecycleSettings {
  const result = lifecycleSchema.safeParse(env);
  if (!result.success)
    throw new ConfigurationError(`Invalid environment: ${formatIssues(result.error.issues)}`);
  return toLifecycle(result.data);
}

const environmentSchema = z
  .object({
    DEXCHANGE_API_URL: apiUrlSchema,
    DEXCHANGE_API_KEY_SECRET_ID: requiredString(),
    ALERT_TOPIC_ARN: topicArn,
    ACCOUNT_NAME: accountName,
    LOW_BALANCE_THRESHOLD: numberFromString({ min: 0 }),
    CRITICAL_BALANCE_THRESHOLD: optionalNumber({ min: 0 }),
    EXPECTED_CURRENCY: currency,
    ALERT_LOCALE: locale,
    REQUEST_TIMEOUT_MS: numberWithDefault({ min: 100, max: 60_000, integer: true }, 5000),
    SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
    SMS_SENDER_ID: optionalString().pipe(
      z
        .string()
        .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$/, {
          error: 'must be 3 to 11 letters or digits with at least one letter',
        })
        .optional(),
    ),
    STATE_TABLE_NAME: requiredString().regex(/^[A-Za-z0-9_.-]{3,255}$/, {
      error: 'must be a DynamoDB table name (3-255 letters, digits, "_", "-", ".")',
    }),
    ...lifecycleVariables,
  })
  .superRefine((env, ctx) => {
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
  });

/** The variables the function reads, for documentation checks. */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(environmentSchema.shape);

export interface Config extends LifecycleSettings {
  readonly apiUrl: string;
  readonly apiKeySecretId: string;
  readonly topicArn: string;
  readonly accountName: string;
  readonly thresholds: Thresholds;
  readonly expectedCurrency: string | undefined;
  readonly locale: Locale;
  readonly requestTimeoutMs: number;
  readonly secretCacheSeconds: number;
  readonly stateTableName: string;
  /** SMS sender ID, where the destination country allows one. */
  readonly smsSenderId: string | undefined;
}

/** Reads the contract from an environment; throws a ConfigurationError naming each bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(`Invalid environment: ${formatIssues(result.error.issues)}`);
  }
  const e = result.data;
  return {
    apiUrl: e.DEXCHANGE_API_URL,
    apiKeySecretId: e.DEXCHANGE_API_KEY_SECRET_ID,
    topicArn: e.ALERT_TOPIC_ARN,
    accountName: e.ACCOUNT_NAME,
    thresholds: { low: e.LOW_BALANCE_THRESHOLD, critical: e.CRITICAL_BALANCE_THRESHOLD },
    expectedCurrency: e.EXPECTED_CURRENCY,
    locale: e.ALERT_LOCALE,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    secretCacheSeconds: e.SECRET_CACHE_SECONDS,
    stateTableName: e.STATE_TABLE_NAME,
    smsSenderId: e.SMS_SENDER_ID,
    ...toLifecycle(e),
  };
}
