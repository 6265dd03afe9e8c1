import { describe, expect, it } from 'vitest';
import { applyResults, type DeliveryResult } from '../../../lambda/delivery/apply-results';
import { attemptedBefore } from '../../../lambda/delivery/earlier-attempts';
import { afterExpiredClaim } from '../../../lambda/delivery/lease';
import type { Delivery, OutboxEntry } from '../../../lambda/delivery/outbox-entry';
import { due, entry, eventOf, minutesFromNow, NOW } from './fixtures';

/**
 * Which earlier attempts may have reached a webhook, so that its 409 can mean "I have it":
 * a timeout, a network error, a 408, 429 or 5xx, a check that stopped; never a 401, 403 or 404.
 */

const failed = (refusal: boolean): DeliveryResult => ({
  entryId: 'e1',
  channel: 'webhook:erp',
  outcome: 'failed',
  error: refusal ? 'the webhook answered 401' : 'the webhook answered 503',
  ...(refusal ? { refusal: true } : {}),
});

/** The delivery after these results, one check each. */
function after(results: readonly DeliveryResult[], start: Delivery = due()): Delivery | undefined {
  let outbox: readonly OutboxEntry[] = [entry('e1', eventOf('FAILING'), { 'webhook:erp': start })];
  for (const result of results)
    outbox = applyResults({ outbox, undeliverable: [] }, [result], NOW).outbox;
  return outbox[0]?.deliveries['webhook:erp'];
}

const reached = (delivery: Delivery | undefined) =>
  delivery !== undefined &&
  attemptedBefore(entry('e1', eventOf('FAILING'), { 'webhook:erp': delivery }), 'webhook:erp');

describe('earlier attempts that may have reached the receiver', () => {
  it('refusals alone did not: the record says so', () => {
    const twice = after([failed(true), failed(true)]);
    expect(twice).toMatchObject({ attempts: 2, refusedOnly: true });
    expect(reached(twice)).toBe(false);
  });

  it('one 503, a timeout or a stopped check among them may have, whatever came after', () => {
    expect(reached(after([failed(false)]))).toBe(true);
    expect(reached(after([failed(false), failed(true)]))).toBe(true);
    expect(reached(after([failed(true), failed(false), failed(true)]))).toBe(true);
    const refused = after([failed(true)]);
    if (refused === undefined) throw new Error('still pending');
    const claimedAt = minutesFromNow(-60);
    const stopped = afterExpiredClaim({ ...refused, claimedAt, claimedBy: 'check-1' }, NOW);
    expect(stopped.attempts).toBe(2);
    expect(reached(stopped)).toBe(true);
  });

  it('a record from before the flag, with attempts, may have (as before)', () => {
    expect(reached(due({ attempts: 1, lastError: 'the webhook answered 401' }))).toBe(true);
    expect(reached(due())).toBe(false);
  });
});
