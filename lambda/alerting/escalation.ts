import type { EscalatingLevel, EscalationSettings } from '../contract/escalation';
import type { EscalationNote, EscalationRun } from './escalation-state';
import type { AlertState } from './state';
import { episodeIdOf, type AlertEvent, type FailingEvent, type ThresholdEvent } from './types';
import { silenceHolds } from './silence-holds';

/**
 * The escalation clock (PagerDuty's escalation policies): pure, the time is an argument.
 *
 * - An alert of an escalating level (LOW, CRITICAL, FAILING: the settings choose) starts a run
 *   for its episode when the usual recipients are told. A CRITICAL in a LOW episode makes the
 *   run about CRITICAL (an acknowledgment taken at LOW does not cover it: the run starts again),
 *   and the tiers told of the LOW hear the CRITICAL.
 * - When the next tier's delay has passed since the last one told, with no acknowledgment,
 *   that tier is told the alert, with who was told before. One tier per check: each tier's
 *   delay counts from when the tier before was told, so a late check never tells two at once.
 * - An acknowledgment stops the run: no further tier is told; the tiers told hear who took it.
 * - When the episode ends, the tiers told hear its RECOVERED or FAILING_RESOLVED. The run is
 *   kept, paused, while the ended episode may still continue (storm.ts's cool-off): reopened,
 *   it goes on where it was (the tiers told hear the reopening, no tier is told twice); past the
 *   cool-off it is forgotten. An unstable episode recovering (its end waiting for the cool-off)
 *   pauses it too: the time paused does not count towards the next tier's delay.
 * - A tier is told the episode's latest figures: each REMINDER refreshes the alert kept.
 *
 * Quiet hours are the outbox's: a tier's messages are held like any channel's. A silence of
 * the account that holds the alert stops the clock too (else every tier would be released at
 * once at its end, "unanswered for 3 h"): the next tier's delay counts from the silence's end.
 */

/** One message to one tier: an escalation (with its note), or news of an escalated episode. */
export interface TierMessage {
  readonly tier: string;
  readonly event: AlertEvent;
  readonly note?: EscalationNote;
}

export interface EscalationStep {
  readonly escalations: EscalationRun[];
  readonly tell: TierMessage[];
}

/** The level an alert escalates as, or undefined for one that does not start a run. */
function levelOf(event: AlertEvent): EscalatingLevel | undefined {
  switch (event.severity) {
    case 'LOW':
    case 'CRITICAL':
    case 'FAILING':
      return event.severity;
    default:
      return undefined;
  }
}

/**
 * The episodes a run may still be about: 'running' (open, the clock runs) or 'paused' (ended
 * within the cool-off and may continue, recovering, or reopened but not yet alerting again).
 */
function episodesOf(state: AlertState): Map<string, 'running' | 'paused'> {
  const kept = new Map<string, 'running' | 'paused'>();
  // The policy keeps an ended episode only while within its cool-off (storm.ts).
  if (state.closedEpisode !== undefined) kept.set(`b:${state.closedEpisode.since}`, 'paused');
  if (state.closedFailure !== undefined) kept.set(`f:${state.closedFailure.since}`, 'paused');
  const episode = state.episode;
  if (episode !== undefined)
    kept.set(`b:${episode.since}`, episode.recoveringSince === undefined ? 'running' : 'paused');
  const failure = state.failure;
  if (failure !== undefined)
    kept.set(
      `f:${failure.since}`,
      failure.resolvingSince === undefined && failure.alertedAt !== undefined
        ? 'running'
        : 'paused',
    );
  return kept;
}

/** The alert a reminder brings up to date: its level (or FAILING), with the reminder's figures. */
function alertOfReminder(event: AlertEvent): ThresholdEvent | FailingEvent | undefined {
  if (event.severity !== 'REMINDER') return undefined;
  if (event.remindsOf === 'FAILING') {
    const { account, at, failure, failedChecks, since } = event;
    return { severity: 'FAILING', account, at, failure, failedChecks, since };
  }
  const { remindsOf, account, at, balance, currency, threshold, recovery, since, topUp } = event;
  return {
    severity: remindsOf,
    account,
    at,
    balance,
    currency,
    threshold,
    recovery,
    since,
    topUp,
    ...(event.runway === undefined ? {} : { runway: event.runway }),
  };
}

/** Whether an alert says its episode reopened within the cool-off (storm.ts). */
function reopens(event: AlertEvent): boolean {
  return (
    (event.severity === 'LOW' || event.severity === 'CRITICAL' || event.severity === 'FAILING') &&
    event.unstable !== undefined
  );
}

/** Whether someone said "I'm on it" for what the run is about (LOW does not cover CRITICAL). */
function acknowledged(run: EscalationRun, state: AlertState): boolean {
  if (run.episode.startsWith('f:')) return state.failure?.acknowledgedAt !== undefined;
  const episode = state.episode;
  if (episode?.acknowledgedAt === undefined) return false;
  const level = episode.acknowledgedLevel ?? episode.level;
  return level === 'CRITICAL' || run.about === 'LOW';
}

/** The news of an episode the tiers told also hear: it ended, or someone took it. */
const FOLLOWS = new Set(['RECOVERED', 'FAILING_RESOLVED', 'ACKNOWLEDGED']);

