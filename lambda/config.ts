import type { OutflowSettings } from './alerting/outflow';
import type { ChannelSpec } from './contract/channels';
import type { Route } from './contract/routing';
import type { EscalationSettings } from './contract/escalation';
import type * as z from './contract/zod';
import type { PolicySettings } from './alerting/policy';
import type { Locale } from './alerting/types';
import { formatIssues } from './contract/env-rules';
import { environmentSchema, lifecycleSchema } from './contract/environment';
import { ConfigurationError } from './errors';
import type { TopUpHelp } from './messages/render';

export { ENVIRONMENT_VARIABLES } from './contract/environment';

/** The function's settings, from its environment (lambda/contract/environment.ts). */

export interface LifecycleSettings {
  readonly repeatAfterMinutes: number;
  readonly recoveryMarginPercent: number;
  readonly failureAlertAfter: number;
  readonly staleAfterMinutes: number;
  /** 0 turns FORECAST off. */
  readonly forecastHorizonMinutes: number;
  readonly recoveryMarginAmount: number;
  readonly minBelowMinutes: number;
  readonly topUpCoverHours: number;
  readonly runwayAlertHours?: number;
  /** 0: an episode that reopens is a new one. */
  readonly coolOffMinutes: number;
  /** UNUSUAL_OUTFLOW's rule; a setting at 0 turns its part off. */
  readonly outflow: OutflowSettings;
}

