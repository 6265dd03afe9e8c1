import type { Forecast } from '../alerting/forecast';
import { evaluate, type Observation, type PolicySettings } from '../alerting/policy';
import type { AlertEvent, BalanceStatus, Locale, Severity } from '../alerting/types';
import type { Notifier } from '../channels/notifier';
import { DeliveryError } from '../channels/notifier';
import { outsideText, type CheckError, type FailureKind } from '../errors';
import type { BalanceReading } from '../providers/dexchange/client';
import { RECORD_SCHEMA, type StoredRecord } from '../stores/record';
import type { LoadedRecord, StateStore, StoredVersion } from '../stores/state-store';
import { observe, type ApiKeyPort, type BalancePort } from './observe';
import {
  applyResults,
  claimDue,
  enqueue,
  severityOf,
  type Claim,
  type DeliveryResult,
  type ParkedDelivery,
} from './outbox';

/**
 * One check, start to end, against ports (no AWS SDK here):
 * read the state -> read the balance -> policy -> save (new events in the outbox, due
 * deliveries claimed) -> deliver, each channel on its own -> save the results.
 *
 * The balance is always read and judged, whatever the outbox holds: a message that cannot be
 * delivered never stops the monitor from noticing the next thing. See outbox.ts for the
 * delivery protocol and its guarantee.
 */

export interface CheckPorts {
  readonly apiKey: ApiKeyPort;
  readonly dexchange: BalancePort;
  readonly channels: readonly Notifier[];
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
  /** Severities of the notifications this check delivered, in order. */
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

/**
 * How the check's save went: `saved` (possibly after one lost race, re-read and re-judged), or
 * `skipped` when another check saved first twice in a row and this one stood down.
 */
export type SaveOutcome = 'saved' | 'skipped';

export interface CheckOutcome {
  readonly summary: CheckSummary;
  /** The balance read, or undefined when the read failed (then `error` says why). */
  readonly reading?: BalanceReading;
  readonly error?: CheckError;
  readonly save: SaveOutcome;
  /** True when the first save lost a race and the check re-read and re-judged before saving. */
  readonly retried: boolean;
  /** The events the policy produced, as saved (none when skipped). */
  readonly produced: readonly AlertEvent[];
  /** What became of each delivery this check made. */
  readonly deliveries: readonly DeliveryResult[];
  /** Deliveries this check parked as undeliverable. */
  readonly parked: readonly ParkedDelivery[];
  /** Deliveries still waiting in the outbox after this check. */
  readonly pending: number;
  readonly forecast?: Forecast;
  /** What could not be read back from the stored state (dropped or rebuilt). */
  readonly stateProblems: readonly string[];
}

export interface CheckTiming {
  /** The check's clock reading: every decision uses this one instant. */
  readonly now: Date;
  /** Epoch ms by which the balance must have been read (leaves time to deliver). */
  readonly deadline?: number;
}

/** Time kept for the saves after the deliveries. */
const SAVE_RESERVE_MS = 3000;

interface Plan {
  readonly record: StoredRecord;
  readonly claims: readonly Claim[];
  readonly parked: readonly ParkedDelivery[];
  readonly produced: readonly AlertEvent[];
  readonly status: BalanceStatus;
  readonly forecast: Forecast | undefined;
}

/** The record to save: the policy's next state, its events enqueued, due deliveries claimed. */
function plan(
  loaded: LoadedRecord,
  observation: Observation,
  settings: CheckSettings,
  channels: readonly Notifier[],
  now: Date,
): Plan {
  const previous = loaded.record;
  const result = evaluate(previous?.state, observation, settings.policy, now, settings.account);
  const outbox = enqueue(previous?.outbox ?? [], result.events, channels, now);
  const claimed = claimDue({ outbox, undeliverable: previous?.undeliverable ?? [] }, now);
  return {
    record: {
      schema: RECORD_SCHEMA,
      state: result.state,
      outbox: claimed.outbox,
      undeliverable: claimed.undeliverable,
    },
    claims: claimed.claims,
    parked: claimed.parkedNow,
    produced: result.events,
    status: result.status,
    forecast: result.forecast,
  };
}

/** Delivers the claims, each channel in order on its own; a channel that fails stops for now. */
async function deliver(
  channels: readonly Notifier[],
  claims: readonly Claim[],
  deadline: number | undefined,
  apiKey: string | undefined,
): Promise<DeliveryResult[]> {
  const perChannel = channels.map(async (channel) => {
    const results: DeliveryResult[] = [];
    let stopped = false;
    for (const claim of claims.filter((c) => c.channel === channel.name)) {
      const key = { entryId: claim.entryId, channel: claim.channel };
      if (stopped || (deadline !== undefined && Date.now() > deadline - SAVE_RESERVE_MS)) {
        results.push({ ...key, outcome: 'released' });
        continue;
      }
      try {
        await channel.deliver(claim.entry);
        results.push({ ...key, outcome: 'delivered' });
      } catch (error) {
        const permanent = error instanceof DeliveryError && error.permanent;
        const message = error instanceof Error ? error.message : String(error);
        results.push({
          ...key,
          outcome: permanent ? 'refused' : 'failed',
          error: outsideText(message, apiKey),
        });
        // A transient failure (throttling, an outage) would meet the next message too; a
        // refusal is about this message only.
        if (!permanent) stopped = true;
      }
    }
    return results;
  });
  // Claims for a channel this function no longer has: released, so they are not lost.
  const known = new Set(channels.map((c) => c.name));
  const orphaned = claims
    .filter((c) => !known.has(c.channel))
    .map((c): DeliveryResult => ({ entryId: c.entryId, channel: c.channel, outcome: 'released' }));
  return [...(await Promise.all(perChannel)).flat(), ...orphaned];
}

/**
 * Saves the delivery results, re-reading and re-applying them if another check saved in
 * between. If it cannot (it keeps losing, or the process dies), the claims expire after the
 * lease and the deliveries are made again: the one window where a message is sent twice.
 */
async function saveResults(
  state: StateStore,
  record: StoredRecord,
  version: StoredVersion,
  results: readonly DeliveryResult[],
  now: Date,
): Promise<{ record: StoredRecord; parked: readonly ParkedDelivery[] }> {
  let current = record;
  let expected = version;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const applied = applyResults(current, results, now);
    const next: StoredRecord = {
      ...current,
      outbox: applied.outbox,
      undeliverable: applied.undeliverable,
    };
    if ((await state.save(next, expected)) !== undefined)
      return { record: next, parked: applied.parkedNow };
    const reread = await state.load(now);
    if (reread.record === undefined) break;
    current = reread.record;
    expected = reread.version;
  }
  return { record: current, parked: [] };
}