export function escalate(
  previous: readonly EscalationRun[] | undefined,
  state: AlertState,
  events: readonly AlertEvent[],
  settings: EscalationSettings | undefined,
  now: Date,
): EscalationStep {
  // No tiers (escalation turned off): nothing is kept, nothing is told.
  if (settings === undefined || settings.tiers.length === 0) return { escalations: [], tell: [] };
  const at = now.toISOString();
  const tell: TierMessage[] = [];
  const runs = new Map((previous ?? []).map((run) => [run.episode, run]));

  // The tiers told of an episode hear how it ends, and who took it.
  for (const event of events) {
    const episode = episodeIdOf(event);
    const run = episode === undefined ? undefined : runs.get(episode);
    if (run === undefined || !FOLLOWS.has(event.severity)) continue;
    for (const told of run.told)
      if (settings.tiers.some((tier) => tier.name === told.tier))
        tell.push({ tier: told.tier, event });
  }

  // New alerts start a run, raise one from LOW to CRITICAL, or continue a reopened one; every
  // alert and reminder of the episode brings the run's alert up to date.
  for (const event of events) {
    const episode = episodeIdOf(event);
    const run = episode === undefined ? undefined : runs.get(episode);
    const reminded = alertOfReminder(event);
    if (run !== undefined && reminded !== undefined) {
      runs.set(run.episode, { ...run, alert: reminded });
      continue;
    }
    const level = levelOf(event);
    if (level === undefined || episode === undefined || !settings.levels.includes(level)) continue;
    if (run === undefined) {
      runs.set(episode, {
        episode,
        about: level,
        alert: event,
        started: event.at,
        since: event.at,
        told: [],
      });
      continue;
    }
    const raised = run.about === 'LOW' && level === 'CRITICAL';
    // The tiers told hear that it got worse, or that it came back, as the usual recipients do.
    if (raised || reopens(event))
      for (const told of run.told)
        if (settings.tiers.some((tier) => tier.name === told.tier))
          tell.push({ tier: told.tier, event });
    if (!raised) {
      runs.set(episode, { ...run, alert: event });
      continue;
    }
    // Still unanswered: the clock runs on. Answered at LOW: CRITICAL is news, it starts again.
    const again = run.acknowledged === true || state.episode?.acknowledgedAt !== undefined;
    runs.set(episode, {
      episode,
      about: level,
      alert: event,
      started: again ? event.at : run.started,
      since: again ? event.at : run.since,
      told: run.told,
      ...(again || run.pausedAt === undefined ? {} : { pausedAt: run.pausedAt }),
    });
  }

  const kept = episodesOf(state);
  const escalations: EscalationRun[] = [];
  for (const stored of runs.values()) {
    const status = kept.get(stored.episode);
    // An episode that ended for good is forgotten (its tiers heard the end above).
    if (status === undefined) continue;
    // Paused: the clock stops (from the first check that found it paused).
    if (status === 'paused') {
      escalations.push({ ...stored, pausedAt: stored.pausedAt ?? at });
      continue;
    }
    const resumed = resume(stored, now);
    // Times written by a clock that ran ahead are brought back to now (as clock.ts does for
    // the policy's): the next tier's delay then counts from now, not from the future.
    const run =
      Date.parse(resumed.since) > now.getTime()
        ? {
            ...resumed,
            since: at,
            ...(Date.parse(resumed.started) > now.getTime() ? { started: at } : {}),
          }
        : resumed;
    if (run.acknowledged === true || acknowledged(run, state)) {
      escalations.push({ ...run, acknowledged: true });
      continue;
    }
    // Held by a silence, the alert reaches nobody yet: the next tier's delay counts from its end
    // (and, for a run that began under it, so does the usual recipients' telling).
    const silence = silenceOver(run.alert, state, now);
    if (silence !== undefined) {
      escalations.push({
        ...run,
        since: later(run.since, silence.until),
        ...(Date.parse(run.started) >= Date.parse(silence.from)
          ? { started: later(run.started, silence.until) }
          : {}),
      });
      continue;
    }
    const next = settings.tiers[run.told.length];
    const due =
      next !== undefined && now.getTime() - Date.parse(run.since) >= next.afterMinutes * 60_000;
    if (next === undefined || !due) {
      escalations.push(run);
      continue;
    }
    tell.push({
      tier: next.name,
      event: run.alert,
      note: {
        tier: next.name,
        afterMinutes: Math.round((now.getTime() - Date.parse(run.started)) / 60_000),
        told: [{ at: run.started }, ...run.told],
      },
    });
    escalations.push({ ...run, since: at, told: [...run.told, { tier: next.name, at }] });
  }
  return { escalations, tell };
}

/**
 * The silence holding this alert now (silenceHolds, the outbox's own rule), the one that ends
 * last; undefined when none does.
 */
function silenceOver(
  alert: AlertEvent,
  state: AlertState,
  now: Date,
): { readonly from: string; readonly until: string } | undefined {
  const t = now.getTime();
  const holding = (state.silences ?? []).filter((s) => silenceHolds(s, alert.severity, t));
  if (holding.length === 0) return undefined;
  const until = holding.map((s) => s.until).reduce(later);
  const from = holding
    .map((s) => s.from)
    .reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  return { from, until };
}

/** The later of two times. */
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** A paused run running again: its delay moves on by the time it was paused. */
function resume(run: EscalationRun, now: Date): EscalationRun {
  if (run.pausedAt === undefined) return run;
  const { pausedAt, ...rest } = run;
  const paused = Math.max(0, now.getTime() - Date.parse(pausedAt));
  return { ...rest, since: new Date(Date.parse(run.since) + paused).toISOString() };
}

/** The state with these runs as its escalation clock (none: the field is left out). */
export function withEscalations(state: AlertState, runs: readonly EscalationRun[]): AlertState {
  const next = { ...state };
  if (runs.length === 0) delete next.escalations;
  else next.escalations = [...runs];
  return next;
}
