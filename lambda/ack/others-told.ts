import type { AlertState } from '../alerting/state';
import type { AcknowledgedEvent } from '../alerting/types';
import { silenceHolds } from '../alerting/silence-holds';
import { kindOf } from '../delivery/holds';
import type { OutboxEntry } from '../delivery/outbox-entry';
import { hourOf } from '../delivery/steps/cap-per-hour';
import { checkAfter } from './figures';

/**
 * When the others hear "X is on it", worked out by the outbox's own rules, so that the page
 * never promises what a hold will delay. The next check enqueues the ACKNOWLEDGED; then:
 * - a silence of the account that holds it (`kindOf` and `silenceHolds`, holdOf's rule, on that
 *   very event)
 *   keeps it until the silence ends: it goes at the first check after (silences can follow one
 *   another, so until no silence holds it);
 * - a channel that already held an alert by the hourly cap in that hour (the outbox says so:
 *   `heldBy: 'cap'`) takes it after the hour ends (steps/cap-per-hour.ts). What a silence
 *   released is never capped.
 * What the page cannot judge: each channel's quiet hours and the cap's figure live in the
 * checks' environment (`CHANNELS`, `CAP_PER_HOUR`), not the page's, so the page says that a
 * channel in its quiet hours, or at its cap, tells them later (the catalogs' `othersTold`).
 * Pure: the time is an argument.
 */

export interface OthersTold {
  /** When the check that tells them should run, ISO. */
  readonly at: string;
  /** The end of the silence that holds the announcement, when one does, ISO. */
  readonly silencedUntil?: string;
  /** When the hour ends on channels already at their hourly cap, when some are, ISO. */
  readonly capEnds?: string;
}

/** At most this many silences one after the other (the state keeps at most 10). */
const MAX_SILENCES = 10;

export function othersTold(
  state: AlertState,
  outbox: readonly OutboxEntry[],
  about: AcknowledgedEvent['about'],
  now: Date,
): OthersTold | undefined {
  const open = about === 'FAILING' ? state.failure : state.episode;
  if (open?.acknowledgedAt === undefined || open.ackAnnounced === true) return undefined;
  const next = checkAfter(state, now.getTime(), now);
  // The event as the policy writes it (policy.ts, announceAcknowledgments), judged as the
  // outbox would judge it (delivery/holds.ts).
  const eventAt = (at: string): AcknowledgedEvent => ({
    severity: 'ACKNOWLEDGED',
    account: '',
    at,
    about,
    since: open.since,
    by: open.acknowledgedBy ?? '',
    acknowledgedAt: open.acknowledgedAt ?? at,
  });
  const silences = state.silences ?? [];
  let at = next;
  let silencedUntil: string | undefined;
  for (let i = 0; i < MAX_SILENCES; i += 1) {
    const kind = kindOf(eventAt(at));
    const t = Date.parse(at);
    const holding = silences.filter((s) => silenceHolds(s, kind, t));
    if (holding.length === 0) break;
    silencedUntil =
      holding
        .map((s) => s.until)
        .sort()
        .at(-1) ?? at;
    at = checkAfter(state, Date.parse(silencedUntil) - 1, now);
  }
  if (silencedUntil !== undefined) return { at, silencedUntil };
  const hour = hourOf(next);
  const capped = outbox.some((entry) =>
    Object.values(entry.deliveries).some(
      (d) => d.heldBy === 'cap' && d.heldSince !== undefined && hourOf(d.heldSince) === hour,
    ),
  );
  if (!capped) return { at: next };
  const capEnds = new Date(Date.parse(hour) + 3_600_000).toISOString();
  return { at: next, capEnds };
}
