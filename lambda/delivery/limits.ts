/**
 * The outbox's bounds: how long a claim holds, how long a delivery may fail, how much one check
 * attempts, and how much of the past a record keeps. Each keeps the record small and a check
 * within its time, whatever a channel does.
 */

/** How long a claim holds: longer than a check runs (the function's 50 s), shorter than the schedule. */
export const LEASE_MS = 120_000;
/** A delivery failing this long is parked as undeliverable: past it, the news is stale. */
export const MAX_PENDING_MINUTES = 360;
/**
 * At most this many deliveries are attempted per channel by one check, so a backlog cannot eat
 * its time. Per channel, so one channel's backlog of retries never delays another's alert.
 */
export const MAX_CLAIMS_PER_CHANNEL = 20;
/** The parked deliveries the state keeps, newest last. */
export const MAX_UNDELIVERABLE = 10;
/** The releases a record keeps, newest last: one per channel and open episode is enough. */
export const MAX_RELEASES = 50;
/** The hourly cap's counts a record keeps: one per channel (this hour's only). */
export const MAX_SENT_COUNTS = 50;
