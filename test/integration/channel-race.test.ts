import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createStateTable as stateTableAdapter } from '../../lambda/stores/dynamodb';
import { sentNotifications } from '../support/aws';
import { createChannelsFixture, TELEGRAM_CHAT } from '../support/channels-fixture';
import { captureConsole } from '../support/console-capture';
import { MOTO_INSTALL_HINT } from '../support/moto';
import { startReadGate } from '../support/read-gate';
import { createMonitorFixture } from '../support/monitor-fixture';

/**
 * Issue 13: the race of two containers, per channel. Two cold containers check one account at
 * the same moment, every channel configured (SNS e-mail/SMS, the chat topic, Telegram, a
 * webhook), through the real handler on moto, the sandbox and the local channel servers. Each
 * channel must get the LOW once: the conditional save makes one check the one that delivers.
 *
 * Deterministic: DynamoDB goes through a gate that answers the two checks' reads only once both
 * have been read from moto, so both always judge the same empty state and both always try to
 * save it; one save wins, the other loses the race, re-reads and finds the LOW already claimed.
 * Without the gate, one check could finish before the other starts reading: the same outcome,
 * but no race.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] channel race tests: ${MOTO_INSTALL_HINT}`);
const ACCOUNT = 'Boutique Dakar';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.skipIf(motoUrl === null)('two containers racing on one account, every channel', () => {
  it('each channel gets the LOW once: one SNS publish, one chat publish, one Telegram message, one webhook', async () => {
    const channels = await createChannelsFixture(motoUrl ?? '');
    const gate = await startReadGate(motoUrl ?? '', 2);
    try {
      const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
        account: { balances: [45_000] },
        env: { ...channels.env, AWS_ENDPOINT_URL_DYNAMODB: gate.url },
      });
      const first = await monitor.newContainer();
      const second = await monitor.newContainer();
      const context = { getRemainingTimeInMillis: () => 30_000 };
      const { result, output } = await captureConsole(() =>
        Promise.all([first({}, context), second({}, context)]),
      );
      expect(result.status, JSON.stringify(result)).toBe('fulfilled');
      const summaries = (result as PromiseFulfilledResult<{ events: string[] }[]>).value;

      // The race took place: both read the empty state, and were answered together.
      expect(gate.released()).toBe('together');
      expect(gate.held).toEqual([{ item: false }, { item: false }]);
      expect(await monitor.requests()).toHaveLength(2);
      // One check won the save and delivered; the other lost, re-read and found it claimed.
      expect(output).toContain('"retriedAfterLostRace": true');
      expect(summaries.map((s) => s.events).sort()).toEqual([[], ['LOW']]);

      // E-mail/SMS: one publish on the alert topic, one message in its inbox.
      expect((await monitor.sent()).map((m) => m.attributes.severity)).toEqual(['LOW']);
      expect((await monitor.delivered()).map((d) => d.attributes.severity)).toEqual(['LOW']);
      // Chat: one publish on the chat topic, one notification in its inbox.
      expect(await sentNotifications(motoUrl ?? '', channels.chat.topicArn)).toHaveLength(1);
      const chat = (await channels.chat.delivered()).map(
        (d) => (JSON.parse(d.message) as { metadata: { eventType: string } }).metadata.eventType,
      );
      expect(chat).toEqual(['LOW']);
      // Telegram: one message, to the chat of the deploy config.
      expect(channels.telegram.messages.map((m) => m.chatId)).toEqual([TELEGRAM_CHAT]);
      expect(channels.telegram.messages[0]?.plain).toContain(ACCOUNT);
      expect(channels.telegram.refused).toEqual([]);
      // Webhook: one request, valid, one webhook-id.
      expect(channels.webhook.received.map((r) => r.problems)).toEqual([[]]);
      const keys = channels.webhook.received.map((r) => r.headers['webhook-id']);
      expect(keys).toHaveLength(1);
      expect(channels.webhook.received[0]?.body).toMatchObject({ id: keys[0], severity: 'LOW' });

      // And nothing left to send by a later check: every delivery recorded as done.
      const stored = await stateTableAdapter(
        new DynamoDBClient({
          endpoint: motoUrl ?? '',
          region: 'us-east-1',
          credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
        }),
        monitor.tableName,
        ACCOUNT,
      ).load(new Date());
      expect(stored.record?.outbox).toEqual([]);
      expect(stored.record?.undeliverable).toEqual([]);
      expect(stored.record?.state.episode?.level).toBe('LOW');
    } finally {
      await Promise.all([gate.close(), channels.close()]);
    }
  });
});
