import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { formatIssues } from '../contract/env-rules';
import { whatsappEventsEnvironmentSchema } from '../contract/whatsapp-events-environment';
import { SNSClient } from '@aws-sdk/client-sns';
import { createOperatorNotice, type OperatorNotice } from '../channels/operator-notice';
import { createParkedQueue, type ParkedQueue } from '../channels/parked-queue';
import type { ParkedDelivery } from '../delivery/outbox-entry';
import { checkReport, healedStateReport, metrics } from '../observability';
import { createStateTable } from '../stores/dynamodb';
import type { LoadedRecord } from '../stores/state-store';
import { dynamoLinkKeyItems, linkKeyForVerifying } from '../stores/link-key';
import { buttonPresses, webhookEntryOf } from './whatsapp-event';
import {
  markLateFailuresQueued,
  parkLateFailure,
  type LateFailureDeps,
} from './whatsapp-late-failure';
import { failedStatusesOf, type FailedStatus } from './whatsapp-status';
import { handleWhatsAppPress, type WhatsAppPressDeps } from './whatsapp-press';

/**
 * The function subscribed to the WhatsApp Business Account's event topic (an entry of the same
 * bundle, its own function and role: infra/whatsapp-buttons.ts). Every event of the account
 * reaches it; it reads two kinds and drops the rest unread: the failed statuses of our messages
 * (whatsapp-status.ts, parked by whatsapp-late-failure.ts and told on the operator topic), and,
 * with the links on, button presses (the link key read once per container, cached).
 * Logs outcomes only, never the number, the payload or the name.
 */

/** The SNS event, as much of it as the function reads. */
export interface SnsEvent {
  readonly Records?: readonly { readonly Sns?: { readonly Message?: string } }[];
}

type Deps = Omit<WhatsAppPressDeps, 'key'> &
  LateFailureDeps & {
    /** The acknowledge key; absent with the links off, and then presses are not read. */
    readonly key: WhatsAppPressDeps['key'] | undefined;
    /** Tells the operators of late failures; absent without an operator topic. */
    readonly operators: OperatorNotice | undefined;
    /** The stack's queue of alerts given up on (their alarm); absent on a machine. */
    readonly parkedQueue?: ParkedQueue | undefined;
  };

let deps: Deps | undefined;

function build(): Deps {
  const parsed = whatsappEventsEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const env = parsed.data;
  const dynamo = new DynamoDBClient({});
  const key =
    env.ACK_WHATSAPP_BUTTONS !== 'true'
      ? undefined
      : linkKeyForVerifying({
          items: dynamoLinkKeyItems(dynamo, env.STATE_TABLE_NAME),
          maxAgeSeconds: env.SECRET_CACHE_SECONDS,
        });
  return {
    key: key === undefined ? undefined : () => key.read(),
    recipients: env.WHATSAPP_RECIPIENTS,
    accounts: new Set(Object.keys(env.WHATSAPP_RECIPIENTS)),
    operators:
      env.OPERATOR_TOPIC_ARN === undefined
        ? undefined
        : createOperatorNotice(new SNSClient({}), env.OPERATOR_TOPIC_ARN, {
            locale: env.ALERT_LOCALE,
            render: { timeZone: env.ALERT_TIME_ZONE },
          }),
    parkedQueue:
      env.PARKED_ALERTS_QUEUE_URL === undefined
        ? undefined
        : createParkedQueue(env.PARKED_ALERTS_QUEUE_URL),
    store: (account) => createStateTable(dynamo, env.STATE_TABLE_NAME, account),
    now: () => new Date(),
    stateHealed: (account, problems) => {
      healedStateReport(account, 'ack')(problems);
    },
  };
}

export async function handler(event: SnsEvent): Promise<{ outcomes: string[] }> {
  deps ??= build();
  const ready = deps;
  const { key } = ready;
  const outcomes: string[] = [];
  // Every event of the account comes here (sent, delivered, read...): each is read once.
  const entries = (event.Records ?? []).map((r) => webhookEntryOf(r.Sns?.Message ?? ''));
  // Without the links, the templates' button is not sent with a token: no press to read.
  if (key !== undefined) {
    const presses = entries.flatMap((entry) => buttonPresses(entry));
    // One at a time: two presses of one alert are told apart by the conditional write anyway.
    for (const press of presses) outcomes.push(await handleWhatsAppPress(press, { ...ready, key }));
  }
  if (outcomes.length > 0) console.log(JSON.stringify({ message: 'whatsapp presses', outcomes }));
  const failed = entries.map((entry) => failedStatusesOf(entry));
  const late = await handleLateFailures(
    failed.flatMap((f) => f.claimed),
    ready,
  );
  const unclaimed = failed.flatMap((f) => f.unclaimed);
  if (unclaimed.length > 0)
    console.warn(JSON.stringify({ message: 'whatsapp failures not ours', failures: unclaimed }));
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return { outcomes: [...outcomes, ...late] };
}

