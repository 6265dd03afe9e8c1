import { captureConsole, logEntries } from '../support/console-capture';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { emptyState } from '../../lambda/check/update-state';
import { callbackData } from '../../lambda/contract/whatsapp-callback';
import { createStateTable } from '../../lambda/stores/dynamodb';
import { failedStatusEvent } from '../../tools/fake-socialmessaging';
import { ACK_ACCOUNT, acknowledgeSetUp, closeAckServers } from '../support/ack-fixture';
import { clients, createStateTable as createTable, createTopicWithQueue } from '../support/aws';
import { forward, jsonError, startFaultProxy } from '../support/fault-proxy';
import { MOTO_INSTALL_HINT } from '../support/moto';
import { createParkedAlertsQueue } from '../support/parked-queue';
import {
  startApprovedWhatsApp,
  WHATSAPP_PHONE,
  whatsappChannel,
} from '../support/whatsapp-fixture';

/**
 * A WhatsApp alert Meta accepts and then reports failed, end to end on moto: the real check
 * sends a CRITICAL to a number the fake End User Messaging Social knows is not on WhatsApp;
 * the send succeeds, the service publishes the `failed` status (131026) to the account's event
 * topic (moto's SNS, read back from a subscribed queue); the event function's handler parks
 * the delivery in the account's record in moto's table and tells the operator topic (read
 * back from its queue); the same status delivered again changes nothing.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] WhatsApp late failure tests: ${MOTO_INSTALL_HINT}`);

const ABSENT = '+221770000000';
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await closeAckServers();
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe.skipIf(motoUrl === null)('a WhatsApp alert Meta reports failed after accepting it', () => {
  it('send accepted → failed status on the event topic → parked in the record, operators told → a redelivery changes nothing', async () => {
    const endpoint = motoUrl ?? '';
    const fake = await startApprovedWhatsApp();
    closers.push(() => fake.close());
    fake.notOnWhatsApp.add(ABSENT);
    const channel = whatsappChannel('absent', ABSENT);
    const { monitor, handler } = await acknowledgeSetUp(endpoint, sandboxUrl, [20_000], {
      CHANNELS: JSON.stringify([channel]),
      AWS_ENDPOINT_URL_SOCIALMESSAGING: fake.url,
    });
    const store = createStateTable(
      new DynamoDBClient({ endpoint }),
      monitor.tableName,
      ACK_ACCOUNT,
    );
    const record = async () => {
      const saved = (await store.load(new Date())).record;
      if (saved === undefined) throw new Error('the check saved no record');
      return saved;
    };

    const { result } = await monitor.invoke({}, handler);
    expect(result.status, JSON.stringify(result)).toBe('fulfilled');
    // Accepted: a messageId, nothing parked, nothing left to retry.
    expect(fake.messages.map((m) => `${m.template} ${m.to}`)).toEqual([
      `dexchange_critical_v2 ${ABSENT}`,
    ]);
    expect((await record()).undeliverable).toEqual([]);
    expect((await record()).outbox).toEqual([]);

    // End User Messaging Social publishes the failed status to the event topic.
    expect(fake.events).toHaveLength(1);
    const events = await createTopicWithQueue(endpoint);
    await clients(endpoint).sns.send(
      new PublishCommand({ TopicArn: events.topicArn, Message: fake.events[0] }),
    );
    const [published] = await events.delivered();
    if (published === undefined) throw new Error('the event topic delivered nothing');

    // The event function, as Lambda invokes it from its subscription.
    const operators = await createTopicWithQueue(endpoint);
    vi.stubEnv(
      'WHATSAPP_RECIPIENTS',
      JSON.stringify({ [ACK_ACCOUNT]: [{ name: 'absent', number: ABSENT }] }),
    );
    vi.stubEnv('OPERATOR_TOPIC_ARN', operators.topicArn);
    vi.stubEnv('ALERT_LOCALE', 'fr');
    vi.resetModules();
    const { handler: onEvent } = await import('../../lambda/ack/whatsapp-handler');
    // Every console method: Powertools' logger.error writes through console.error.
    const handled = await captureConsole(async () => {
      const first = await onEvent({ Records: [{ Sns: { Message: published.message } }] });
      // SNS delivers at least once: the same status again, twice in one event.
      const again = await onEvent({
        Records: [{ Sns: { Message: published.message } }, { Sns: { Message: published.message } }],
      });
      return { first: first.outcomes, again: again.outcomes };
    });
    if (handled.result.status === 'rejected') throw handled.result.reason;
    expect(handled.result.value).toEqual({
      first: ['late-parked'],
      again: ['late-already', 'late-already'],
    });
    const logged = [handled.output];

    expect((await record()).undeliverable).toEqual([
      expect.objectContaining({
        channel: 'whatsapp:absent',
        severity: 'CRITICAL',
        // Stored language-neutral: Meta's code and title as data.
        error: 'whatsapp-late:131026 Message undeliverable',
      }),
    ]);
    const told = await operators.delivered();
    expect(told).toHaveLength(1);
    expect(told[0]?.attributes).toMatchObject({ account: ACK_ACCOUNT, severity: 'UNDELIVERABLE' });
    // Told in the operators' language (French here): Meta failed it, the monitor gave up on
    // nothing; which number to correct, and where the alert's text is.
    const notice = told[0]?.message ?? '';
    expect(notice).toMatch(/^Meta a accepté une alerte WhatsApp du compte /);
    expect(notice).toContain(
      'canal whatsapp:absent : code Meta 131026 (« Message undeliverable »). Ce numéro ne peut pas recevoir de messages WhatsApp',
    );
    expect(notice).toContain('À faire : corrigez ou retirez le numéro WhatsApp « absent »');
    expect(notice).toContain("Les autres canaux du compte ont reçu l'alerte");
    expect(notice).not.toMatch(/renoncé|reported the message failed|reach them another way/);
    // Sent to the parked-alerts queue as a check sends a parked delivery (SQS's count of
    // messages sent is the alert-given-up alarm), once: the redelivered status queues nothing.
    expect(await monitor.parkedQueue()).toEqual([
      {
        account: ACK_ACCOUNT,
        parked: [expect.objectContaining({ channel: 'whatsapp:absent', severity: 'CRITICAL' })],
      },
    ]);
    // No custom metric for it.
    expect(logged.join('\n')).not.toContain('UndeliverableAlerts');
    // The park is logged (the "errors" query finds it), with nothing personal: not the number.
    expect(logged.join('\n')).toContain('alert undeliverable');
    expect(logged.join('\n')).not.toMatch(/221770000000/);
  }, 60_000);
});

/**
 * The event function's own calls to the state table, through a proxy in front of moto that
 * counts them and can refuse one (test/support/fault-proxy.ts): a record a check saved, one
 * failed status of a WhatsApp alert of it, the parked-alerts queue in moto.
 */
