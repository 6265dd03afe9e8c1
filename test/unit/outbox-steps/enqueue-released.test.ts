import { describe, expect, it } from 'vitest';
import type { ClaimOptions } from '../../../lambda/delivery/claim-pass';
import { enqueueReleased } from '../../../lambda/delivery/steps/enqueue-released';
import { AT, BALANCE_EPISODE, contextOf, eventOf, passOf } from './fixtures';

const latest = { balance: 80_000, currency: 'XOF', at: AT };
// Functions, not constants: the sample events are made in a test, never at load (fixtures.ts).
const low = () => eventOf('LOW');
const failing = () => eventOf('FAILING');
const recovered = () => eventOf('RECOVERED');
const judged = (options: ClaimOptions = {}): ClaimOptions => ({
  stillTrue: (events) => events.filter((e) => e.severity !== 'RECOVERED'),
  latest,
  ...options,
});

describe('enqueueReleased', () => {
  it('sends what is still true of a channel group as one HELD, due now, and records it', () => {
    const pass = enqueueReleased(
      passOf([], {
        released: new Map([['chat', { events: [low(), recovered(), failing()], reason: 'quiet' }]]),
      }),
      contextOf(judged()),
    );
    expect(pass.releasedEntries).toEqual([
      {
        id: `acme/${AT}/held/chat`,
        event: {
          severity: 'HELD',
          account: 'acme',
          at: AT,
          reason: 'quiet',
          events: [low(), failing()],
          latest,
        },
        createdAt: AT,
        deliveries: { chat: { attempts: 0, notBefore: AT } },
      },
    ]);
    expect(pass.releases).toEqual([
      { channel: 'chat', episode: BALANCE_EPISODE, at: AT },
      { channel: 'chat', episode: 'f:2026-12-02T06:30:00.000Z', at: AT },
    ]);
    expect(pass.released.size).toBe(0);
  });

  it('sends each alert alone on a routed channel, with its own id', () => {
    const pass = enqueueReleased(
      passOf([], {
        released: new Map([['sns', { events: [low(), failing()], reason: 'silence' }]]),
      }),
      contextOf(judged({ routed: (channel) => channel === 'sns' })),
    );
    expect(pass.releasedEntries.map((e) => [e.id, e.event.severity])).toEqual([
      [`acme/${AT}/held/sns`, 'HELD'],
      [`acme/${AT}/held/sns/1`, 'FAILING'],
    ]);
  });

  it('sends nothing, and records no release, when nothing is still true', () => {
    const pass = enqueueReleased(
      passOf([], { released: new Map([['chat', { events: [recovered()], reason: 'quiet' }]]) }),
      contextOf(judged()),
    );
    expect(pass.releasedEntries).toEqual([]);
    expect(pass.releases).toEqual([]);
  });

  it('sends nothing without a judge of what is still true', () => {
    const pass = enqueueReleased(
      passOf([], { released: new Map([['chat', { events: [low()], reason: 'quiet' }]]) }),
      contextOf({}),
    );
    expect(pass.releasedEntries).toEqual([]);
    expect(pass.releases).toEqual([]);
  });

  it('records a release only for an alert of an episode (a digest belongs to none)', () => {
    const pass = enqueueReleased(
      passOf([], {
        released: new Map([['chat', { events: [eventOf('DIGEST')], reason: 'quiet' }]]),
      }),
      contextOf(judged()),
    );
    expect(pass.releasedEntries.map((e) => e.event.severity)).toEqual(['DIGEST']);
    expect(pass.releases).toEqual([]);
  });
});
