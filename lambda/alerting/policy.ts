import type { AlertEvent, BalanceStatus, Thresholds } from './types';

/**
 * Deciding what to say about a balance. Pure: the same inputs always give the same answer.
 *
 * This first version compares one reading with the thresholds and announces every low
 * reading; the stateful lifecycle (alert once, remind, recover) grows here next.
 */

export function classifyBalance(balance: number, thresholds: Thresholds): BalanceStatus {
  if (thresholds.critical !== undefined && balance < thresholds.critical) return 'CRITICAL';
  if (balance < thresholds.low) return 'LOW';
  return 'OK';
}

export interface Sample {
  readonly balance: number;
  readonly currency: string;
}

export interface Decision {
  readonly status: BalanceStatus;
  readonly events: readonly AlertEvent[];
}

export function decide(
  sample: Sample,
  thresholds: Thresholds,
  account: string,
  now: Date,
): Decision {
  const status = classifyBalance(sample.balance, thresholds);
  if (status === 'OK') return { status, events: [] };
  const threshold =
    status === 'CRITICAL' && thresholds.critical !== undefined
      ? thresholds.critical
      : thresholds.low;
  return {
    status,
    events: [
      {
        severity: status,
        account,
        at: now.toISOString(),
        balance: sample.balance,
        currency: sample.currency,
        threshold,
      },
    ],
  };
}
