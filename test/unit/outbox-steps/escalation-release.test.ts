import { describe, expect, it } from 'vitest';
import type { EscalationNote } from '../../../lambda/alerting/escalation-state';
import { claimDue } from '../../../lambda/delivery/claim-due';
import type { OutboxEntry } from '../../../lambda/delivery/outbox-entry';
import { AT, eventOf, minutesFromNow, NOW } from './fixtures';

/**
 * A tier's escalation held by its quiet hours keeps its note (who was told before) when the
 * hold ends: the released message, one alert on the tier's routed channel, carries it.
 */

const NOTE: EscalationNote = {
  tier: 'it-oncall',
  afterMinutes: 60,
  told: [{ at: minutesFromNow(-300) }],
};

function heldEscalation(severity: 'LOW' | 'FAILING'): OutboxEntry {
  const at = minutesFromNow(-240);
  return {
    id: `acme/${at}/tier-it-oncall/0/${severity}`,
    event: eventOf(severity),
    createdAt: at,
    deliveries: {
      'tier:it-oncall': { attempts: 0, notBefore: at, heldSince: at, heldBy: 'quiet' },
    },
    escalation: NOTE,
  };
}

describe('an escalation released at the end of quiet hours', () => {
  it.each(['LOW', 'FAILING'] as const)('%s: goes out with its note, once', (severity) => {
    const claimed = claimDue({ outbox: [heldEscalation(severity)], undeliverable: [] }, NOW, 'me', {
      holds: () => undefined,
      stillTrue: (events) => [...events],
      routed: () => true,
    });
    expect(claimed.claims).toHaveLength(1);
    const [claim] = claimed.claims;
    expect(claim?.entry.escalation).toEqual(NOTE);
    expect(claim?.entry.createdAt).toBe(AT);
    // A LOW is dated: released as a HELD of it; FAILING as itself.
    expect(claim?.entry.event.severity).toBe(severity === 'LOW' ? 'HELD' : 'FAILING');
  });

  it('an ordinary channel released at the same time carries no note', () => {
    const held = heldEscalation('LOW');
    const plain: OutboxEntry = {
      id: 'acme/x/0/LOW',
      event: held.event,
      createdAt: held.createdAt,
      deliveries: {
        sns: { attempts: 0, notBefore: held.createdAt, heldSince: held.createdAt, heldBy: 'quiet' },
      },
    };
    const claimed = claimDue(
      {
        outbox: [plain, heldEscalation('LOW')],
        undeliverable: [],
      },
      NOW,
      'me',
      { holds: () => undefined, stillTrue: (events) => [...events], routed: () => true },
    );
    const notes = Object.fromEntries(claimed.claims.map((c) => [c.channel, c.entry.escalation]));
    expect(notes).toEqual({ sns: undefined, 'tier:it-oncall': NOTE });
  });
});
