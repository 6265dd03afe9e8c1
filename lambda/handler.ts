import { callbackHintSchema } from './contract/callback-body';
import type { Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from './contract/zod';
import { createAckLinks, type AckLinks } from './ack/links';
import { whatsappBinding } from './ack/button-token';
import type { AlertEvent } from './alerting/types';
import { lazyChannels } from './channels/lazy';
import { loadOnce } from './channels/load-once';
import { createParkedQueue, type ParkedQueue } from './channels/parked-queue';
import { channelRoutes } from './channels/routes';
import {
  runCheck,
  type CheckPorts,
  type CheckSettings,
  type CheckSummary,
  type ParkedNotice,
} from './check/run-check';
import { sendTestAlert } from './check/test-alert';
import {
  ActionRefused,
  addSilence,
  endSilence,
  listSilences,
  silenceActionSchema,
} from './check/silences';
import type { Silence } from './alerting/state';
import { formatIssues } from './contract/env-rules';
import { loadConfig } from './config';
import { createApiKeySource, type ApiKeySource } from './providers/dexchange/api-key-secret';
import { createDexchangeClient } from './providers/dexchange/client';
import { withContainerCache } from './stores/container-cache';
import { createStateTable } from './stores/dynamodb';
import { dynamoLinkKeyItems, linkKeyForSigning } from './stores/link-key';
import { createWaitingRecipients } from './stores/waiting-recipients';
import { errorName, outsideText } from './errors';
import {
  checkReport,
  healedStateReport,
  logger,
  metrics,
  recordBrokenCheck,
  recordCheck,
} from './observability';

/**
 * The Lambda entry. Adapters are built once per container (on the first invocation, so that a
 * bad environment fails an invocation with a readable error rather than the init phase) and
 * reused by warm invocations, which keeps the secret cache and the HTTP connections warm.
 */

/** Time kept back from the function timeout for saving, publishing and flushing metrics. */
const PUBLISH_RESERVE_MS = 5000;

interface Runtime {
  /** The acknowledge links and their key, when alerts carry them. */
  readonly ack: { readonly links: AckLinks; readonly key: { read(): Promise<string> } } | undefined;
  readonly settings: CheckSettings;
  readonly ports: CheckPorts & { readonly apiKey: ApiKeySource };
  /** For the digest: the alert topic's addresses receiving nothing yet (subscription health's count). */
  readonly waitingRecipients: () => Promise<number>;
  /** The stack's queue of alerts given up on (its count is their alarm); none on a machine. */
  readonly parkedQueue: ParkedQueue | undefined;
}

let runtime: Runtime | undefined;

function buildRuntime(): Runtime {
  const config = loadConfig(process.env);
  // Shared clients: one connection pool per service for every adapter that uses it (SNS's is
  // made with the channels, channels/deliverers.ts).
  const secrets = new SecretsManagerClient({});
  const dynamo = new DynamoDBClient({});
  const ackLinks =
    config.ack === undefined ? undefined : createAckLinks(config.ack.url, config.locale);
  const ackKey =
    config.ack === undefined
      ? undefined
      : linkKeyForSigning({
          items: dynamoLinkKeyItems(dynamo, config.stateTableName),
          maxAgeSeconds: config.channelSecretCacheSeconds,
        });
  const render = {
    timeZone: config.timeZone,
    topUp: config.topUp,
    ...(ackLinks === undefined ? {} : { acknowledge: (e: AlertEvent) => ackLinks.link(e) }),
    ...(ackLinks === undefined || config.ack?.telegramButtons !== true
      ? {}
      : { acknowledgeButton: (e: AlertEvent, chat: string) => ackLinks.button(e, chat) }),
    ...(ackLinks === undefined || config.ack?.whatsappButtons !== true
      ? {}
      : {
          acknowledgePayload: (e: AlertEvent, number: string) =>
            ackLinks.button(e, whatsappBinding(number)),
        }),
  };
  // Only the alert topic's copy says IT is sent it too: that topic is the one IT shares, so a
  // chat or webhook copy cannot say so while the topic's copy is held by the cap or the night.
  const topicRender =
    config.operatorRoute === undefined
      ? render
      : { ...render, operatorsHear: config.operatorRoute };
  const tiers = config.escalation?.tiers ?? [];
  // The channels, their texts and their SNS and WhatsApp clients are loaded at the first
  // delivery, once per container: a check with nothing to deliver (most of them) plans with
  // the channels' routes alone, and never reads their code. The bundle is split in files
  // (infra/bundling.ts): this import() is the file a quiet cold start does not load
  // (BENCHMARKS.md). A load that failed is tried again at the next delivery (load-once.ts).
  const loadDeliverers = loadOnce(async () =>
    (await import('./channels/deliverers')).createDeliverers({
      secrets,
      topicArn: config.topicArn,
      locale: config.locale,
      render,
      topicRender,
      smsSenderId: config.smsSenderId,
      channels: config.channels,
      tiers,
      timeoutMs: config.requestTimeoutMs,
      secretCacheSeconds: config.channelSecretCacheSeconds,
      telegram: {
        apiUrl: config.telegramApiUrl,
        tokenSecretId: config.telegramBotTokenSecretId,
      },
      operatorTopicArn: config.operatorTopicArn,
    }),
  );
  return {
    ack:
      ackLinks === undefined || ackKey === undefined ? undefined : { links: ackLinks, key: ackKey },
    waitingRecipients: createWaitingRecipients(dynamo, config.stateTableName, config.topicArn),
    parkedQueue:
      config.parkedQueueUrl === undefined ? undefined : createParkedQueue(config.parkedQueueUrl),
    settings: {
      account: config.accountName,
      locale: config.locale,
      policy: config.policy,
      ...(config.capPerHour === undefined ? {} : { capPerHour: config.capPerHour }),
      ...(config.escalation === undefined ? {} : { escalation: config.escalation }),
    },
    ports: {
      apiKey: createApiKeySource({
        secretId: config.apiKeySecretId,
        maxAgeSeconds: config.secretCacheSeconds,
        client: secrets,
      }),
      dexchange: createDexchangeClient({
        baseUrl: config.apiUrl,
        timeoutMs: config.requestTimeoutMs,
        expectedCurrency: config.expectedCurrency,
      }),
      channels: lazyChannels(
        channelRoutes({ specs: config.channels, tiers, timeZone: config.timeZone }),
        async () => (await loadDeliverers()).channels,
      ),
      ...(config.operatorTopicArn === undefined
        ? {}
        : {
            tellOperators: async (parked: readonly ParkedNotice[], signal: AbortSignal) =>
              (await loadDeliverers()).operatorNotice?.tell(config.accountName, parked, signal),
          }),
      // Kept in the container between checks (stores/container-cache.ts).
      state: withContainerCache(
        createStateTable(dynamo, config.stateTableName, config.accountName),
      ),
    },
  };
}

/**
 * The scheduled event carries nothing we need; actions are run by hand (`aws lambda invoke`,
 * the stack's outputs give the commands) or by the digest schedule.
 */
const ACTIONS = ['test-alert', 'digest', 'silence', 'silences', 'unsilence'] as const;
/** The fields of an EventBridge event: a scheduled check may come with them, and nothing else. */
export const EVENTBRIDGE_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
]);
/**
 * A scheduled check's event: {} or an EventBridge event (null or nothing from a hand-run
 * invoke). Any other field is a mistyped action ({"acton": "silence"}), refused rather than
 * taken for a check.
 */
