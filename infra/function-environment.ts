import { Token } from 'aws-cdk-lib';
import * as z from 'zod';
import { formatIssues } from '../lambda/contract/env-rules';
import { environmentSchema } from '../lambda/contract/environment';
import type { ChannelSpec } from '../lambda/contract/channels';
import type { Route } from '../lambda/contract/routing';
import type { EscalationSettings } from '../lambda/contract/escalation';
import { SERVICE_NAME } from '../lambda/contract/metrics';
import type { Locale } from '../lambda/contract/severities';
import { subscriptionHealthEnvironmentSchema } from '../lambda/contract/subscriptions';
import { DeployConfigError } from './config/config-error';

/**
 * The function's environment, checked at synth with the function's own schema: a value the
 * stack would deploy and the function would refuse at every invocation fails `cdk synth`
 * instead. Values CloudFormation fills in at deploy time (ARNs, names) are checked for shape
 * by the function itself; here they stand in as valid placeholders.
 */

const PLACEHOLDERS: Record<string, string> = {
  DEXCHANGE_API_KEY_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:placeholder',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:placeholder',
  STATE_TABLE_NAME: 'placeholder-table',
  TELEGRAM_BOT_TOKEN_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:placeholder',
  ACK_URL: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/',
  OPERATOR_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:placeholder',
  PARKED_ALERTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/placeholder',
};

/** How one account is judged and told: the settings its function's environment carries. */
export interface AlertSettings {
  /** Label in messages, metrics and resource names; the state table's key. */
  readonly accountName: string;
  /** Alert below this amount. */
  readonly lowBalanceThreshold: number;
  /**
   * A second, louder level below the low one.
   * @default - none
   */
  readonly criticalBalanceThreshold?: number;
  /**
   * A balance in another currency fails the check.
   * @default 'XOF'
   */
  readonly expectedCurrency?: string;
  /**
   * The schedule's time zone (matters for cron expressions, and the times in messages).
   * @default 'Africa/Dakar'
   */
  readonly timeZone?: string;
  /** @default 'fr' */
  readonly locale?: Locale;
  /** @default 360 */
  readonly repeatAlertMinutes?: number;
  /**
   * FORECAST when the balance is due to cross LOW within this many minutes; 0 turns it off.
   * @default 240
   */
  readonly forecastHorizonMinutes?: number;
  /** @default - the production API, https://api-m.dexchange.sn */
  readonly apiUrl?: string;
  /**
   * Shown as the SMS sender where the destination country allows sender IDs.
   * @default - none: the carrier's default
   */
  readonly smsSenderId?: string;
  /** How to top up, for the texts. @default - none */
  readonly topUp?: {
    readonly instructions?: string;
    readonly url?: string;
    readonly contact?: string;
  };
  /** @default 5 */
  readonly recoveryMarginPercent?: number;
  /** @default 5% of lowBalanceThreshold */
  readonly recoveryMarginAmount?: number;
  /** @default - no runway alert */
  readonly runwayAlertHours?: number;
  /** @default 0 */
  readonly minBelowMinutes?: number;
  /** @default 4320 */
  readonly staleAfterMinutes?: number;
  /** @default 24 */
  readonly topUpCoverHours?: number;
  /** @default 30 */
  readonly coolOffMinutes?: number;
  /** UNUSUAL_OUTFLOW's rule (LIFECYCLE_RANGES): @default the function's fallbacks */
  readonly outflowPaceFactor?: number;
  readonly outflowRunwayHours?: number;
  readonly outflowSharePercent?: number;
  readonly outflowWindowMinutes?: number;
  /** One debit a callback names, confirmed by the balance read. @default - off */
  readonly outflowSingleDebitAmount?: number;
  /** @default 6 */
  readonly capPerHour?: number;
}