/**
 * Each failed status parked in its account's record, then, per account, logged and sent to the
 * parked-alerts queue as a check's parked deliveries are (its count is the alert-given-up
 * alarm) and told on the operator topic, at most once, as a check does: a notice that cannot
 * be published is logged, and the alarm is the other path (a redelivered event finds it
 * parked already, and queues nothing more).
 *
 * The park is saved marked not yet queued, and the mark cleared once SQS took it, as a check
 * does (delivery/queue-marks.ts). A send SQS refused is logged and leaves the mark: the
 * account's next check sends it. That, rather than failing this run for Lambda to retry the
 * event: the retry would find the status parked already (the park is once per entry), so it
 * would need the check's resend anyway, and Lambda gives an event up after two retries, while
 * the check runs every few minutes for as long as the account is watched.
 */
export async function handleLateFailures(
  statuses: readonly FailedStatus[],
  ready: LateFailureDeps & {
    readonly operators: OperatorNotice | undefined;
    readonly parkedQueue?: ParkedQueue | undefined;
  },
): Promise<string[]> {
  const outcomes: string[] = [];
  /**
   * Per account, this event's parks and the record as the event last saved or read it: where
   * its next park and the clearing write start (one read per account, not per status; a lost
   * race reads again).
   */
  const accounts = new Map<string, { list: ParkedDelivery[]; stored: LoadedRecord }>();
  for (const status of statuses) {
    const outcome = await parkLateFailure(status, ready, accounts.get(status.callback.a)?.stored);
    outcomes.push(`late-${outcome.kind}`);
    if (outcome.kind === 'unknown') continue;
    const list = accounts.get(outcome.account)?.list ?? [];
    accounts.set(outcome.account, {
      list: outcome.kind === 'parked' ? [...list, outcome.parked] : list,
      stored: outcome.stored,
    });
  }
  for (const [account, { list, stored }] of accounts) {
    if (list.length === 0) continue;
    const report = checkReport(account);
    await report.parked(list);
    // The notice beside the queue's send and its clearing write, never behind them: a slow SQS
    // (up to about 4 s with the SDK's attempts) must not hold the operators' notice back.
    const tell = async () => {
      try {
        await ready.operators?.tell(account, list);
      } catch (error) {
        // The SNS adapter's error names the exception only, never the input.
        report.operatorsNotTold?.(error instanceof Error ? error.message : String(error));
      }
    };
    await Promise.all([queueLateFailures(account, list, stored, ready, report), tell()]);
  }
  return outcomes;
}

/**
 * Sends one account's late failures to the parked-alerts queue and clears their marks once SQS
 * took them, with a write from the record the parks saved (`stored`): read again only if
 * another writer saved since. A refusal is logged and leaves the marks (the next check sends
 * them); marks that cannot be cleared are logged too, and the next check sends those parks
 * once more.
 */
async function queueLateFailures(
  account: string,
  parked: readonly ParkedDelivery[],
  stored: LoadedRecord,
  ready: Pick<LateFailureDeps, 'store' | 'now' | 'stateHealed'> & {
    readonly parkedQueue?: ParkedQueue | undefined;
  },
  report: ReturnType<typeof checkReport>,
): Promise<void> {
  if (ready.parkedQueue === undefined) return;
  try {
    await ready.parkedQueue.send(account, parked);
  } catch (error) {
    report.notQueued?.(error instanceof Error ? error.message : String(error));
    return;
  }
  try {
    await markLateFailuresQueued(account, parked, ready, stored);
  } catch (error) {
    // The check's own line (observability.ts): SQS has them, the next check sends them again.
    report.marksNotCleared?.(error instanceof Error ? error.message : String(error));
  }
}
