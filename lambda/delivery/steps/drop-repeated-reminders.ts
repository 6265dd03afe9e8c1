import { episodeIdOf } from '../../alerting/types';
import { mapDeliveries, reminderIntervalMs, type ClaimStep } from '../claim-pass';

/**
 * Drops a new REMINDER a channel would hear right after a release told it of the same episode:
 * - one whose episode the channel hears of from a release in this same check;
 * - one made within half a reminder interval after a release of its episode there. Half: the
 *   release stood for a reminder that was held, so a reminder due soon after repeats it, and one
 *   due later is the next reminder (the channel never waits two intervals).
 * The policy's reminder clock is the episode's, for every channel; only this channel heard of
 * the episode just now. A reminder already attempted, or held, is not new: it is left alone.
 *
 * After releaseEndedHolds (it says what each channel hears now) and before `hold`: a reminder
 * that repeats a release is dropped even when a hold would keep it.
 */
export const dropRepeatedReminders: ClaimStep = (pass, { options }) => {
  const repeatMs = reminderIntervalMs(options);
  const releasedLately = (channel: string, episode: string, createdAt: string) =>
    pass.releases.some(
      (r) =>
        r.channel === channel &&
        r.episode === episode &&
        Date.parse(createdAt) >= Date.parse(r.at) &&
        Date.parse(createdAt) - Date.parse(r.at) < repeatMs / 2,
    );
  const outbox = mapDeliveries(pass.outbox, (entry, channel, delivery) => {
    const episode = episodeIdOf(entry.event);
    const repeats =
      entry.event.severity === 'REMINDER' &&
      delivery.heldSince === undefined &&
      delivery.attempts === 0 &&
      episode !== undefined &&
      (pass.releasing.get(channel)?.has(episode) === true ||
        releasedLately(channel, episode, entry.createdAt));
    return repeats ? undefined : delivery;
  });
  return { ...pass, outbox };
};
