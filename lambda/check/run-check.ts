import { withPageLimits } from '../alerting/page-limits';
import { writtenAhead } from '../alerting/clock';
import type { Forecast } from '../alerting/forecast';
import { evaluate, type Observation, type PolicySettings } from '../alerting/policy';
import type { AlertEvent, BalanceStatus, Locale, Severity } from '../alerting/types';
import { DeliveryError, type Notifier } from '../delivery/channel-port';
import { stillTrue } from '../alerting/held';
import { digestOf } from '../alerting/digest';
import { holdOf } from '../delivery/holds';
import { outsideText, type CheckError, type FailureKind } from '../errors';
import type { BalanceReading } from '../providers/dexchange/client';
import type { RecordBody } from '../stores/record';
import type { LoadedRecord, StateStore, StoredVersion, WriteOutcome } from '../stores/state-store';
import { observe, type ApiKeyPort, type BalancePort } from './observe';
import { clearingMarks } from './clearing-marks';
import { updateRecord } from './update-record';
import type { CallbackHint } from '../contract/callback-body';
import { applyResults, type DeliveryResult } from '../delivery/apply-results';
import { claimDue } from '../delivery/claim-due';
import type { Claim } from '../delivery/claim-pass';
import { enqueue } from '../delivery/enqueue';
import { escalate, withEscalations } from '../alerting/escalation';
import type { EscalationSettings } from '../contract/escalation';
import { escalationEntries } from '../delivery/escalation-entries';
import { severityOf, withoutDeliveries, type ParkedDelivery } from '../delivery/outbox-entry';
import { markQueued, toQueue } from '../delivery/queue-marks';

/**
 * One check, start to end, against ports (no AWS SDK here):
 * read the state -> read the balance -> policy -> save (new events in the outbox, due
 * deliveries claimed) -> deliver, each channel on its own -> save the results.
 *
 * The balance is always read and judged, whatever the outbox holds: a message that cannot be
 * delivered never stops the monitor from noticing the next thing. See delivery/outbox-entry.ts for the
 * delivery protocol and its guarantee.
 */

export interface CheckPorts {
  readonly apiKey: ApiKeyPort;
  readonly dexchange: BalancePort;
  readonly channels: readonly Notifier[];
  readonly state: StateStore;
  /**
   * Told at once, before anything else can fail, what the check saved that someone must hear
   * of: state it had to heal, deliveries it gave up on. (The outcome repeats it, but a check
   * that dies after its save would never return one.)
   */
  readonly report?: CheckReport;
  /**
   * Run before the first delivery, only when there is one: what only deliveries need (the
   * acknowledge key) is not read by the checks that deliver nothing.
   */
  readonly beforeDelivery?: () => Promise<void>;
  /**
   * Tells the operators of the deliveries this check gave up on, with their events when the
   * record still has them, by a path apart from the alert topic (the operator topic): the
   * people an alert was for did not get it, someone who can act must. Once, after the results'
   * save (before the write clearing queue marks, which cannot delay it); a failure is reported (`operatorsNotTold`), and the alert-given-up alarm (on the
   * parked-alerts queue) is the other path: each says it without the other.
   */
  readonly tellOperators?: (parked: readonly ParkedNotice[], signal: AbortSignal) => Promise<void>;
  /**
   * Sends parked deliveries to the stack's queue of parked alerts, whose count is the
   * alert-given-up alarm's metric, in one message; throws when SQS did not take it. Each park
   * is saved marked not yet queued (delivery/undeliverable.ts) and the mark cleared once SQS
   * took it (delivery/queue-marks.ts): what is still marked, every check sends again. Absent
   * (on a machine): parks are only logged, and stay marked.
   */
  readonly queueParked?: (parked: readonly ParkedDelivery[]) => Promise<void>;
}

/** A delivery given up on, with the event it was to carry when the record still had it. */
export type ParkedNotice = ParkedDelivery & { readonly event?: AlertEvent };

export interface CheckReport {
  stateProblems(problems: readonly string[]): void;
  /** Told once per park, as soon as it is saved (the queue's send is `queueParked`'s). */
  parked(parked: readonly ParkedDelivery[]): void | Promise<void>;
  /** The parked-alerts queue did not take them (the error); they stay marked for the next check. */
  notQueued?(error: string): void;
  /** The queue took them, but the write clearing their marks failed (the error): sent again. */
  marksNotCleared?(error: string): void;
  /** The operators could not be told of deliveries given up on (the error, redacted). */
  operatorsNotTold?(error: string): void;
}

