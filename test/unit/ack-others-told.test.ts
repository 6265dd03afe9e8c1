import { describe, expect, it } from 'vitest';
import { othersTold } from '../../lambda/ack/others-told';
import type { AlertState, Silence } from '../../lambda/alerting/state';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { SCENE_NOW, sceneState } from '../../tools/ack-page-scene';

/**
 * When the acknowledge page says the others hear "X is on it": the next check, unless the
 * outbox's own rules hold the ACKNOWLEDGED there. The scene's checks run every 5 minutes from
 * 14:45; the page is opened at 14:48, so the next check is at 14:50.
 */

const SINCE = sceneState().episode?.since ?? '';
const taken = (state: AlertState = sceneState()): AlertState => ({
  ...state,
  episode: {
    since: SINCE,
    level: 'LOW',
    lastAlertAt: SINCE,
    acknowledgedAt: SCENE_NOW.toISOString(),
    acknowledgedBy: 'Awa',
    acknowledgedLevel: 'LOW',
    ackAnnounced: false,
  },
});
const silence = (from: string, until: string, severities?: string[]): Silence => ({
  id: `s-${from}`,
  from,
  until,
  ...(severities === undefined ? {} : { severities }),
});
const capHeld = (heldSince: string): OutboxEntry => ({
  id: 'e1',
  createdAt: heldSince,
  event: {
    severity: 'LOW',
    account: 'Boutique Dakar',
    at: heldSince,
    since: heldSince,
    threshold: 50_000,
    recovery: 52_500,
    balance: 48_000,
    currency: 'XOF',
    topUp: { toRecover: 4500 },
  },
  deliveries: {
    'telegram:finance': { attempts: 0, notBefore: heldSince, heldSince, heldBy: 'cap' },
  },
});

describe('when the others hear that someone is on it', () => {
  it('at the next check when nothing holds it', () => {
    expect(othersTold(taken(), [], 'LOW', SCENE_NOW)).toEqual({ at: '2026-12-07T14:50:00.000Z' });
  });

  it('nothing once the check has announced it', () => {
    const { episode, ...rest } = taken();
    const announced: AlertState = {
      ...rest,
      ...(episode === undefined ? {} : { episode: { ...episode, ackAnnounced: true } }),
    };
    expect(othersTold(announced, [], 'LOW', SCENE_NOW)).toBeUndefined();
  });

  it('at the first check after a silence that holds it, through silences that follow one another', () => {
    const state = taken({
      ...sceneState(),
      silences: [
        silence('2026-12-07T14:00:00.000Z', '2026-12-07T16:00:00.000Z'),
        silence('2026-12-07T15:30:00.000Z', '2026-12-07T18:02:00.000Z', ['LOW']),
      ],
    });
    expect(othersTold(state, [], 'LOW', SCENE_NOW)).toEqual({
      at: '2026-12-07T18:05:00.000Z',
      silencedUntil: '2026-12-07T18:02:00.000Z',
    });
  });

  it('a check exactly at the silence end tells them (the silence holds up to, not at, its end)', () => {
    const state = taken({
      ...sceneState(),
      silences: [silence('2026-12-07T14:00:00.000Z', '2026-12-07T16:00:00.000Z')],
    });
    expect(othersTold(state, [], 'LOW', SCENE_NOW)?.at).toBe('2026-12-07T16:00:00.000Z');
  });

  it('a silence of other severities, or one not yet begun at the next check, holds nothing', () => {
    const state = taken({
      ...sceneState(),
      silences: [
        silence('2026-12-07T14:00:00.000Z', '2026-12-07T16:00:00.000Z', ['CRITICAL', 'FAILING']),
        silence('2026-12-07T14:51:00.000Z', '2026-12-07T16:00:00.000Z'),
      ],
    });
    expect(othersTold(state, [], 'LOW', SCENE_NOW)).toEqual({ at: '2026-12-07T14:50:00.000Z' });
  });

  it('after the hour on channels the cap held an alert on in that hour; an older hold says nothing', () => {
    expect(othersTold(taken(), [capHeld('2026-12-07T14:20:00.000Z')], 'LOW', SCENE_NOW)).toEqual({
      at: '2026-12-07T14:50:00.000Z',
      capEnds: '2026-12-07T15:00:00.000Z',
    });
    expect(othersTold(taken(), [capHeld('2026-12-07T13:50:00.000Z')], 'LOW', SCENE_NOW)).toEqual({
      at: '2026-12-07T14:50:00.000Z',
    });
  });

  it('a silence wins over the cap: what it releases is never capped', () => {
    const state = taken({
      ...sceneState(),
      silences: [silence('2026-12-07T14:00:00.000Z', '2026-12-07T15:10:00.000Z')],
    });
    expect(othersTold(state, [capHeld('2026-12-07T14:20:00.000Z')], 'LOW', SCENE_NOW)).toEqual({
      at: '2026-12-07T15:10:00.000Z',
      silencedUntil: '2026-12-07T15:10:00.000Z',
    });
  });
});
