import { episodeIdOf } from '../../alerting/types';
import { deliveryKey, type ClaimStep } from '../claim-pass';
import { withoutDeliveries, type OutboxEntry } from '../outbox-entry';

/** Level alerts of an episode a channel holds, made before one of it the channel will hear. */
const SUPERSEDED = new Set(['LOW', 'CRITICAL', 'REMINDER']);

function withoutSuperseded(outbox: readonly OutboxEntry[]): OutboxEntry[] {
  // The newest alert of each episode each channel will hear (one not held).
  const hearing = new Map<string, string>();
  for (const entry of outbox)
    for (const [channel, delivery] of Object.entries(entry.deliveries)) {
      const episode = episodeIdOf(entry.event);
      if (delivery.heldSince !== undefined || episode === undefined) continue;
      const key = `${channel}\u0000${episode}`;
      if ((hearing.get(key) ?? '') < entry.createdAt) hearing.set(key, entry.createdAt);
    }
  return outbox.flatMap((entry) => {
    const episode = episodeIdOf(entry.event);
    if (episode === undefined || !SUPERSEDED.has(entry.event.severity)) return [entry];
    const superseded = new Set(
      Object.entries(entry.deliveries)
        .filter(
          ([channel, delivery]) =>
            delivery.heldSince !== undefined &&
            (hearing.get(`${channel}\u0000${episode}`) ?? '') > entry.createdAt,
        )
        .map(([channel]) => channel),
    );
    const kept = withoutDeliveries(entry, superseded);
    return kept === undefined ? [] : [kept];
  });
}

/**
 * Drops what a channel holds of an episode once a newer alert of that episode goes to it (a
 * CRITICAL let through the quiet hours): the newer one says more, and the held one, released
 * later, would tell the story backwards. So whatever is still held of an episode means the
 * channel heard nothing of it since. The claims of what it drops are withdrawn.
 *
 * Last, over the outbox as claimed (not over the released entries, which are what a channel
 * hears, never what it holds): the budget was counted before, so a dropped delivery that had
 * been claimed (held, its hold over, with no `stillTrue` judge) kept its place in it.
 */
export const dropSuperseded: ClaimStep = (pass) => {
  const outbox = withoutSuperseded(pass.outbox);
  const live = new Set(
    [...outbox, ...pass.releasedEntries].flatMap((e) =>
      Object.keys(e.deliveries).map((c) => deliveryKey(e.id, c)),
    ),
  );
  return {
    ...pass,
    outbox,
    claims: pass.claims.filter((c) => live.has(deliveryKey(c.entryId, c.channel))),
  };
};