export interface CheckSettings {
  readonly account: string;
  readonly locale: Locale;
  readonly policy: PolicySettings;
  /** New messages per channel and hour; past it they wait for the hour's end. @default no cap */
  readonly capPerHour?: number;
  /** Tiers told when nobody acknowledges (alerting/escalation.ts); none when absent. */
  readonly escalation?: EscalationSettings;
}

/** What the handler returns after a good read (docs/architecture.md, "The function's environment contract"). */
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
 * How the check's saves went: `saved` (possibly after one lost race, re-read and re-judged);
 * `skipped` when it stood down (another check saved first twice in a row, or judged a newer
 * reading); `unrecorded` when it delivered but could not save that it had (its deliveries will
 * be made again once their lease is over).
 */
export type SaveOutcome = 'saved' | 'skipped' | 'unrecorded';

export interface CheckOutcome {
  readonly summary: CheckSummary;
  /** The balance read, or undefined when the read failed (then `error` says why). */
  readonly reading?: BalanceReading;
  readonly error?: CheckError;
  readonly save: SaveOutcome;
  /** True when the first save lost a race and the check re-read and re-judged before saving. */
  readonly retried: boolean;
  /** Conditional writes this check lost to another check. */
  readonly lostRaces: number;
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
  /** Also send the morning digest (the digest schedule's check). */
  readonly digest?: boolean;
  /** For the digest: the account's recipients not receiving alerts yet (subscription health's count). */
  readonly unconfirmedRecipients?: number;
  /** Started by a callback, not the schedule: its reading keeps the history's rhythm. */
  readonly offSchedule?: boolean;
  /** What that callback said: a hint the policy weighs against the reading, never alone. */
  readonly hint?: CallbackHint;
}

/** Time kept for the saves after the deliveries. */
const SAVE_RESERVE_MS = 3000;
/** Time kept for delivering, taken from the balance read's budget. */
const DELIVERY_RESERVE_MS = 10_000;
/** The longest one delivery may take: a channel that hangs cannot hold the check. */
const DELIVERY_TIMEOUT_MS = 8000;

interface Plan {
  readonly record: RecordBody;
  readonly claims: readonly Claim[];
  readonly parked: readonly ParkedDelivery[];
  readonly produced: readonly AlertEvent[];
  readonly status: BalanceStatus;
  readonly forecast: Forecast | undefined;
  /** Deliveries for channels no longer configured, dropped from the outbox. */
  readonly dropped: readonly string[];
}

