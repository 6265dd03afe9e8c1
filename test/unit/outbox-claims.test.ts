import { describe, expect, it } from 'vitest';
import { applyResults } from '../../lambda/delivery/apply-results';
import { claimDue } from '../../lambda/delivery/claim-due';
import { enqueue } from '../../lambda/delivery/enqueue';
import { MAX_CLAIMS_PER_CHANNEL } from '../../lambda/delivery/limits';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import type { AlertEvent } from '../../lambda/alerting/types';
import { sampleEvents } from '../support/sample-events';

/**
 * Which deliveries a check attempts when more are due than it may attempt: a new alert never
 * waits behind retries, neither behind its own channel's nor behind another channel's.
 */

const now = new Date('2026-12-01T12:00:00Z');
/**
 * Two sample alerts, made in the test that asks, never at load: under `npm run mutation` a
 * policy run at load makes every policy mutant it reaches "static" (vitest.mutation.config.ts).
 */
function twoEvents(): { older: AlertEvent; newer: AlertEvent } {
  const [first, second] = sampleEvents('acme');
  if (first === undefined || second === undefined) throw new Error('no sample events');
  return { older: first, newer: second };
}

/** `count` older alerts, each failed once on `channels` and due again now. */
function backlog(count: number, channels: readonly string[]): OutboxEntry[] {
  const { older } = twoEvents();
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(now.getTime() - (count - i) * 60_000).toISOString();
    return {
      id: `acme/${at}/retry`,
      event: older,
      createdAt: at,
      deliveries: Object.fromEntries(
        channels.map((c) => [
          c,
          { attempts: 1, notBefore: at, firstFailedAt: at, lastError: 'HTTP 503' },
        ]),
      ),
    };
  });
}

const route = (name: string) => ({ name, wants: () => true });

describe('claiming under a backlog', () => {
  it("a new alert goes out on a healthy channel at once, whatever another channel's backlog", () => {
    const { newer } = twoEvents();
    const outbox = enqueue(
      backlog(30, ['webhook']),
      [newer],
      [route('sns'), route('webhook')],
      now,
    );
    const { claims } = claimDue({ outbox, undeliverable: [] }, now, 'check-1');
    const on = (channel: string) => claims.filter((c) => c.channel === channel);
    expect(on('sns').map((c) => c.entry.event)).toEqual([newer]);
    // The failing channel gets its budget, in the order it will try them: the new alert,
    // then its oldest retries.
    expect(on('webhook').map((c) => c.entryId)).toEqual([
      outbox[30]?.id,
      ...outbox.slice(0, MAX_CLAIMS_PER_CHANNEL - 1).map((e) => e.id),
    ]);
  });

  it('a backlog larger than the budget takes turns: the retries left over go first next time', () => {
    const outbox = backlog(30, ['webhook']);
    const first = claimDue({ outbox, undeliverable: [] }, now, 'check-1');
    expect(first.claims.map((c) => c.entryId)).toEqual(
      outbox.slice(0, MAX_CLAIMS_PER_CHANNEL).map((e) => e.id),
    );
    // They fail again (backoff 2 minutes); five minutes later all 30 are due once more.
    const failed = applyResults(
      first,
      first.claims.map((c) => ({
        entryId: c.entryId,
        channel: c.channel,
        outcome: 'failed' as const,
        error: 'HTTP 503',
      })),
      now,
    );
    const second = claimDue(failed, new Date(now.getTime() + 5 * 60_000), 'check-2');
    const claimed = second.claims.map((c) => c.entryId);
    for (const left of outbox.slice(MAX_CLAIMS_PER_CHANNEL)) expect(claimed).toContain(left.id);
  });
});

describe('claiming a release under a backlog', () => {
  it('what a hold releases goes out at once, before the retries of its channel', () => {
    const { newer } = twoEvents();
    const held: OutboxEntry = {
      id: 'acme/held-low',
      event: newer,
      createdAt: now.toISOString(),
      deliveries: {
        telegram: { attempts: 0, notBefore: now.toISOString(), heldSince: now.toISOString() },
      },
    };
    const outbox = [...backlog(MAX_CLAIMS_PER_CHANNEL, ['telegram']), held];
    const { claims } = claimDue({ outbox, undeliverable: [] }, now, 'check-1', {
      holds: () => undefined,
      stillTrue: (events) => [...events],
    });
    const released = claims.filter((c) => c.entry.id.includes('/held/'));
    expect(released).toHaveLength(1);
    expect(claims.filter((c) => c.channel === 'telegram')).toHaveLength(MAX_CLAIMS_PER_CHANNEL);
  });
});