/** What the environment is built from: the account's settings and the resources' names. */
export interface FunctionSettings extends AlertSettings {
  readonly secretId: string;
  readonly topicArn: string;
  readonly tableName: string;
  /** The channels the function delivers itself; ARNs may be tokens. */
  readonly channels?: readonly ChannelSpec[];
  readonly telegramBotTokenSecretId?: string;
  readonly ackUrl?: string;
  /** Telegram alerts carry an "I'm on it" button. @default false */
  readonly ackTelegramButtons?: boolean;
  /** WhatsApp alerts carry the "I'm on it" quick reply's signed payload. @default false */
  readonly ackWhatsappButtons?: boolean;
  /** The operator topic, where the function tells of alerts it gave up on. */
  readonly operatorTopicArn?: string;
  /** The queue of alerts given up on, whose count is their alarm. */
  readonly parkedQueueUrl?: string;
  /** What the operators hear on the alert topic, when they are people of their own. */
  readonly operatorRoute?: Route;
  /** The escalation tiers; their topic ARNs may be tokens. */
  readonly escalation?: EscalationSettings;
  /** Renders a value with tokens as JSON (the stack's toJsonString); JSON.stringify without. */
  readonly toJsonString?: (value: unknown) => string;
}

/** Lambda refuses an environment over 4 KB (names and values together). */
export const ENVIRONMENT_MAX_BYTES = 4096;
/**
 * What a token becomes at deploy, at its longest: an ARN with a name CloudFormation generated
 * from a long stack and construct path (256 characters is SNS's and Secrets Manager's limit).
 */
export const LONGEST_ARN = `arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:${'x'.repeat(200)}`;
const LONGEST_TOPIC_ARN = `arn:aws:sns:ap-southeast-3:123456789012:${'x'.repeat(200)}`;
/** The variables MonitorFunction adds (NODE_OPTIONS, POWERTOOLS_LOG_LEVEL, ...), with room. */
export const ADDED_BY_FUNCTION_BYTES = 200;