/** The record to save: the policy's next state, its events enqueued, due deliveries claimed. */
function plan(
  loaded: LoadedRecord,
  observation: Observation,
  settings: CheckSettings,
  channels: readonly Notifier[],
  now: Date,
  self: string,
  digest: 'no' | 'with-check' | 'alone' = 'no',
  unconfirmedRecipients = 0,
): Plan {
  const previous = loaded.record;
  // A digest whose check stood down (another judged a newer reading) still goes out: alone,
  // from the stored state, which that check just brought up to date.
  const result: ReturnType<typeof evaluate> =
    digest === 'alone' && previous !== undefined
      ? { state: previous.state, events: [], status: previous.state.episode?.level ?? 'OK' }
      : evaluate(previous?.state, observation, settings.policy, now, settings.account);
  const digestEvents =
    digest === 'no'
      ? []
      : [
          digestOf(
            result.state,
            settings.policy,
            now,
            settings.account,
            result.state.last?.currency ?? 'XOF',
            unconfirmedRecipients,
          ),
        ];
  // Deliveries for a channel no longer configured (removed from the deploy config) can never
  // go out: they are dropped, and said (a StateProblem), rather than wait in the outbox forever.
  const known = new Set(channels.map((c) => c.name));
  const dropped: string[] = [];
  const kept = (previous?.outbox ?? []).flatMap((entry) => {
    const gone = Object.keys(entry.deliveries).filter((channel) => !known.has(channel));
    for (const channel of gone)
      dropped.push(
        `the ${severityOf(entry)} of ${entry.event.at} for channel ${channel}, no longer configured, was dropped`,
      );
    const rest = withoutDeliveries(entry, new Set(gone));
    return rest === undefined ? [] : [rest];
  });
  // The escalation clock moves in the same write as the policy's state: a tier told is saved
  // with the claim of its message, so two racing checks cannot both tell it.
  // (From the record read: the policy's next state does not carry what it does not own.)
  const escalation = escalate(
    previous?.state.escalations,
    result.state,
    result.events,
    settings.escalation,
    now,
  );
  const state = withPageLimits(
    withEscalations(result.state, escalation.escalations),
    settings.policy,
  );
  const outbox = [
    ...enqueue(kept, [...result.events, ...digestEvents], channels, now),
    ...escalationEntries(escalation.tell, now),
  ];
  const silences = result.state.silences ?? [];
  const byName = new Map(channels.map((c) => [c.name, c]));
  const claimed = claimDue(
    {
      outbox,
      undeliverable: previous?.undeliverable ?? [],
      ...(previous?.releases === undefined ? {} : { releases: previous.releases }),
      ...(previous?.sent === undefined ? {} : { sent: previous.sent }),
    },
    now,
    self,
    {
      holds: (entry, channel) => holdOf(entry, byName.get(channel)?.quiet, silences, now),
      stillTrue: (events) => stillTrue(events, result.state),
      routed: (channel) => byName.get(channel)?.routed === true,
      ...(result.state.last === undefined ? {} : { latest: result.state.last }),
      repeatAfterMinutes: settings.policy.repeatAfterMinutes,
      ...(settings.capPerHour === undefined ? {} : { capPerHour: settings.capPerHour }),
    },
  );
  return {
    record: {
      state,
      outbox: claimed.outbox,
      undeliverable: claimed.undeliverable,
      ...(claimed.releases === undefined ? {} : { releases: claimed.releases }),
      ...(claimed.sent === undefined ? {} : { sent: claimed.sent }),
    },
    claims: claimed.claims,
    parked: claimed.parkedNow,
    produced: result.events,
    status: result.status,
    forecast: result.forecast,
    dropped,
  };
}

/**
 * Sends `parked` to the parked-alerts queue in one message; returns what SQS took (nothing
 * when it refused: said, and the parks stay marked for the next check). Never throws.
 */
async function sendToQueue(
  queue: CheckPorts['queueParked'],
  parked: readonly ParkedDelivery[],
  report: CheckReport | undefined,
): Promise<readonly ParkedDelivery[]> {
  if (queue === undefined || parked.length === 0) return [];
  try {
    await queue(parked);
    return parked;
  } catch (error) {
    report?.notQueued?.(error instanceof Error ? error.message : String(error));
    return [];
  }
}

