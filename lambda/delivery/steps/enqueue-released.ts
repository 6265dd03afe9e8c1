import { episodeIdOf } from '../../alerting/types';
import type { ClaimStep } from '../claim-pass';
import type { OutboxEntry, Release } from '../outbox-entry';
import { releaseMessages } from '../release-messages';

/**
 * Turns what each channel's ending holds released into new entries, one per message, due now
 * like a first attempt: only what is still true (a LOW that recovered meanwhile is dropped),
 * as release-messages.ts shapes it. Each episode a channel hears of this way is recorded as a
 * Release, which stands for its next reminder there (dropRepeatedReminders of later checks).
 *
 * After the steps that take deliveries out of the outbox and before claimWithinBudget, so the
 * released messages compete for the budget like every first attempt.
 */
export const enqueueReleased: ClaimStep = (pass, { at, options }) => {
  const releases: Release[] = [];
  const entries: OutboxEntry[] = [];
  for (const [channel, group] of pass.released) {
    const kept = options.stillTrue?.(group.events) ?? [];
    for (const episode of new Set(kept.map(episodeIdOf)))
      if (episode !== undefined) releases.push({ channel, episode, at });
    const events = releaseMessages(
      kept,
      group.reason,
      at,
      options.routed?.(channel) === true,
      options.latest,
      options.capPerHour,
    );
    events.forEach((event, index) => {
      // A released escalation keeps its note (a routed channel's message holds one alert).
      const alone =
        event.severity === 'HELD' && event.events.length === 1 ? event.events[0] : event;
      const note = alone === undefined ? undefined : group.notes?.get(alone);
      entries.push({
        id: `${event.account}/${at}/held/${channel}${index === 0 ? '' : `/${index}`}`,
        event,
        createdAt: at,
        deliveries: { [channel]: { attempts: 0, notBefore: at } },
        ...(note === undefined ? {} : { escalation: note }),
      });
    });
  }
  return {
    ...pass,
    released: new Map(),
    releasedEntries: [...pass.releasedEntries, ...entries],
    releases: [...pass.releases, ...releases],
  };
};
