import { describe, expect, it } from 'vitest';
import { enqueue } from '../../../lambda/delivery/enqueue';
import { AT, eventOf, NOW } from './fixtures';

/** A new alert enters the outbox with a delivery for each channel that wants it. */

describe('enqueue', () => {
  it('adds a delivery only for the channels that want the alert, and no entry if none does', () => {
    const low = eventOf('LOW');
    const test = eventOf('TEST');
    const none = { name: 'hook', wants: () => false };
    const routes = [
      { name: 'sns', wants: () => true },
      { name: 'chat', wants: (e: { severity: string }) => e.severity !== 'TEST' },
      none,
    ];
    expect(enqueue([], [low, test], routes, NOW)).toEqual([
      {
        id: `acme/${AT}/0/LOW`,
        event: low,
        createdAt: AT,
        deliveries: { sns: { attempts: 0, notBefore: AT }, chat: { attempts: 0, notBefore: AT } },
      },
      {
        id: `acme/${AT}/1/TEST`,
        event: test,
        createdAt: AT,
        deliveries: { sns: { attempts: 0, notBefore: AT } },
      },
    ]);
    expect(enqueue([], [low], [none], NOW)).toEqual([]);
  });
});
