import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { createStateTable as stateTableAdapter } from '../../lambda/stores/dynamodb';
import { closeIncludingSockets } from '../../tools/closable-server';
import { sentNotifications } from '../support/aws';
import { createChannelsFixture, TELEGRAM_CHAT } from '../support/channels-fixture';
import { captureConsole } from '../support/console-capture';
import { MOTO_INSTALL_HINT } from '../support/moto';
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

interface ReadGate {
  readonly url: string;
  /** The first `reads` GetItem answers, as moto gave them, once released. */
  readonly held: { readonly item: boolean }[];
  /** 'together' once all were held and released at once; 'timeout' if they never all came. */
  readonly released: () => 'waiting' | 'together' | 'timeout';
  close(): Promise<void>;
}

/**
 * A proxy in front of moto's DynamoDB that holds the answers of the first `reads` GetItems until
 * moto has answered all of them, then gives them back together: no check can save before every
 * check has read. Everything else passes straight through.
 */
async function startReadGate(upstream: string, reads: number): Promise<ReadGate> {
  const target = new URL(upstream);
  const held: { item: boolean }[] = [];
  const waiting: (() => void)[] = [];
  let gated = 0;
  let released: 'waiting' | 'together' | 'timeout' = 'waiting';
  const releaseAll = (how: 'together' | 'timeout') => {
    if (released !== 'waiting') return;
    released = how;
    for (const send of waiting.splice(0)) send();
  };
  // A check that never reads would otherwise hold the other forever: from the first read, the
  // others have 15 s (the test's 30 s hold both checks), then all go, and the test says so.
  let guard: NodeJS.Timeout | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const gate =
        req.headers['x-amz-target'] === 'DynamoDB_20120810.GetItem' && released === 'waiting'
          ? (gated += 1) <= reads
          : false;
      if (gate) guard ??= setTimeout(() => releaseAll('timeout'), 15_000);
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (!gate) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            held.push({
              item: (JSON.parse(text.toString('utf8')) as { Item?: unknown }).Item !== undefined,
            });
            const send = () => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(text);
            };
            // Late, after the guard let the others go: no longer held.
            if (released !== 'waiting') return send();
            waiting.push(send);
            if (waiting.length === reads) releaseAll('together');
          });
        },
      );
      forwarded.on('error', () => res.destroy());
      forwarded.end(body);
    });
  });
  const closeServer = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    released: () => released,
    async close() {
      clearTimeout(guard);
      releaseAll('timeout');
      await closeServer();
    },
  };
}

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
      // Webhook: one request, valid, one Idempotency-Key.
      expect(channels.webhook.received.map((r) => r.problems)).toEqual([[]]);
      const keys = channels.webhook.received.map((r) => r.headers['idempotency-key']);
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