function toLifecycle(e: z.infer<typeof lifecycleSchema>): LifecycleSettings {
  return {
    repeatAfterMinutes: e.REPEAT_ALERT_MINUTES,
    recoveryMarginPercent: e.RECOVERY_MARGIN_PERCENT,
    failureAlertAfter: e.FAILURE_ALERT_AFTER,
    staleAfterMinutes: e.STALE_AFTER_MINUTES,
    forecastHorizonMinutes: e.FORECAST_HORIZON_MINUTES,
    recoveryMarginAmount: e.RECOVERY_MARGIN_AMOUNT,
    minBelowMinutes: e.MIN_BELOW_MINUTES,
    topUpCoverHours: e.TOP_UP_COVER_HOURS,
    coolOffMinutes: e.COOL_OFF_MINUTES,
    outflow: {
      windowMinutes: e.OUTFLOW_WINDOW_MINUTES,
      ...(e.OUTFLOW_PACE_FACTOR === 0 ? {} : { paceFactor: e.OUTFLOW_PACE_FACTOR }),
      ...(e.OUTFLOW_RUNWAY_HOURS === 0 ? {} : { runwayHours: e.OUTFLOW_RUNWAY_HOURS }),
      ...(e.OUTFLOW_SHARE_PERCENT === 0 ? {} : { share: e.OUTFLOW_SHARE_PERCENT / 100 }),
      ...(e.OUTFLOW_SINGLE_DEBIT_AMOUNT === 0
        ? {}
        : { singleDebitAmount: e.OUTFLOW_SINGLE_DEBIT_AMOUNT }),
    },
    ...(e.RUNWAY_ALERT_HOURS === undefined ? {} : { runwayAlertHours: e.RUNWAY_ALERT_HOURS }),
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

export interface Config {
  readonly apiUrl: string;
  readonly apiKeySecretId: string;
  readonly topicArn: string;
  readonly accountName: string;
  /** The thresholds and the lifecycle, as the alert policy takes them. */
  readonly policy: PolicySettings;
  readonly expectedCurrency: string | undefined;
  readonly locale: Locale;
  readonly requestTimeoutMs: number;
  /** New messages per channel and hour before the rest waits for the hour's end; none: no cap. */
  readonly capPerHour: number | undefined;
  /** How long the API key is reused (a 401 reads it again). */
  readonly secretCacheSeconds: number;
  /**
   * How long channel secrets and the acknowledge key are reused: at most 5 minutes, since
   * nothing re-reads them when they are rotated (a webhook's new signing key, a new bot token).
   */
  readonly channelSecretCacheSeconds: number;
  readonly stateTableName: string;
  /** SMS sender ID, where the destination country allows one. */
  readonly smsSenderId: string | undefined;
  /** The zone the texts give times in (the schedule's). */
  readonly timeZone: string;
  /** How to top up, for the texts. */
  readonly topUp: TopUpHelp;
  /** The channels the function delivers itself (chat, Telegram, webhooks). */
  readonly channels: readonly ChannelSpec[];
  /** The tiers told when nobody acknowledges; none when absent. */
  readonly escalation: EscalationSettings | undefined;
  readonly telegramBotTokenSecretId: string | undefined;
  readonly telegramApiUrl: string;
  /** The acknowledge page, when alerts carry "I'm on it" links (their key: stores/link-key.ts). */
  readonly ack:
    | {
        readonly url: string;
        /** Telegram alerts carry an "I'm on it" button too. */
        readonly telegramButtons: boolean;
        readonly whatsappButtons: boolean;
      }
    | undefined;
  /** The operator topic, where an alert given up on is told. */
  readonly operatorTopicArn: string | undefined;
  /** The stack's queue of alerts given up on, whose count raises their alarm. */
  readonly parkedQueueUrl: string | undefined;
  /** What the operators hear on the alert topic, when they are people of their own. */
  readonly operatorRoute: Route | undefined;
}

const CHANNEL_SECRET_MAX_CACHE_SECONDS = 300;

/** Reads the contract from an environment; throws a ConfigurationError naming each bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigurationError(`Invalid environment: ${formatIssues(result.error.issues)}`);
  }
  const e = result.data;
  const thresholds = { low: e.LOW_BALANCE_THRESHOLD, critical: e.CRITICAL_BALANCE_THRESHOLD };
  const lifecycle = toLifecycle(e);
  return {
    apiUrl: e.DEXCHANGE_API_URL,
    apiKeySecretId: e.DEXCHANGE_API_KEY_SECRET_ID,
    topicArn: e.ALERT_TOPIC_ARN,
    accountName: e.ACCOUNT_NAME,
    policy: { thresholds, ...lifecycle },
    expectedCurrency: e.EXPECTED_CURRENCY,
    locale: e.ALERT_LOCALE,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    capPerHour: e.CAP_PER_HOUR === 0 ? undefined : e.CAP_PER_HOUR,
    secretCacheSeconds: e.SECRET_CACHE_SECONDS,
    channelSecretCacheSeconds: Math.min(e.SECRET_CACHE_SECONDS, CHANNEL_SECRET_MAX_CACHE_SECONDS),
    stateTableName: e.STATE_TABLE_NAME,
    smsSenderId: e.SMS_SENDER_ID,
    timeZone: e.ALERT_TIME_ZONE,
    topUp: {
      ...(e.TOP_UP_INSTRUCTIONS === undefined ? {} : { instructions: e.TOP_UP_INSTRUCTIONS }),
      ...(e.TOP_UP_URL === undefined ? {} : { url: e.TOP_UP_URL }),
      ...(e.TOP_UP_CONTACT === undefined ? {} : { contact: e.TOP_UP_CONTACT }),
    },
    channels: e.CHANNELS,
    escalation: e.ESCALATION,
    telegramBotTokenSecretId: e.TELEGRAM_BOT_TOKEN_SECRET_ID,
    telegramApiUrl: e.TELEGRAM_API_URL.replace(/\/+$/, ''),
    ack:
      e.ACK_URL === undefined
        ? undefined
        : {
            url: e.ACK_URL.replace(/\/+$/, ''),
            telegramButtons: e.ACK_TELEGRAM_BUTTONS === 'true',
            whatsappButtons: e.ACK_WHATSAPP_BUTTONS === 'true',
          },
    operatorTopicArn: e.OPERATOR_TOPIC_ARN,
    parkedQueueUrl: e.PARKED_ALERTS_QUEUE_URL,
    operatorRoute: e.OPERATOR_ROUTE,
  };
}