const scheduledEventSchema = z.union([
  z
    .looseObject({ action: z.optional(z.undefined()) })
    .check(
      z.refine((e) => Object.keys(e).every((k) => k === 'action' || EVENTBRIDGE_FIELDS.has(k))),
    ),
  z.null(),
  z.undefined(),
]);

/**
 * Each action's event, built at its first use (`z.lazy`): a scheduled check, most invocations,
 * builds none of them, nor the callback's and the silence's schemas they hold (BENCHMARKS.md,
 * "The cold path").
 */
const actionEventSchemas = {
  'test-alert': z.lazy(() => z.object({ action: z.literal('test-alert') })),
  digest: z.lazy(() => z.object({ action: z.literal('digest') })),
  silence: silenceActionSchema,
  silences: z.lazy(() => z.object({ action: z.literal('silences') })),
  unsilence: z.lazy(() =>
    z.object({
      action: z.literal('unsilence'),
      id: z.optional(z.string().check(z.maxLength(40))),
    }),
  ),
  // A check a DEXCHANGE callback started (lambda/callback/): a hint, the balance is read as ever.
  callback: z.lazy(() =>
    z.object({ action: z.literal('callback'), at: z.iso.datetime(), hint: callbackHintSchema }),
  ),
} as const;

type HandlerEvent =
  | z.output<typeof scheduledEventSchema>
  | z.output<(typeof actionEventSchemas)[keyof typeof actionEventSchemas]>;

