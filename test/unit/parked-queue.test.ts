import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambda/config';
import type { ParkedDelivery } from '../../lambda/delivery/outbox-entry';
import { checkReport, metrics } from '../../lambda/observability';
import { captureConsole } from '../support/console-capture';

/**
 * What a function does with the deliveries it gives up on, before anything else can fail: each
 * logged at once. Their send to the parked-alerts queue, whose count is the alert-given-up
 * alarm, is the check's (run-check.ts, test/unit/queue-marks.test.ts; in moto: the fault
 * matrix, whatsapp-late-failure). A queue that refuses leaves a log line that says the next
 * check sends it again (the park stays marked in the record), and the check goes on.
 */

const parked: ParkedDelivery = {
  id: 'main/2026-12-07T10:00:00.000Z/0/LOW',
  channel: 'webhook:erp',
  severity: 'LOW',
  eventAt: '2026-12-07T10:00:00.000Z',
  parkedAt: '2026-12-07T10:00:05.000Z',
  attempts: 1,
  error: 'the webhook answered 410',
};

describe('parked deliveries', () => {
  it('are logged one by one, with no custom metric', async () => {
    const second = { ...parked, channel: 'sns' };
    const { result, output } = await captureConsole(async () => {
      await checkReport('main').parked([parked, second]);
      const stored = metrics.hasStoredMetrics();
      // Flushed: a metric would print here, in its EMF line.
      metrics.publishStoredMetrics();
      return stored;
    });
    // No custom metric: the queue's own count is the alarm's.
    expect(result).toEqual({ status: 'fulfilled', value: false });
    expect(output.match(/"message": "alert undeliverable"/g)).toHaveLength(2);
    expect(output).toContain('"channel": "webhook:erp"');
    expect(output).not.toContain('UndeliverableAlerts');
  });

  it('none parked: nothing logged', async () => {
    const { output } = await captureConsole(() => Promise.resolve(checkReport('main').parked([])));
    expect(output).toBe('');
  });

  it('a queue that refuses: logged as such (the next check sends it again), with its error', async () => {
    const { result, output } = await captureConsole(() =>
      Promise.resolve(
        checkReport('main').notQueued?.('SQS refused the parked alerts (AccessDenied)'),
      ),
    );
    expect(result.status).toBe('fulfilled');
    expect(output).toContain('alert undeliverable not queued yet: the next check sends it again');
    // A refusal may be for good (a wrong URL, a missing grant): until then, no alarm.
    expect(output).toContain(
      "the alert-given-up alarm is not raised until the queue takes it; check the queue URL and the function's SendMessage grant",
    );
    expect(output).toContain('AccessDenied');
  });

  it('marks the queue took but a write could not clear: logged as such (the next check sends them again)', async () => {
    const { result, output } = await captureConsole(() =>
      Promise.resolve(checkReport('main').marksNotCleared?.('DynamoDB: InternalServerError')),
    );
    expect(result.status).toBe('fulfilled');
    expect(output).toContain(
      'alert undeliverable queued, mark not cleared: the next check sends it again',
    );
    expect(output).toContain('InternalServerError');
  });

  it("the queue's URL comes from PARKED_ALERTS_QUEUE_URL, and anything but an SQS queue URL is refused by name", () => {
    const base = {
      DEXCHANGE_API_KEY_SECRET_ID: 'dexchange/api-key',
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:balance-alerts',
      LOW_BALANCE_THRESHOLD: '100000',
      STATE_TABLE_NAME: 'dexchange-alert-state',
    };
    const url = 'https://sqs.eu-west-3.amazonaws.com/123456789012/Stack-ParkedAlerts1A2B3C';
    expect(loadConfig({ ...base, PARKED_ALERTS_QUEUE_URL: url }).parkedQueueUrl).toBe(url);
    expect(loadConfig(base).parkedQueueUrl).toBeUndefined();
    expect(() =>
      loadConfig({ ...base, PARKED_ALERTS_QUEUE_URL: 'arn:aws:sqs:eu-west-3:123456789012:q' }),
    ).toThrow(/PARKED_ALERTS_QUEUE_URL.*must be the URL of an SQS queue/);
  });
});
