import { acknowledgmentCovers } from '../alerting/policy';
import type { AlertState } from '../alerting/state';

/**
 * Taking an open episode, the one rule behind every "I'm on it" (the page, acknowledge.ts; the
 * phone buttons, button-press.ts): how each finds the episode differs, what it records does not.
 */

export type OpenEpisode =
  | { readonly kind: 'balance'; readonly episode: NonNullable<AlertState['episode']> }
  | { readonly kind: 'failure'; readonly episode: NonNullable<AlertState['failure']> };

/**
 * The open episode a link or a button names ("b:<since>" or "f:<since>"), or undefined when it
 * has ended: matched by its start's instant (a button carries milliseconds, a link the ISO text;
 * both name the same instant). A failure counts only once it was alerted.
 */
export function openEpisodeOf(
  state: AlertState | undefined,
  episodeId: string,
): OpenEpisode | undefined {
  const since = Date.parse(episodeId.slice(2));
  if (episodeId.startsWith('b:') && state?.episode !== undefined)
    return Date.parse(state.episode.since) === since
      ? { kind: 'balance', episode: state.episode }
      : undefined;
  if (
    episodeId.startsWith('f:') &&
    state?.failure?.alertedAt !== undefined &&
    Date.parse(state.failure.since) === since
  )
    return { kind: 'failure', episode: state.failure };
  return undefined;
}

/** Whether the episode is acknowledged at its current level (policy.ts). */
export function covered(open: OpenEpisode): boolean {
  return open.kind === 'balance'
    ? acknowledgmentCovers(open.episode)
    : open.episode.acknowledgedAt !== undefined;
}

/**
 * The state with the episode taken by `name` now, to be announced at the next check. A LOW taken
 * before it fell to CRITICAL is taken again (its level recorded), to CRITICAL's audience.
 */
export function takeEpisode(
  state: AlertState,
  open: OpenEpisode,
  name: string,
  now: Date,
): AlertState {
  const acknowledged = {
    acknowledgedAt: now.toISOString(),
    acknowledgedBy: name,
    ackAnnounced: false,
  };
  return open.kind === 'balance'
    ? {
        ...state,
        episode: { ...open.episode, ...acknowledged, acknowledgedLevel: open.episode.level },
      }
    : { ...state, failure: { ...open.episode, ...acknowledged } };
}