/** One delivery, bounded in time: a channel that hangs counts as a failure, not a stuck check. */
async function deliverOne(channel: Notifier, claim: Claim, budgetMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The timeout's reason first; then the channel is told to stop.
      reject(
        new DeliveryError(
          `${channel.name} did not answer within ${(budgetMs / 1000).toFixed(1)} s`,
          false,
        ),
      );
      controller.abort();
    }, budgetMs);
  });
  try {
    await Promise.race([channel.deliver(claim.entry, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Delivers the claims: each channel in order, the channels side by side. Every claim gets its
 * own attempt (a message that fails never holds the ones behind it) within a bounded time.
 */
async function deliver(
  channels: readonly Notifier[],
  claims: readonly Claim[],
  deadline: number | undefined,
  apiKey: string | undefined,
): Promise<DeliveryResult[]> {
  const perChannel = channels.map(async (channel) => {
    const results: DeliveryResult[] = [];
    // In the order claimDue chose them: first attempts before retries, so a message that
    // keeps failing (or hanging) cannot use up the check's time before new ones.
    const mine = claims.filter((c) => c.channel === channel.name);
    for (const claim of mine) {
      const key = { entryId: claim.entryId, channel: claim.channel };
      const left = (deadline ?? Number.POSITIVE_INFINITY) - SAVE_RESERVE_MS - Date.now();
      if (left < 1000) {
        // Not attempted: no attempt counts against it; the next check tries it.
        results.push({ ...key, outcome: 'released' });
        continue;
      }
      try {
        await deliverOne(channel, claim, Math.min(DELIVERY_TIMEOUT_MS, left));
        results.push({ ...key, outcome: 'delivered' });
      } catch (error) {
        const permanent = error instanceof DeliveryError && error.permanent;
        const message = error instanceof Error ? error.message : String(error);
        results.push({
          ...key,
          outcome: permanent ? 'refused' : 'failed',
          error: outsideText(message, apiKey),
          ...(error instanceof DeliveryError && error.refusal ? { refusal: true } : {}),
        });
      }
    }
    return results;
  });
  // Every claim is for a channel of this function: plan() dropped the deliveries of others.
  return (await Promise.all(perChannel)).flat();
}

/**
 * Saves the delivery results through the one update loop (update-record.ts), re-applying them
 * to what the store holds if another check saved in between. If it cannot (it keeps losing, or the process dies), the claims expire after the
 * lease and the deliveries are made again: one of the windows where a message is sent twice.
 * In the same write, the parks these results make enter the record marked not yet queued and
 * the marks of what the parked-alerts queue took (`taken`) are cleared; a save that fails
 * leaves those marks, and the next check sends them once more (queue-marks.ts).
 */
async function saveResults(
  state: StateStore,
  record: RecordBody,
  version: StoredVersion,
  results: readonly DeliveryResult[],
  now: Date,
  self: string,
  taken: readonly ParkedDelivery[],
): Promise<SavedResults> {
  const problems: string[] = [];
  // The results applied again to whatever the store holds after a lost race (update-record.ts).
  const update = await updateRecord(
    state,
    now,
    self,
    (current) => {
      if (current === undefined) return { result: [] as readonly ParkedDelivery[] };
      const applied = applyResults(current, results, now);
      return {
        body: {
          ...current,
          outbox: applied.outbox,
          undeliverable: markQueued(applied.undeliverable, taken),
        },
        result: applied.parkedNow,
      };
    },
    { from: { record, version, problems: [] }, reread: (p) => problems.push(...p) },
  );
  if (update.kind === 'saved') {
    // Saved earlier, its answer lost: the record read back is one this check read too.
    problems.push(...update.problems);
    return {
      record: update.record,
      version: update.version,
      parked: update.result,
      saved: true,
      lostRaces: update.lostRaces,
      problems,
    };
  }
  // Given up (three lost races), or the record gone meanwhile: nothing saved. Gone, the version
  // the check held is kept, so that the clearing write after it loses rather than re-creates it.
  return {
    record: update.record ?? record,
    version: update.record === undefined ? version : update.version,
    parked: [],
    saved: false,
    lostRaces: update.lostRaces,
    problems,
  };
}

/**
 * Clears the marks of what the parked-alerts queue took, through the one update loop
 * (update-record.ts) from the record the check holds, under the check's own id (re-read on a
 * lost race, three writes at most; three lost races leave the marks, counted, not thrown).
 * Nothing left to clear (after a re-read: another writer cleared them, or newer parks pushed
 * them out of the record): nothing written, as the WhatsApp function's markLateFailuresQueued
 * does. What a re-read needed healing is the check's to report, as every record it reads.
 * Throws what the store throws.
 */
async function clearMarks(
  state: StateStore,
  record: RecordBody,
  version: StoredVersion,
  taken: readonly ParkedDelivery[],
  now: Date,
  self: string,
): Promise<{ record: RecordBody; lostRaces: number; problems: readonly string[] }> {
  const problems: string[] = [];
  const update = await updateRecord(state, now, self, clearingMarks(taken), {
    from: { record, version, problems: [] },
    reread: (p) => problems.push(...p),
  });
  return { record: update.record ?? record, lostRaces: update.lostRaces, problems };
}

interface SavedResults {
  readonly record: RecordBody;
  /** The version saved (when not `saved`: the last one read). */
  readonly version: StoredVersion;
  readonly parked: readonly ParkedDelivery[];
  readonly saved: boolean;
  readonly lostRaces: number;
  readonly problems: readonly string[];
}

export async function runCheck(
  ports: CheckPorts,
  settings: CheckSettings,
  timing: CheckTiming,
): Promise<CheckOutcome> {
  const { now } = timing;
  // This check's id, written with its claims: after an ambiguous save it knows its own.
  const self = globalThis.crypto.randomUUID();
  const readDeadline =
    timing.deadline === undefined ? undefined : timing.deadline - DELIVERY_RESERVE_MS;
  // The state and the balance side by side: neither needs the other, and on a cold start the
  // state read overlaps the secret's read and the GET.
  const [firstLoad, observed] = await Promise.all([
    ports.state.load(now),
    observe(ports.apiKey, ports.dexchange, readDeadline),
  ]);
  let loaded = firstLoad;
  const observation: Observation =
    timing.offSchedule !== true
      ? observed.observation
      : observed.observation.kind === 'sample'
        ? {
            ...observed.observation,
            offSchedule: true,
            ...(timing.hint === undefined ? {} : { hint: timing.hint }),
          }
        : { ...observed.observation, offSchedule: true };
  const stateProblems = [
    ...loaded.problems,
    ...(loaded.record !== undefined && writtenAhead(loaded.record.state, now)
      ? [
          `state.lastCheckAt (${loaded.record.state.lastCheckAt}) was ahead of this check's clock; its times were brought back to now`,
        ]
      : []),
  ];
  // Told at once: a save that throws next (the table unavailable) must not hide them.
  ports.report?.stateProblems(stateProblems);
  const reportedProblems = stateProblems.length;

  // Save first: the conditional write is what makes this check the one that delivers. A lost
  // race means another check saved since the read: read again, and judge again, unless that
  // check judged a reading as new as this one (then this one stands down, its news is old).
  const digest = timing.digest === true ? 'with-check' : 'no';
  const unconfirmed = timing.unconfirmedRecipients ?? 0;
  let planned = plan(loaded, observation, settings, ports.channels, now, self, digest, unconfirmed);
  const written = await ports.state.save(planned.record, loaded.version, self, now);
  let version = savedVersion(written);
  let retried = false;
  let lostRaces = 0;
  if (written.kind !== 'saved') {
    retried = true;
    loaded = written.current;
    stateProblems.push(...loaded.problems);
    const stored = loaded.record;
    if (written.kind === 'saved-earlier') {
      // This check's save did commit (its answer was lost, and another check wrote since):
      // keep what it saved, and deliver what it claimed, against the version now stored.
      planned = {
        ...planned,
        record: written.current.record,
        claims: ownClaims(written.current.record, self),
      };
    } else {
      lostRaces += 1;
      // (Not a check whose clock ran far ahead: its times are healed, not deferred to.)
      const judgedLater =
        stored !== undefined &&
        Date.parse(stored.state.lastCheckAt) >= now.getTime() &&
        !writtenAhead(stored.state, now);
      if (!judgedLater || digest !== 'no') {
        planned = plan(
          loaded,
          observation,
          settings,
          ports.channels,
          now,
          self,
          judgedLater ? 'alone' : digest,
          unconfirmed,
        );
        const again = await ports.state.save(planned.record, loaded.version, self, now);
        version = savedVersion(again);
        if (again.kind === 'lost') lostRaces += 1;
        // Its answer lost, and another check wrote since: what it claimed is its own.
        else if (again.kind === 'saved-earlier')
          planned = {
            ...planned,
            record: again.current.record,
            claims: ownClaims(again.current.record, self),
          };
      }
    }
  }
  stateProblems.push(...planned.dropped);
  ports.report?.stateProblems(stateProblems.slice(reportedProblems));

  const base = {
    ...(observed.reading === undefined ? {} : { reading: observed.reading }),
    ...(observed.error === undefined ? {} : { error: observed.error }),
    ...(planned.forecast === undefined ? {} : { forecast: planned.forecast }),
    retried,
    stateProblems,
  };
  if (version === undefined) {
    // Another check is saving this account right now, or judged a newer reading; it delivers.
    return {
      ...base,
      summary: summarize(settings.account, observed, planned.status, []),
      save: 'skipped',
      lostRaces,
      produced: [],
      deliveries: [],
      parked: [],
      pending: countPending(loaded.record),
    };
  }
  // The parks the plan's write saved are logged at once, even if this check dies later.
  await ports.report?.parked(planned.parked);
  // This check's parks (all of them: the record keeps the last 10 only) and what else the saved
  // record marks not yet queued (left by a check or the WhatsApp function) go to the
  // parked-alerts queue in one message, beside the deliveries rather than ahead of them
  // (bounded, parked-queue.ts); read from the record this check holds anyway, so a quiet check
  // with nothing marked makes no call for it. (It never rejects, so nothing waits unhandled
  // while delivering.)
  const queueing = sendToQueue(
    ports.queueParked,
    toQueue(planned.parked, planned.record.undeliverable),
    ports.report,
  );
  let results: Awaited<ReturnType<typeof deliver>>;
  let taken: readonly ParkedDelivery[];
  try {
    if (planned.claims.length > 0) await ports.beforeDelivery?.();
    results = await deliver(ports.channels, planned.claims, timing.deadline, observed.apiKey);
  } finally {
    // Ended before the check ends, whatever happened meanwhile.
    taken = await queueing;
  }
  let saved: SavedResults =
    results.length === 0
      ? { record: planned.record, version, parked: [], saved: true, lostRaces: 0, problems: [] }
      : await saveResults(ports.state, planned.record, version, results, now, self, taken);
  if (saved.problems.length > 0) {
    stateProblems.push(...saved.problems);
    ports.report?.stateProblems(saved.problems);
  }
  await ports.report?.parked(saved.parked);
  // The parks the results made, saved marked: sent now.
  const takenLater = saved.saved
    ? await sendToQueue(ports.queueParked, saved.parked, ports.report)
    : [];
  const parked = [...planned.parked, ...saved.parked];
  if (parked.length > 0 && ports.tellOperators !== undefined) {
    const entries = [
      ...(firstLoad.record?.outbox ?? []),
      ...(loaded.record?.outbox ?? []),
      ...planned.claims.map((c) => c.entry),
    ];
    const eventOf = (id: string) => entries.find((entry) => entry.id === id)?.event;
    const notices = parked.map((p) => {
      const event = eventOf(p.id);
      return event === undefined ? p : { ...p, event };
    });
    const left = (timing.deadline ?? Number.POSITIVE_INFINITY) - Date.now();
    try {
      await ports.tellOperators(
        notices,
        AbortSignal.timeout(Math.max(1000, Math.min(DELIVERY_TIMEOUT_MS, left))),
      );
    } catch (error) {
      ports.report?.operatorsNotTold?.(
        outsideText(error instanceof Error ? error.message : String(error), observed.apiKey),
      );
    }
  }
  // Marks still to clear: those taken when no results were saved, and those taken since. Saved
  // even when a cleared mark is the record's only change: the container's copy writes it, the
  // parks being part of what it compares (save-policy.ts). After the operators' notice, which it
  // can neither delay nor block; a save that fails here (a lost race or an error) leaves the
  // marks: the next check sends them once more (queue-marks.ts), the check's own save stands.
  const toClear = [...(results.length === 0 ? taken : []), ...takenLater];
  if (toClear.length > 0) {
    try {
      const cleared = await clearMarks(
        ports.state,
        saved.record,
        saved.version,
        toClear,
        now,
        self,
      );
      if (cleared.problems.length > 0) {
        stateProblems.push(...cleared.problems);
        ports.report?.stateProblems(cleared.problems);
      }
      saved = {
        ...saved,
        record: cleared.record,
        lostRaces: saved.lostRaces + cleared.lostRaces,
      };
    } catch (error) {
      ports.report?.marksNotCleared?.(
        outsideText(error instanceof Error ? error.message : String(error), observed.apiKey),
      );
    }
  }
  const delivered = new Set(results.filter((r) => r.outcome === 'delivered').map((r) => r.entryId));
  const events = planned.claims
    .map((c) => c.entry)
    .filter((entry, index, all) => delivered.has(entry.id) && all.indexOf(entry) === index)
    .map(severityOf);
  return {
    ...base,
    summary: summarize(settings.account, observed, planned.status, events),
    save: saved.saved ? 'saved' : 'unrecorded',
    lostRaces: lostRaces + saved.lostRaces,
    produced: planned.produced,
    deliveries: results,
    parked,
    pending: countPending(saved.record),
  };
}

/** The version a write left stored (undefined: it lost the race). */
function savedVersion(written: WriteOutcome): StoredVersion | undefined {
  if (written.kind === 'saved') return written.version;
  return written.kind === 'saved-earlier' ? written.current.version : undefined;
}

/** The deliveries a record shows claimed by `self`, still in their lease. */
function ownClaims(record: RecordBody, self: string): Claim[] {
  return record.outbox.flatMap((entry) =>
    Object.entries(entry.deliveries)
      .filter(([, delivery]) => delivery.claimedBy === self)
      .map(([channel]) => ({ entryId: entry.id, channel, entry })),
  );
}

function countPending(record: RecordBody | undefined): number {
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
