import type { Forecast } from './alerting/forecast';
import { renderAlert, type RenderedAlert } from './alerting/messages';
import { evaluate, type Observation, type PolicySettings } from './alerting/policy';
import {
  attributesOf,
  type AlertAttributes,
  type BalanceStatus,
  type Locale,
  type Severity,
} from './alerting/types';
import type { BalanceReading } from './dexchange/client';
import { isCheckError, type CheckError, type FailureKind } from './errors';
import type { OutboxMessage, StateStore, StoredRecord } from './state-store';

/**
 * One check, start to end: state -> key -> balance -> policy -> claim -> publish -> save.
 * It talks to the world only through these ports, so the Lambda handler, `npm start` and the
 * tests wire in what they need; no AWS SDK here.
 */

export interface CheckPorts {
  readonly apiKey: { read(): Promise<string> };
  readonly dexchange: { getBalance(apiKey: string, deadline?: number): Promise<BalanceReading> };
  readonly alerts: { publish(alert: RenderedAlert, attributes: AlertAttributes): Promise<unknown> };
  readonly state: StateStore;
}

export interface CheckSettings {
  readonly account: string;
  readonly locale: Locale;
  readonly policy: PolicySettings;
}

/** What the handler returns after a good read (DESIGN.md, "The function's contract"). */
export interface BalanceSummary {
  readonly account: string;
  readonly status: BalanceStatus;
  readonly balance: number;
  readonly currency: string;
  /** Severities of the notifications this check published, in order. */
  readonly events: readonly Severity[];
}

/**
 * What the handler returns when the balance could not be read (the provider or the secret
 * failed): a handled outcome, recorded in the state, and not a Lambda error. Lambda errors
 * and the alarms are kept for a monitor that is itself broken.
 */
export interface UnknownSummary {
  readonly account: string;
  readonly status: 'UNKNOWN';
  readonly error: { readonly kind: FailureKind; readonly message: string };
  readonly events: readonly Severity[];
}

export type CheckSummary = BalanceSummary | UnknownSummary;

/** How the check's save went: `lost-race` means another check saved first, so this one stayed quiet. */
export type SaveOutcome = 'saved' | 'lost-race';

export interface CheckOutcome {
  readonly summary: CheckSummary;
  /** The balance read, or undefined when the read failed (then `error` says why). */
  readonly reading?: BalanceReading;
  readonly error?: CheckError;
  readonly published: readonly OutboxMessage[];
  readonly save: SaveOutcome;
  /** Messages a crashed earlier check had claimed and this one published. */
  readonly recovered: number;
  /** The runway forecast, when the history supports one. */
  readonly forecast?: Forecast;
  readonly stateProblem?: string;
}

export interface CheckTiming {
  /** The check's clock reading: every decision uses this one instant. */
  readonly now: Date;
  /** Epoch ms by which the balance must have been read (leaves time to publish). */
  readonly deadline?: number;
}

/**
 * How long a claimed outbox belongs to the check that claimed it. Longer than the function's
 * timeout (50 s), so a live check is never overtaken; shorter than the schedule (5 min), so the
 * next check publishes what a crashed one left.
 */
export const OUTBOX_LEASE_MS = 120_000;

interface Observed {
  readonly observation: Observation;
  readonly reading?: BalanceReading;
  readonly error?: CheckError;
}

async function observe(ports: CheckPorts, deadline: number | undefined): Promise<Observed> {
  try {
    const apiKey = await ports.apiKey.read();
    const reading = await ports.dexchange.getBalance(apiKey, deadline);
    return {
      reading,
      observation: {
        kind: 'sample',
        balance: reading.balance,
        currency: reading.currency,
        lastUpdate: reading.lastUpdate,
      },
    };
  } catch (error) {
    // Only our typed failures are observations; anything else is a bug and ends the invocation.
    if (!isCheckError(error)) throw error;
    const failure = {
      kind: error.kind,
      reason: error.message,
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: error.code }),
    };
    return { error, observation: { kind: 'failure', failure } };
  }
}

async function publishAll(ports: CheckPorts, messages: readonly OutboxMessage[]): Promise<void> {
  for (const message of messages) await ports.alerts.publish(message.alert, message.attributes);
}

/**
 * Runs one check. A failed read is an outcome like a good one: recorded in the state (FAILING
 * after N of them) and returned. Only a broken monitor (state table, topic, a bug) throws.
 */
export async function runCheck(
  ports: CheckPorts,
  settings: CheckSettings,
  timing: CheckTiming,
): Promise<CheckOutcome> {
  const loaded = await ports.state.load();
  const record = loaded.record;
  let version = loaded.version;
  let recovered = 0;

  // A claimed outbox: a check is publishing it right now, or one crashed before finishing.
  const outbox = record?.outbox;
  const inFlight =
    outbox !== undefined && timing.now.getTime() - Date.parse(outbox.claimedAt) < OUTBOX_LEASE_MS;
  if (outbox !== undefined && !inFlight) {
    await publishAll(ports, outbox.messages);
    recovered = outbox.messages.length;
  }

  const observed = await observe(ports, timing.deadline);
  const result = evaluate(
    record?.state,
    observed.observation,
    settings.policy,
    timing.now,
    settings.account,
  );
  const messages: OutboxMessage[] = result.events.map((event) => ({
    alert: renderAlert(event, settings.locale),
    attributes: attributesOf(event),
  }));

  let save: SaveOutcome = 'lost-race';
  let published: OutboxMessage[] = [];
  if (!inFlight) {
    const next: StoredRecord =
      messages.length === 0
        ? { state: result.state }
        : { state: result.state, outbox: { claimedAt: timing.now.toISOString(), messages } };
    if (await ports.state.save(next, version)) {
      save = 'saved';
      version += 1;
      if (messages.length > 0) {
        await publishAll(ports, messages);
        published = messages;
        // Done: empty the outbox. Losing this write only means the next check repeats the alert.
        await ports.state.save({ state: result.state }, version);
      }
    }
  }

  const events = published.map((m) => m.attributes.severity);
  const common = {
    published,
    save,
    recovered,
    ...(result.forecast === undefined ? {} : { forecast: result.forecast }),
    ...(loaded.problem === undefined ? {} : { stateProblem: loaded.problem }),
  };
  if (observed.reading === undefined) {
    const error = observed.error as CheckError;
    return {
      summary: {
        account: settings.account,
        status: 'UNKNOWN',
        error: { kind: error.kind, message: error.message },
        events,
      },
      error,
      ...common,
    };
  }
  const reading = observed.reading;
  return {
    summary: {
      account: settings.account,
      status: result.status,
      balance: reading.balance,
      currency: reading.currency,
      events,
    },
    reading,
    ...common,
  };
}

/** Publishes a TEST message through the real path, so operators can check their subscriptions. */
export async function sendTestAlert(
  ports: Pick<CheckPorts, 'alerts'>,
  settings: CheckSettings,
  now: Date,
): Promise<OutboxMessage> {
  const event = { severity: 'TEST', account: settings.account, at: now.toISOString() } as const;
  const message = { alert: renderAlert(event, settings.locale), attributes: attributesOf(event) };
  await ports.alerts.publish(message.alert, message.attributes);
  return message;
}