describe.skipIf(motoUrl === null)(
  "the WhatsApp events function's writes to the state table",
  () => {
    const TO = '+221771234567';
    const GET = 'DynamoDB_20120810.GetItem';
    const PUT = 'DynamoDB_20120810.PutItem';

    async function setUp() {
      const endpoint = motoUrl ?? '';
      const tableName = await createTable(endpoint);
      const queue = await createParkedAlertsQueue(endpoint);
      const proxy = await startFaultProxy(endpoint);
      closers.push(() => proxy.close());
      const store = createStateTable(new DynamoDBClient({ endpoint }), tableName, ACK_ACCOUNT);
      const now = new Date();
      await store.save(
        { state: emptyState(now), outbox: [], undeliverable: [] },
        (await store.load(now)).version,
        'a-check',
        now,
      );
      vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', proxy.url);
      vi.stubEnv('STATE_TABLE_NAME', tableName);
      vi.stubEnv('PARKED_ALERTS_QUEUE_URL', queue.queueUrl);
      vi.stubEnv(
        'WHATSAPP_RECIPIENTS',
        JSON.stringify({ [ACK_ACCOUNT]: [{ name: 'caisse', number: TO }] }),
      );
      vi.resetModules();
      const { handler } = await import('../../lambda/ack/whatsapp-handler');
      const at = now.toISOString();
      const callback = callbackData({
        a: ACK_ACCOUNT,
        e: `${ACK_ACCOUNT}/${at}/0/CRITICAL`,
        c: 'whatsapp:caisse',
        s: 'CRITICAL',
        t: at,
      });
      const event = {
        Records: [
          { Sns: { Message: failedStatusEvent(WHATSAPP_PHONE, TO, 'msg-1', callback, 131026) } },
        ],
      };
      const record = async () => (await store.load(new Date())).record;
      return { handler, event, proxy, queue, record };
    }

    it('parked, queued and its mark cleared with one read of the table: the clearing write starts from what the park saved', async () => {
      const { handler, event, proxy, queue, record } = await setUp();
      const { result } = await captureConsole(() => handler(event));
      expect(result).toEqual({ status: 'fulfilled', value: { outcomes: ['late-parked'] } });
      const calls = proxy.calls.map((c) => c.operation);
      // The park's read, the park's write, the write clearing its mark: no read between the two.
      expect(calls).toEqual([GET, PUT, PUT]);
      expect(await queue.received()).toEqual([
        { account: ACK_ACCOUNT, parked: [expect.objectContaining({ channel: 'whatsapp:caisse' })] },
      ]);
      const parked = (await record())?.undeliverable;
      expect(parked).toHaveLength(1);
      expect(parked?.[0]).not.toHaveProperty('queued');
    }, 30_000);

    it('two late failures of one account in one event: still one read, each park starting from the one before, parked or found parked', async () => {
      const { handler, event, proxy, queue, record } = await setUp();
      const at = new Date().toISOString();
      const second = callbackData({
        a: ACK_ACCOUNT,
        e: `${ACK_ACCOUNT}/${at}/1/LOW`,
        c: 'whatsapp:caisse',
        s: 'LOW',
        t: at,
      });
      const both = {
        Records: [
          ...event.Records,
          { Sns: { Message: failedStatusEvent(WHATSAPP_PHONE, TO, 'msg-2', second, 131026) } },
        ],
      };
      const { result } = await captureConsole(() => handler(both));
      expect(result).toEqual({
        status: 'fulfilled',
        value: { outcomes: ['late-parked', 'late-parked'] },
      });
      // One read; the two parks' writes and the one clearing both marks.
      expect(proxy.calls.map((c) => c.operation)).toEqual([GET, PUT, PUT, PUT]);
      expect((await queue.received())[0]?.parked).toHaveLength(2);
      expect((await record())?.undeliverable.map((p) => p.severity).sort()).toEqual([
        'CRITICAL',
        'LOW',
      ]);
      // Delivered again (SNS delivers at least once): both already parked, one read, no write.
      const before = proxy.calls.length;
      const again = await captureConsole(() => handler(both));
      expect(again.result).toEqual({
        status: 'fulfilled',
        value: { outcomes: ['late-already', 'late-already'] },
      });
      expect(proxy.calls.slice(before).map((c) => c.operation)).toEqual([GET]);
    }, 30_000);

    it('the write clearing the mark fails: the line says the next check sends it again, and the mark stays', async () => {
      const { handler, event, proxy, queue, record } = await setUp();
      let puts = 0;
      // The park's write goes through; the clearing write is refused (not retried by the SDK).
      proxy.setRule((call) =>
        call.operation === PUT && ++puts === 2
          ? jsonError(400, 'com.amazonaws.dynamodb.v20120810#AccessDeniedException', 'denied')
          : forward,
      );
      const { result, output } = await captureConsole(() => handler(event));
      // The event is not failed for Lambda to retry: SQS has the park (its alarm counts it).
      expect(result).toEqual({ status: 'fulfilled', value: { outcomes: ['late-parked'] } });
      expect(await queue.received()).toHaveLength(1);
      const line = logEntries(output).find(
        (entry) =>
          entry.message ===
          'alert undeliverable queued, mark not cleared: the next check sends it again',
      );
      expect(line).toMatchObject({
        level: 'WARN',
        account: ACK_ACCOUNT,
        error: expect.stringContaining('AccessDenied') as unknown,
      });
      expect((await record())?.undeliverable).toEqual([
        expect.objectContaining({ channel: 'whatsapp:caisse', queued: false }),
      ]);
    }, 30_000);
  },
);
