import type { EscalatingLevel, EscalationSettings } from '../contract/escalation';
import type { EscalationNote, EscalationRun } from './escalation-state';
import type { AlertState } from './state';
import { episodeIdOf, type AlertEvent } from './types';

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
 * - When the episode ends, the tiers told hear its RECOVERED or FAILING_RESOLVED, and the run
 *   is forgotten.
 *
 * Silences and quiet hours are the outbox's: a tier's messages are held like any channel's.
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

/** The episodes open in the state: those a run may still be about. */
function openEpisodes(state: AlertState): Set<string> {
  const open = new Set<string>();
  if (state.episode !== undefined) open.add(`b:${state.episode.since}`);
  if (state.failure !== undefined) open.add(`f:${state.failure.since}`);
  return open;
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

  // New alerts start a run, or raise one from LOW to CRITICAL.
  for (const event of events) {
    const level = levelOf(event);
    const episode = episodeIdOf(event);
    if (level === undefined || episode === undefined || !settings.levels.includes(level)) continue;
    const run = runs.get(episode);
    if (run === undefined) {
      runs.set(episode, {
        episode,
        about: level,
        alert: event,
        started: event.at,
        since: event.at,
        told: [],
      });
    } else if (run.about === 'LOW' && level === 'CRITICAL') {
      // Still unanswered: the clock runs on. Answered at LOW: CRITICAL is news, it starts again.
      const again = run.acknowledged === true || state.episode?.acknowledgedAt !== undefined;
      // The tiers told of the LOW hear that it got worse, as the usual recipients do.
      for (const told of run.told)
        if (settings.tiers.some((tier) => tier.name === told.tier))
          tell.push({ tier: told.tier, event });
      runs.set(episode, {
        episode,
        about: level,
        alert: event,
        started: again ? event.at : run.started,
        since: again ? event.at : run.since,
        told: run.told,
      });
    }
  }

  const open = openEpisodes(state);
  const escalations: EscalationRun[] = [];
  for (const stored of runs.values()) {
    // An episode that ended is forgotten (its tiers heard the end above).
    if (!open.has(stored.episode)) continue;
    // Times written by a clock that ran ahead are brought back to now (as clock.ts does for
    // the policy's): the next tier's delay then counts from now, not from the future.
    const run =
      Date.parse(stored.since) > now.getTime()
        ? {
            ...stored,
            since: at,
            ...(Date.parse(stored.started) > now.getTime() ? { started: at } : {}),
          }
        : stored;
    if (run.acknowledged === true || acknowledged(run, state)) {
      escalations.push({ ...run, acknowledged: true });
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

/** The state with these runs as its escalation clock (none: the field is left out). */
export function withEscalations(state: AlertState, runs: readonly EscalationRun[]): AlertState {
  const next = { ...state };
  if (runs.length === 0) delete next.escalations;
  else next.escalations = [...runs];
  return next;
}
