import type { ClaimContext, ClaimOptions, ClaimPass, ClaimStep, Claim } from './claim-pass';
import { MAX_RELEASES } from './limits';
import type { OutboxState, ParkedDelivery } from './outbox-entry';
import { capPerHour, judgeCapHolds } from './steps/cap-per-hour';
import { claimWithinBudget } from './steps/claim-within-budget';
import { dropRepeatedReminders } from './steps/drop-repeated-reminders';
import { dropSuperseded } from './steps/drop-superseded';
import { enqueueReleased } from './steps/enqueue-released';
import { expireLapsedClaims } from './steps/expire-lapsed-claims';
import { forgetOldReleases } from './steps/forget-old-releases';
import { hold } from './steps/hold';
import { judgeHolds } from './steps/judge-holds';
import { parkStale } from './steps/park-stale';
import { releaseEndedHolds } from './steps/release-ended-holds';
import { withUndeliverable } from './undeliverable';

/**
 * claimDue's steps, in order. The order is part of the behaviour: each step sees only what the
 * ones before left in the outbox, so a delivery is decided by the first step that takes it.
 * - whether a hold keeps each delivery is asked first, once, of the outbox as it was given;
 * - releases are forgotten before reminders are weighed against them;
 * - what an ending hold releases leaves first, and says which episodes each channel hears now;
 * - a reminder repeating such news is dropped next, even when a hold would keep it;
 * - what a hold keeps is stamped, and no step after touches it;
 * - a lapsed claim counts as a failure before staleness is judged, so a delivery that kills
 *   every check that tries it is parked too;
 * - what is stale is parked before the budget is shared, and what was released joins it;
 * - the budget is shared, then what a newer alert supersedes is dropped (with its claim).
 * - the hourly cap is judged with the other holds, so its hold ends (and releases) like theirs;
 *   it is applied to the claims once the budget is shared, before what is superseded goes.
 */
const CLAIM_STEPS: readonly ClaimStep[] = [
  judgeHolds,
  judgeCapHolds,
  forgetOldReleases,
  releaseEndedHolds,
  dropRepeatedReminders,
  hold,
  expireLapsedClaims,
  parkStale,
  enqueueReleased,
  claimWithinBudget,
  capPerHour,
  dropSuperseded,
];

/**
 * Parks what has failed for too long, then claims what is due and not held by another check's
 * lease, up to MAX_CLAIMS_PER_CHANNEL on each channel: first attempts first, then the retries
 * due the longest. A delivery held by a silence or quiet hours waits (and never counts as
 * failing); when the hold ends, each channel's held deliveries become one HELD entry of what is
 * still true. The returned state is what the check saves before it publishes.
 */
export function claimDue(
  state: OutboxState,
  now: Date,
  /** This check's id, recorded with its claims. */
  self?: string,
  options: ClaimOptions = {},
): OutboxState & {
  readonly claims: readonly Claim[];
  readonly parkedNow: readonly ParkedDelivery[];
} {
  const context: ClaimContext = {
    now,
    at: now.toISOString(),
    ...(self === undefined ? {} : { self }),
    options,
  };
  const start: ClaimPass = {
    outbox: state.outbox,
    holds: new Map(),
    releasing: new Map(),
    released: new Map(),
    releasedEntries: [],
    releases: state.releases ?? [],
    parkedNow: [],
    claims: [],
    sent: state.sent ?? [],
  };
  const pass = CLAIM_STEPS.reduce((current, step) => step(current, context), start);
  const releases = pass.releases.slice(-MAX_RELEASES);
  return {
    outbox: [...pass.outbox, ...pass.releasedEntries],
    undeliverable: withUndeliverable(state.undeliverable, pass.parkedNow),
    ...(releases.length === 0 ? {} : { releases }),
    ...(pass.sent.length === 0 ? {} : { sent: pass.sent }),
    claims: pass.claims,
    parkedNow: pass.parkedNow,
  };
}
