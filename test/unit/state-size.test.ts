import { BASE_SETTINGS } from '../support/sample-events';
import { describe, expect, it } from 'vitest';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import { enqueue } from '../../lambda/delivery/enqueue';
import { MAX_UNDELIVERABLE } from '../../lambda/delivery/limits';
import { healRecord, type StoredRecord } from '../../lambda/stores/record';

/**
 * The state item at its fullest: a full 48 h history of 12-digit balances with cents, an open
 * episode, a failure episode with the longest reason, a stale episode, and an outbox of alerts.
 * DynamoDB's limit is 400 KB; writes are billed per started KB.
 */

const settings: PolicySettings = {
  ...BASE_SETTINGS,
  thresholds: { low: 9_000_000_000, critical: 1_000_000_000 },
  staleAfterMinutes: 10,
};

describe('the state item', () => {
  it('stays well under DynamoDB’s 400 KB at its fullest', () => {
    let state: AlertState | undefined;
    const start = Date.parse('2026-12-01T00:00:00Z');
    // 3 days of checks: the history keeps 48 h of them.
    for (let i = 0; i < 3 * 288; i += 1) {
      const now = new Date(start + i * 5 * 60_000);
      const balance = 8_999_999_999.99 - i * 1_000_003.37;
      state = evaluate(
        state,
        { kind: 'sample', balance, currency: 'XOF', lastUpdate: '2026-11-01T00:00:00Z' },
        settings,
        now,
        'W'.repeat(32),
      ).state;
    }
    const failure = {
      kind: 'unavailable',
      status: 503,
      reason: `the API failed (503): ${'x'.repeat(200)} (after 3 attempts)`,
    } as const;
    const failed = evaluate(
      state,
      { kind: 'failure', failure },
      settings,
      new Date(start + 3 * 288 * 5 * 60_000),
      'W'.repeat(32),
    );
    const events = [
      ...failed.events,
      {
        severity: 'FAILING',
        account: 'W'.repeat(32),
        at: failed.state.lastCheckAt,
        failure,
        failedChecks: 100,
        since: failed.state.lastCheckAt,
      } as const,
      {
        severity: 'RECOVERED',
        account: 'W'.repeat(32),
        at: failed.state.lastCheckAt,
        since: failed.state.lastCheckAt,
        balance: 1,
        currency: 'XOF',
        threshold: 1,
        peak: 'CRITICAL',
      } as const,
      {
        severity: 'STALE',
        account: 'W'.repeat(32),
        at: failed.state.lastCheckAt,
        lastUpdate: failed.state.lastCheckAt,
        balance: 1,
        currency: 'XOF',
        staleAfterMinutes: 4320,
      } as const,
    ];
    const now = new Date(failed.state.lastCheckAt);
    const channels = ['sns', 'webhook', 'telegram'].map((name) => ({ name, wants: () => true }));
    const record: StoredRecord = {
      schema: 2,
      state: failed.state,
      outbox: enqueue([], events, channels, now),
      undeliverable: Array.from({ length: MAX_UNDELIVERABLE }, (_, i) => ({
        id: `${'W'.repeat(32)}/${failed.state.lastCheckAt}/${i}/CRITICAL`,
        channel: 'webhook',
        severity: 'CRITICAL',
        eventAt: failed.state.lastCheckAt,
        parkedAt: failed.state.lastCheckAt,
        attempts: 12,
        error: `still failing after 360 minutes: ${'e'.repeat(200)}`,
      })),
    };
    const healed = healRecord(JSON.parse(JSON.stringify(record)), now);
    expect(healed.problems).toEqual([]);
    expect(healed.record).toEqual(record);
    const points = (record.state.history?.points.length ?? 0) / 2;
    const stateBytes = Buffer.byteLength(JSON.stringify({ state: record.state }));
    const itemBytes =
      Buffer.byteLength(JSON.stringify(record)) +
      'account'.length +
      32 +
      'version'.length +
      10 +
      'updatedAt'.length +
      24;
    console.info(
      `state item at its fullest: ${points} history points, state ${stateBytes} bytes; with 4 events for 3 channels in the outbox and ${MAX_UNDELIVERABLE} undeliverable records, ${itemBytes} bytes`,
    );
    expect(points).toBeLessThanOrEqual(600);
    expect(points).toBeGreaterThanOrEqual(576);
    expect(itemBytes).toBeLessThan(60 * 1024);
  });
});