/** The environment of an account's function (docs/architecture.md, "The function's environment contract"), checked before use. */
export function functionEnvironment(settings: FunctionSettings): Record<string, string> {
  const environment: Record<string, string> = {
    DEXCHANGE_API_KEY_SECRET_ID: settings.secretId,
    ALERT_TOPIC_ARN: settings.topicArn,
    STATE_TABLE_NAME: settings.tableName,
    ACCOUNT_NAME: settings.accountName,
    LOW_BALANCE_THRESHOLD: String(settings.lowBalanceThreshold),
    EXPECTED_CURRENCY: settings.expectedCurrency ?? 'XOF',
    ALERT_LOCALE: settings.locale ?? 'fr',
    REPEAT_ALERT_MINUTES: String(settings.repeatAlertMinutes ?? 360),
    FORECAST_HORIZON_MINUTES: String(settings.forecastHorizonMinutes ?? 240),
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    ...(settings.criticalBalanceThreshold === undefined
      ? {}
      : { CRITICAL_BALANCE_THRESHOLD: String(settings.criticalBalanceThreshold) }),
    ...(settings.apiUrl === undefined ? {} : { DEXCHANGE_API_URL: settings.apiUrl }),
    ...(settings.smsSenderId === undefined ? {} : { SMS_SENDER_ID: settings.smsSenderId }),
    ...optional('ALERT_TIME_ZONE', settings.timeZone),
    ...optional('TOP_UP_INSTRUCTIONS', settings.topUp?.instructions),
    ...optional('TOP_UP_URL', settings.topUp?.url),
    ...optional('TOP_UP_CONTACT', settings.topUp?.contact),
    ...optional('RECOVERY_MARGIN_PERCENT', settings.recoveryMarginPercent),
    // The least margin defaults to 5% of LOW: a small CRITICAL threshold then still has room.
    RECOVERY_MARGIN_AMOUNT: String(
      settings.recoveryMarginAmount ?? Math.round(settings.lowBalanceThreshold * 0.05),
    ),
    ...optional('RUNWAY_ALERT_HOURS', settings.runwayAlertHours),
    ...optional('MIN_BELOW_MINUTES', settings.minBelowMinutes),
    ...optional('STALE_AFTER_MINUTES', settings.staleAfterMinutes),
    ...optional('TOP_UP_COVER_HOURS', settings.topUpCoverHours),
    ...optional('COOL_OFF_MINUTES', settings.coolOffMinutes),
    ...optional('OUTFLOW_PACE_FACTOR', settings.outflowPaceFactor),
    ...optional('OUTFLOW_RUNWAY_HOURS', settings.outflowRunwayHours),
    ...optional('OUTFLOW_SHARE_PERCENT', settings.outflowSharePercent),
    ...optional('OUTFLOW_WINDOW_MINUTES', settings.outflowWindowMinutes),
    ...optional('OUTFLOW_SINGLE_DEBIT_AMOUNT', settings.outflowSingleDebitAmount),
    ...optional('CAP_PER_HOUR', settings.capPerHour),
    ...optional('TELEGRAM_BOT_TOKEN_SECRET_ID', settings.telegramBotTokenSecretId),
    ...optional('ACK_URL', settings.ackUrl),
    ...(settings.ackTelegramButtons === true ? { ACK_TELEGRAM_BUTTONS: 'true' } : {}),
    ...(settings.ackWhatsappButtons === true ? { ACK_WHATSAPP_BUTTONS: 'true' } : {}),
    ...optional('OPERATOR_TOPIC_ARN', settings.operatorTopicArn),
    ...optional('PARKED_ALERTS_QUEUE_URL', settings.parkedQueueUrl),
    ...optional(
      'OPERATOR_ROUTE',
      settings.operatorRoute === undefined ? undefined : JSON.stringify(settings.operatorRoute),
    ),
  };
  const channels = settings.channels ?? [];
  // Checked with ARNs as long as CloudFormation makes them, where the real ones are tokens.
  const literalChannels = channels.map((channel) =>
    Object.fromEntries(
      Object.entries(channel).map(([key, value]) => [
        key,
        typeof value === 'string' && Token.isUnresolved(value)
          ? key === 'topicArn'
            ? LONGEST_TOPIC_ARN
            : LONGEST_ARN
          : value,
      ]),
    ),
  );
  const escalation = settings.escalation;
  const literalEscalation =
    escalation === undefined
      ? undefined
      : {
          ...escalation,
          tiers: escalation.tiers.map((tier) => ({
            ...tier,
            topicArn: Token.isUnresolved(tier.topicArn) ? LONGEST_TOPIC_ARN : tier.topicArn,
          })),
        };
  const checked = {
    ...environment,
    ...(channels.length === 0 ? {} : { CHANNELS: JSON.stringify(literalChannels) }),
    ...(literalEscalation === undefined ? {} : { ESCALATION: JSON.stringify(literalEscalation) }),
  };
  checkFunctionEnvironment(settings.accountName, checked);
  // Counted in bytes, with every token at its longest: a stack that synthesizes deploys.
  const size =
    ADDED_BY_FUNCTION_BYTES +
    Object.entries(checked).reduce(
      (n, [k, v]) =>
        n + Buffer.byteLength(k) + Buffer.byteLength(Token.isUnresolved(v) ? LONGEST_ARN : v),
      0,
    );
  if (size > ENVIRONMENT_MAX_BYTES)
    throw new DeployConfigError([
      `account ${settings.accountName}: the function's environment would be about ${size} bytes, over Lambda's ${ENVIRONMENT_MAX_BYTES}; give it fewer channels, or shorter names and URLs`,
    ]);
  if (channels.length > 0)
    environment.CHANNELS = (settings.toJsonString ?? JSON.stringify)(channels);
  if (escalation !== undefined)
    environment.ESCALATION = (settings.toJsonString ?? JSON.stringify)(escalation);
  return environment;
}

/** A variable when the setting is there: absent means the function's own default. */
function optional(name: string, value: string | number | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: String(value) };
}