/**
 * The event read by the schema its `action` names (a scheduled check's when it names none, or
 * one we do not know, which that schema then refuses): the same answers as one union of them
 * all, without building or trying the others (test/unit/handler-event.test.ts holds them equal).
 */
export function parseEvent(event: unknown): z.core.util.SafeParseResult<HandlerEvent> {
  const action = (event as { action?: unknown } | null | undefined)?.action;
  return typeof action === 'string' && Object.hasOwn(actionEventSchemas, action)
    ? actionEventSchemas[action as keyof typeof actionEventSchemas].safeParse(event)
    : scheduledEventSchema.safeParse(event);
}

export type ActionSummary =
  | {
      readonly account: string;
      readonly action: 'silence' | 'unsilence';
      readonly silence: Silence;
    }
  | {
      readonly account: string;
      readonly action: 'silences';
      readonly silences: readonly Silence[];
    };

/** An action refused as given (a typo, a bad field): nothing was changed, nothing is broken. */
export interface RefusedSummary {
  readonly account: string;
  readonly action: 'refused';
  readonly error: string;
}

/** A callback's check that came too late to be news (Lambda's queue held it): nothing was read. */
export interface CallbackSkippedSummary {
  readonly account: string;
  readonly action: 'callback';
  readonly skipped: 'stale';
}

/**
 * How old a callback's event may be and still start a check. Lambda's queue retries an
 * asynchronous event for hours when the function is busy; by then the schedule has checked.
 */
export const CALLBACK_EVENT_MAX_AGE_MS = 120_000;

export interface TestAlertSummary {
  readonly account: string;
  readonly action: 'test-alert';
  readonly events: readonly ['TEST'];
}

/** The error as Lambda will log it, its message capped and redacted. */
function redactedError(error: unknown, apiKey: string | undefined): Error {
  const safe = new Error(
    outsideText(error instanceof Error ? error.message : String(error), apiKey, 400),
  );
  safe.name = errorName(error, 'Error');
  return safe;
}

function refused(error: string): RefusedSummary {
  const account = runtime?.settings.account ?? process.env.ACCOUNT_NAME ?? 'default';
  logger.warn('action refused', { account, error });
  return { account, action: 'refused', error };
}

