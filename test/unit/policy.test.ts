import { describe, expect, it } from 'vitest';
import { classifyBalance, decide } from '../../lambda/alerting/policy';

const thresholds = { low: 100_000, critical: 25_000 };
const now = new Date('2026-11-28T10:05:00Z');

describe('the threshold decision', () => {
  it.each([
    [250_000, 'OK'],
    [100_000, 'OK'],
    [99_999.5, 'LOW'],
    [25_000, 'LOW'],
    [24_999, 'CRITICAL'],
    [0, 'CRITICAL'],
    [-1, 'CRITICAL'],
  ] as const)('%d is %s', (balance, status) => {
    expect(classifyBalance(balance, thresholds)).toBe(status);
  });

  it('without a critical threshold, nothing is critical', () => {
    expect(classifyBalance(-5, { low: 10, critical: undefined })).toBe('LOW');
  });

  it('a low balance gives one event about the threshold it crossed', () => {
    expect(decide({ balance: 10_000, currency: 'XOF' }, thresholds, 'main', now)).toEqual({
      status: 'CRITICAL',
      events: [
        {
          severity: 'CRITICAL',
          account: 'main',
          at: '2026-11-28T10:05:00.000Z',
          balance: 10_000,
          currency: 'XOF',
          threshold: 25_000,
        },
      ],
    });
    expect(
      decide({ balance: 50_000, currency: 'XOF' }, thresholds, 'main', now).events[0],
    ).toMatchObject({
      severity: 'LOW',
      threshold: 100_000,
    });
    expect(decide({ balance: 150_000, currency: 'XOF' }, thresholds, 'main', now).events).toEqual(
      [],
    );
  });
});
