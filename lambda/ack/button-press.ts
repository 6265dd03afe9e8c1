import { updateState } from '../check/update-state';
import type { StateStore } from '../stores/state-store';
import type { ButtonClaim } from './button-token';
import { covered, openEpisodeOf, takeEpisode } from './take-episode';

/**
 * What a press of an "I'm on it" button records, whichever app it came from (Telegram's
 * webhook, WhatsApp's event topic): the page's rules (acknowledge.ts). The episode the button
 * names must still be open and not already covered; one conditional write; named after who
 * pressed. A LOW taken before it fell to CRITICAL is taken again, and announced again, to
 * CRITICAL's audience this time.
 */

export type PressResult =
  | { readonly kind: 'ended' }
  | { readonly kind: 'already'; readonly by: string }
  | { readonly kind: 'taken' };

export async function recordPress(
  store: StateStore,
  claim: ButtonClaim,
  /** Who pressed, as the others will read it. */
  name: string,
  now: Date,
  /** What writes: `ack-telegram`, `ack-whatsapp`. */
  writer: string,
  healed: (problems: readonly string[]) => void,
): Promise<PressResult> {
  return updateState<PressResult>(store, now, writer, healed, (state) => {
    const open = openEpisodeOf(state, claim.episode);
    if (state === undefined || open === undefined) return { result: { kind: 'ended' } };
    if (covered(open))
      return { result: { kind: 'already', by: open.episode.acknowledgedBy ?? '' } };
    return { state: takeEpisode(state, open, name, now), result: { kind: 'taken' } };
  });
}