export async function handler(
  event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<
  CheckSummary | TestAlertSummary | ActionSummary | RefusedSummary | CallbackSkippedSummary
> {
  const started = Date.now();
  let account = process.env.ACCOUNT_NAME ?? 'default';
  try {
    const parsedEvent = parseEvent(event);
    if (!parsedEvent.success) {
      const action = (event as { action?: unknown } | null)?.action;
      // A known action with a bad field says which; anything else lists what there is.
      const known = typeof action === 'string' && (ACTIONS as readonly string[]).includes(action);
      // Returned, not thrown: a mistyped command is the operator's to fix, not a broken monitor
      // (no Lambda error, no alarm).
      return refused(
        known && action === 'silence'
          ? `silence: ${formatIssues(silenceActionSchema.safeParse(event).error?.issues ?? [])}; nothing was changed`
          : `unknown event: the function takes the scheduled event or {"action": ...} with one of ${ACTIONS.join(', ')} (such as {"action": "test-alert"}); nothing was changed`,
      );
    }
    runtime ??= buildRuntime();
    const { settings, ports, parkedQueue } = runtime;
    account = settings.account;
    logger.appendKeys({ account });

    if (parsedEvent.data?.action === 'test-alert') {
      const sent = await sendTestAlert(ports.channels, account, new Date(started));
      const failed = sent.filter((s) => s.error !== undefined);
      logger.info('test alert sent', { account, channels: sent });
      if (failed.length > 0) {
        throw new Error(
          `the test alert did not go out on ${failed.map((f) => `${f.channel} (${f.error ?? ''})`).join(', ')}`,
        );
      }
      return { account, action: 'test-alert', events: ['TEST'] };
    }

    const data = parsedEvent.data;
    const now = new Date(started);
    if (data?.action === 'callback' && started - Date.parse(data.at) > CALLBACK_EVENT_MAX_AGE_MS) {
      logger.info('callback check skipped: stale', { account });
      return { account, action: 'callback', skipped: 'stale' };
    }
    try {
      if (data?.action === 'silence') {
        const silence = await addSilence(
          ports.state,
          data,
          now,
          healedStateReport(account, 'silence'),
        );
        logger.info('silence set', { account, silence });
        return { account, action: 'silence', silence };
      }
      if (data?.action === 'silences')
        return { account, action: 'silences', silences: await listSilences(ports.state, now) };
      if (data?.action === 'unsilence') {
        const silence = await endSilence(
          ports.state,
          data.id,
          now,
          healedStateReport(account, 'unsilence'),
        );
        logger.info('silence ended', { account, silence });
        return { account, action: 'unsilence', silence };
      }
    } catch (error) {
      // A silence refused (an 11th, an unknown id) is the operator's to fix; the state table
      // failing is the monitor's.
      if (error instanceof ActionRefused) return refused(`${error.message}; nothing was changed`);
      throw error;
    }

    // The acknowledge key, read (cached) before the deliveries, and only when there are some:
    // unreadable, the alerts go out without the link rather than not at all.
    const ack = runtime.ack;
    const beforeDelivery =
      ack === undefined
        ? undefined
        : async () => {
            ack.links.use(
              await ack.key.read().catch((error: unknown) => {
                logger.warn('alerts go out without the acknowledge link', {
                  error: error instanceof Error ? error.message : String(error),
                });
                return undefined;
              }),
            );
          };

    // The digest's count of recipients receiving nothing yet: unreadable, the digest goes out
    // without that line rather than not at all.
    const unconfirmedRecipients =
      data?.action === 'digest'
        ? await runtime.waitingRecipients().catch((error: unknown) => {
            logger.warn('the digest goes out without the count of unconfirmed recipients', {
              error: error instanceof Error ? error.message : String(error),
            });
            return 0;
          })
        : 0;
    const remaining = context?.getRemainingTimeInMillis();
    const outcome = await runCheck(
      {
        ...ports,
        report: checkReport(account),
        ...(parkedQueue === undefined
          ? {}
          : { queueParked: (parked) => parkedQueue.send(account, parked) }),
        ...(beforeDelivery === undefined ? {} : { beforeDelivery }),
      },
      settings,
      {
        now,
        digest: data?.action === 'digest',
        unconfirmedRecipients,
        offSchedule: data?.action === 'callback',
        ...(data?.action === 'callback' ? { hint: data.hint } : {}),
        ...(remaining === undefined ? {} : { deadline: started + remaining - PUBLISH_RESERVE_MS }),
      },
    );
    recordCheck(account, outcome);
    return outcome.summary;
  } catch (error) {
    // Only a broken monitor gets here: a failed read is an outcome (status UNKNOWN). The SDK's
    // and our own texts are redacted of the key this container holds, if any, in the log line
    // and in the error Lambda reports.
    const key = runtime?.ports.apiKey.known();
    recordBrokenCheck(account, error, key);
    throw redactedError(error, key);
  } finally {
    // Most checks send no metric at all (see observability.ts); an empty flush would log a warning.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}
