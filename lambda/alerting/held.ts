import type { AlertState } from './state';
import { episodeIdOf, type AlertEvent } from './types';

/**
 * What is still worth saying when a silence or quiet hours end: of the events held, those still
 * true now, once. Pure. The rules:
 * - a reminder is dropped: it repeats an alert that is here, or was said before the hold;
 * - a LOW or CRITICAL is kept if its episode is still open (the latest of them), and a
 *   RECOVERED unless the episode's first alert is among the held (then both are dropped:
 *   nobody heard of an episode that began and ended in the silence);
 * - FAILING and FAILING_RESOLVED, STALE and STALE_RESOLVED the same way, so that a planned
 *   maintenance inside a silence says nothing at all;
 * - a FORECAST is kept if it is still the standing one and no episode opened, an
 *   UNUSUAL_OUTFLOW if it is still the standing one; an
 *   acknowledgment if its episode is still open; only the latest digest; a TEST always.
 */
export function stillTrue(
  held: readonly AlertEvent[],
  state: AlertState | undefined,
): AlertEvent[] {
  const events = held.flatMap((e) => (e.severity === 'HELD' ? e.events : [e]));
  // Episodes whose first alert was held: the channel heard nothing of them (the outbox drops a
  // held alert when a later one of its episode goes out, so any alert heard leaves none here).
  // A LOW always opens its episode; a CRITICAL opens one or escalates it.
  const openings = new Set(
    events.flatMap((e) =>
      e.severity === 'LOW' ||
      (e.severity === 'CRITICAL' && e.opens === true) ||
      e.severity === 'FAILING'
        ? [episodeIdOf(e) ?? '']
        : e.severity === 'STALE'
          ? [`s:${e.at}`]
          : [],
    ),
  );
  const kept: AlertEvent[] = [];
  events.forEach((e, index) => {
    const later = events.slice(index + 1);
    switch (e.severity) {
      case 'REMINDER':
        return;
      case 'LOW':
      case 'CRITICAL':
        if (
          state?.episode?.since === e.since &&
          !later.some(
            (x) => (x.severity === 'LOW' || x.severity === 'CRITICAL') && x.since === e.since,
          )
        )
          kept.push(e);
        return;
      case 'RECOVERED':
        if (!openings.has(episodeIdOf(e) ?? '')) kept.push(e);
        return;
      case 'FAILING':
        // Once, even when it reopened within the cool-off and said so again (storm.ts).
        if (
          state?.failure?.since === e.since &&
          !later.some((x) => x.severity === 'FAILING' && x.since === e.since)
        )
          kept.push(e);
        return;
      case 'FAILING_RESOLVED':
        if (!openings.has(episodeIdOf(e) ?? '')) kept.push(e);
        return;
      case 'STALE':
        if (state?.staleSince === e.at) kept.push(e);
        return;
      case 'STALE_RESOLVED':
        if (!openings.has(`s:${e.since}`)) kept.push(e);
        return;
      case 'FORECAST':
        if (state?.forecastSentAt === e.at && state.episode === undefined) kept.push(e);
        return;
      case 'UNUSUAL_OUTFLOW':
        // Still the standing one (not re-armed since): the outflow it saw is the latest seen.
        if (state?.outflowSentAt === e.at) kept.push(e);
        return;
      case 'ACKNOWLEDGED':
        if ((e.about === 'FAILING' ? state?.failure?.since : state?.episode?.since) === e.since)
          kept.push(e);
        return;
      case 'DIGEST':
        if (!later.some((x) => x.severity === 'DIGEST')) kept.push(e);
        return;
      default:
        kept.push(e);
    }
  });
  return kept;
}
