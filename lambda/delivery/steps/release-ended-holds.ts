import type { EscalationNote } from '../../alerting/escalation-state';
import { episodeIdOf, type AlertEvent } from '../../alerting/types';
import {
  isHeld,
  mapDeliveries,
  type ClaimPass,
  type ClaimStep,
  type ReleasedGroup,
} from '../claim-pass';
import type { HoldReason } from '../holds';

/**
 * Which channels have a hold that ends now, and which episodes each is about to hear of. A held
 * reminder is never released (what it reminds of is, or was heard already): it tells nothing
 * of the episode, and the reminder due now still goes out.
 */
function endingHolds(pass: ClaimPass): Map<string, Set<string>> {
  const releasing = new Map<string, Set<string>>();
  for (const entry of pass.outbox)
    for (const [channel, delivery] of Object.entries(entry.deliveries))
      if (
        delivery.heldSince !== undefined &&
        entry.legacy === undefined &&
        !isHeld(pass, entry, channel)
      ) {
        const episodes = releasing.get(channel) ?? new Set<string>();
        const id = entry.event.severity === 'REMINDER' ? undefined : episodeIdOf(entry.event);
        if (id !== undefined) episodes.add(id);
        releasing.set(channel, episodes);
      }
  return releasing;
}

/**
 * Takes out of the outbox what the holds that end now release, grouped by channel in outbox
 * order (the first one sets the group's reason): enqueueReleased sends what of it is still true
 * as one HELD summary, instead of each delivery alone.
 *
 * Two kinds of delivery go:
 * - a held one whose hold has ended;
 * - an alert made by this very check, on a channel whose hold ends now: it joins the release,
 *   so the FAILING_RESOLVED of a maintenance that ended with its silence goes with the FAILING
 *   it resolves (and both are dropped, as nobody heard of the FAILING). Not a reminder: one of
 *   a released episode is dropped by dropRepeatedReminders, one of another episode goes out as
 *   it is.
 *
 * Only with a `stillTrue` judge: without one, a hold that ends lets its deliveries go out alone.
 * Before dropRepeatedReminders, which needs `releasing`; what a hold still holds stays for
 * `hold`.
 */
export const releaseEndedHolds: ClaimStep = (pass, { at, options }) => {
  if (options.stillTrue === undefined) return pass;
  const releasing = endingHolds(pass);
  const released = new Map<
    string,
    { events: AlertEvent[]; reason: HoldReason; notes: Map<AlertEvent, EscalationNote> }
  >(
    [...pass.released].map(([channel, group]) => [
      channel,
      { ...group, events: [...group.events], notes: new Map(group.notes) },
    ]),
  );
  // An escalation's note (who was told before) goes with its event, to its released message.
  const join = (channel: string, event: AlertEvent, reason: HoldReason, note?: EscalationNote) => {
    const group = released.get(channel) ?? {
      events: [] as AlertEvent[],
      reason,
      notes: new Map<AlertEvent, EscalationNote>(),
    };
    group.events.push(event);
    if (note !== undefined) group.notes.set(event, note);
    released.set(channel, group);
  };
  const outbox = mapDeliveries(pass.outbox, (entry, channel, delivery) => {
    if (isHeld(pass, entry, channel)) return delivery;
    if (delivery.heldSince !== undefined) {
      join(channel, entry.event, delivery.heldBy ?? 'silence', entry.escalation);
      return undefined;
    }
    const joins =
      entry.createdAt === at &&
      entry.event.severity !== 'REMINDER' &&
      entry.legacy === undefined &&
      releasing.has(channel);
    if (!joins) return delivery;
    join(channel, entry.event, 'silence', entry.escalation);
    return undefined;
  });
  return {
    ...pass,
    outbox,
    releasing,
    // (Notes only where there are some: most groups hold no escalation.)
    released: new Map(
      [...released].map(([channel, { notes, ...group }]): [string, ReleasedGroup] => [
        channel,
        notes.size === 0 ? group : { ...group, notes },
      ]),
    ),
  };
};