function checkFunctionEnvironment(account: string, environment: Record<string, string>): void {
  const literal = Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      Token.isUnresolved(value) ? (PLACEHOLDERS[name] ?? 'placeholder') : value,
    ]),
  );
  const parsed = environmentSchema.safeParse(literal);
  if (!parsed.success) {
    throw new Error(
      `account ${account}: the function would refuse the environment the stack gives it: ${formatIssues(parsed.error.issues)}`,
    );
  }
}

/**
 * The subscription-health job's environment (lambda/watchdog/subscriptions-handler.ts),
 * checked at synth with the job's own schema; tokens stand in as valid placeholders.
 */
export function subscriptionHealthEnvironment(settings: {
  readonly tableName: string;
  readonly operatorTopicArn: string;
  readonly locale: Locale;
}): Record<string, string> {
  const environment = {
    STATE_TABLE_NAME: settings.tableName,
    OPERATOR_TOPIC_ARN: settings.operatorTopicArn,
    ALERT_LOCALE: settings.locale,
  };
  const literal = Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      Token.isUnresolved(value)
        ? name === 'OPERATOR_TOPIC_ARN'
          ? (PLACEHOLDERS.ALERT_TOPIC_ARN ?? '')
          : (PLACEHOLDERS[name] ?? 'placeholder')
        : value,
    ]),
  );
  const parsed = subscriptionHealthEnvironmentSchema.safeParse(literal);
  if (!parsed.success)
    throw new Error(
      `the subscription-health function would refuse the environment the stack gives it: ${formatIssues(parsed.error.issues)}`,
    );
  return environment;
}

/** What checkedEnvironment needs to know of the function it checks an environment for. */
export interface EnvironmentCheck {
  /** The function's own schema of its environment, the one it parses at its first request. */
  readonly schema: z.core.$ZodType;
  /** The deploy config's field that builds the function: each problem starts with it. */
  readonly field: string;
  /** The function, as a problem names it ('the Telegram webhook'). */
  readonly name: string;
  /** The problem of an environment over Lambda's 4 KB, measured at `bytes`: what to change. */
  readonly tooLarge: (bytes: number) => string;
  /** What a variable holding a token is at its longest, where not LONGEST_ARN. */
  readonly longest?: Readonly<Record<string, string>>;
}

/** The environment with each variable that holds a token at its longest (`longest`'s, else LONGEST_ARN). */
export function longestEnvironment(
  environment: Readonly<Record<string, string>>,
  longest: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      Token.isUnresolved(value) ? (longest[name] ?? LONGEST_ARN) : value,
    ]),
  );
}

/** What an environment (tokens already at their longest) takes of Lambda's 4 KB, with what MonitorFunction adds. */
export function environmentBytes(literal: Readonly<Record<string, string>>): number {
  return Object.entries(literal).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    ADDED_BY_FUNCTION_BYTES,
  );
}

/**
 * An inbound function's environment (the Telegram webhook, the WhatsApp events, the callback
 * receiver), returned as given once checked at synth, every token at its longest: with the
 * function's own schema (a value it would refuse at every request fails `cdk synth`, naming the
 * variable and its rule), then against Lambda's 4 KB (with what to change).
 */
export function checkedEnvironment<E extends Readonly<Record<string, string>>>(
  environment: E,
  check: EnvironmentCheck,
): E {
  const literal = longestEnvironment(environment, check.longest);
  const parsed = z.safeParse(check.schema, literal);
  if (!parsed.success)
    throw new DeployConfigError([
      `${check.field}: ${check.name} would refuse the environment the stack gives it: ${formatIssues(parsed.error.issues)}`,
    ]);
  const bytes = environmentBytes(literal);
  if (bytes > ENVIRONMENT_MAX_BYTES)
    throw new DeployConfigError([`${check.field}: ${check.tooLarge(bytes)}`]);
  return environment;
}