export async function runCheck(
  ports: CheckPorts,
  settings: CheckSettings,
  timing: CheckTiming,
): Promise<CheckOutcome> {
  const { now } = timing;
  let loaded = await ports.state.load(now);
  const stateProblems = [...loaded.problems];
  const observed = await observe(ports.apiKey, ports.dexchange, timing.deadline);

  // Save first: the conditional write is what makes this check the one that delivers. A lost
  // race means another check saved since the read: read again, judge again, try once more.
  let planned = plan(loaded, observed.observation, settings, ports.channels, now);
  let version = await ports.state.save(planned.record, loaded.version);
  let retried = false;
  if (version === undefined) {
    retried = true;
    loaded = await ports.state.load(now);
    planned = plan(loaded, observed.observation, settings, ports.channels, now);
    version = await ports.state.save(planned.record, loaded.version);
  }

  const base = {
    ...(observed.reading === undefined ? {} : { reading: observed.reading }),
    ...(observed.error === undefined ? {} : { error: observed.error }),
    ...(planned.forecast === undefined ? {} : { forecast: planned.forecast }),
    retried,
    stateProblems,
  };
  if (version === undefined) {
    // Two lost races in a row: another check is saving this account right now; it delivers.
    return {
      ...base,
      summary: summarize(settings.account, observed, planned.status, []),
      save: 'skipped',
      produced: [],
      deliveries: [],
      parked: [],
      pending: countPending(loaded.record),
    };
  }

  const results = await deliver(ports.channels, planned.claims, timing.deadline, observed.apiKey);
  const saved =
    results.length === 0
      ? { record: planned.record, parked: [] }
      : await saveResults(ports.state, planned.record, version, results, now);
  const delivered = new Set(results.filter((r) => r.outcome === 'delivered').map((r) => r.entryId));
  const events = planned.claims
    .map((c) => c.entry)
    .filter((entry, index, all) => delivered.has(entry.id) && all.indexOf(entry) === index)
    .map(severityOf);
  return {
    ...base,
    summary: summarize(settings.account, observed, planned.status, events),
    save: 'saved',
    produced: planned.produced,
    deliveries: results,
    parked: [...planned.parked, ...saved.parked],
    pending: countPending(saved.record),
  };
}

function countPending(record: StoredRecord | undefined): number {
  return (record?.outbox ?? []).reduce((n, entry) => n + Object.keys(entry.deliveries).length, 0);
}

function summarize(
  account: string,
  observed: Awaited<ReturnType<typeof observe>>,
  status: BalanceStatus,
  events: readonly Severity[],
): CheckSummary {
  if (observed.reading === undefined) {
    const failure =
      observed.observation.kind === 'failure' ? observed.observation.failure : undefined;
    return {
      account,
      status: 'UNKNOWN',
      error: { kind: failure?.kind ?? 'unavailable', message: failure?.reason ?? '' },
      events,
    };
  }
  return {
    account,
    status,
    balance: observed.reading.balance,
    currency: observed.reading.currency,
    events,
  };
}
