import { captureConsole } from '../support/console-capture';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { ACK_ACCOUNT, acknowledgeSetUp, closeAckServers } from '../support/ack-fixture';
import { clients, createTopicWithQueue, type DeliveredAlert } from '../support/aws';
import { MOTO_INSTALL_HINT } from '../support/moto';
import {
  startApprovedWhatsApp,
  WHATSAPP_PHONE,
  WHATSAPP_WABA,
  whatsappChannel,
} from '../support/whatsapp-fixture';

/**
 * "I'm on it" from WhatsApp, end to end on moto: the real handler sends a CRITICAL as the
 * approved template whose quick-reply button carries the signed payload, a recipient presses
 * it, End User Messaging Social publishes the received message to the account's event topic
 * (here moto's SNS, its delivery read back from a subscribed queue), the event function's
 * handler takes the SNS event and records the acknowledgment in moto's table, and the next
 * checks tell the others, escalate no further and remind no one.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] WhatsApp button tests: ${MOTO_INSTALL_HINT}`);

const AWA = '+221771234567';
const MOUSSA = '+221781112233';
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await closeAckServers();
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The event End User Messaging Social publishes for a quick-reply press (its documented shape). */
function pressEvent(from: string, payload: string, id: string): string {
  const entry = {
    id: '102290129340398',
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '221338001122', phone_number_id: '106540352242922' },
          contacts: [{ profile: { name: 'Profile name, not trusted' }, wa_id: from.slice(1) }],
          messages: [
            {
              context: { from: '221338001122', id: 'wamid.sent' },
              from: from.slice(1),
              id,
              timestamp: '1764956700',
              type: 'button',
              button: { payload, text: "Je m'en occupe" },
            },
          ],
        },
      },
    ],
  };
  return JSON.stringify({
    context: {
      MetaWabaIds: [
        {
          wabaId: '102290129340398',
          arn: `arn:aws:social-messaging:us-east-1:123456789012:waba/${WHATSAPP_WABA.slice(5)}`,
        },
      ],
      MetaPhoneNumberIds: [
        {
          metaPhoneNumberId: '106540352242922',
          arn: `arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/${WHATSAPP_PHONE.slice(16)}`,
        },
      ],
    },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: '123456789012',
    message_timestamp: '2026-12-07T18:05:00.000000000Z',
    messageId: id,
  });
}

const severities = (alerts: readonly DeliveredAlert[]) =>
  alerts.map((a) => a.attributes.severity ?? '?');

describe.skipIf(motoUrl === null)('"I\'m on it" from a WhatsApp button', () => {
  it('press → event topic → acknowledgment recorded → no escalation, no reminder → the others told', async () => {
    const endpoint = motoUrl ?? '';
    const fake = await startApprovedWhatsApp();
    closers.push(() => fake.close());
    const tier = await createTopicWithQueue(endpoint);
    const { monitor, handler, state } = await acknowledgeSetUp(endpoint, sandboxUrl, [20_000], {
      CHANNELS: JSON.stringify([
        whatsappChannel('awa-diop', AWA),
        whatsappChannel('moussa', MOUSSA),
      ]),
      AWS_ENDPOINT_URL_SOCIALMESSAGING: fake.url,
      ACK_WHATSAPP_BUTTONS: 'true',
      ESCALATION: JSON.stringify({
        tiers: [{ name: 'it-oncall', afterMinutes: 15, topicArn: tier.topicArn }],
      }),
    });
    const start = Date.now();
    const at = async <T>(minutes: number, run: () => Promise<T>): Promise<T> => {
      vi.useFakeTimers({ toFake: ['Date'], now: start + minutes * 60_000 });
      try {
        return await run();
      } finally {
        vi.useRealTimers();
      }
    };
    const check = (minutes: number) =>
      at(minutes, async () => {
        const { result } = await monitor.invoke({}, handler);
        expect(result.status, JSON.stringify(result)).toBe('fulfilled');
      });

    await check(0);
    const sent = (to: string) => fake.messages.filter((m) => m.to === to);
    const [toAwa] = sent(AWA);
    expect(toAwa?.template).toBe('dexchange_critical_v2');
    const payload = toAwa?.payload ?? '';
    expect(payload).toMatch(/^1b\d\./);
    // Each number's button is its own: Moussa's payload is another token.
    expect(sent(MOUSSA)[0]?.payload).not.toBe(payload);

    // The stack's event topic; the queue stands in for the function's subscription.
    const topic = await createTopicWithQueue(endpoint);
    const publish = (from: string, data: string, id: string) =>
      clients(endpoint).sns.send(
        new PublishCommand({ TopicArn: topic.topicArn, Message: pressEvent(from, data, id) }),
      );
    // Refused, nothing written: a stranger with Awa's button, Moussa with Awa's button, a
    // forged payload from Awa, and a status event (not a press).
    await publish('+221700000000', payload, 'wamid.1');
    await publish(MOUSSA, payload, 'wamid.2');
    await publish(AWA, `${payload.slice(0, -1)}${payload.endsWith('A') ? 'B' : 'A'}`, 'wamid.3');
    await clients(endpoint).sns.send(
      new PublishCommand({
        TopicArn: topic.topicArn,
        Message: JSON.stringify({
          whatsAppWebhookEntry: JSON.stringify({
            changes: [{ value: { statuses: [{ status: 'delivered' }] } }],
          }),
        }),
      }),
    );
    await publish(AWA, payload, 'wamid.4');
    const events = await topic.delivered();
    expect(events).toHaveLength(5);

    // The function, as Lambda invokes it from its subscription: the environment the stack gives
    // it (infra/whatsapp-buttons.ts); the fixture's names the table (the link key's) and turns the
    // presses on (ACK_WHATSAPP_BUTTONS).
    vi.stubEnv(
      'WHATSAPP_RECIPIENTS',
      JSON.stringify({
        'Another account': [{ name: 'awa-diop', number: MOUSSA }],
        [ACK_ACCOUNT]: [
          { name: 'awa-diop', number: AWA },
          { name: 'moussa', number: MOUSSA },
        ],
      }),
    );
    vi.resetModules();
    const { handler: onEvent } = await import('../../lambda/ack/whatsapp-handler');
    // Every console method: Powertools writes its warnings and errors through console.warn/error.
    const outcomes: string[] = [];
    const handled = await captureConsole(async () => {
      for (const [index, event] of events.entries()) {
        if (index === 4) expect((await state())?.episode?.acknowledgedAt).toBeUndefined();
        const result = await at(5, () =>
          onEvent({ Records: [{ Sns: { Message: event.message } }] }),
        );
        outcomes.push(...result.outcomes);
      }
    });
    if (handled.result.status === 'rejected') throw handled.result.reason;
    const logged = [handled.output];
    expect(handled.output).toContain('"message":"whatsapp presses"');
    expect(outcomes).toEqual(['stranger', 'refused', 'refused', 'taken']);
    expect((await state())?.episode).toMatchObject({
      acknowledgedBy: 'awa-diop',
      acknowledgedLevel: 'CRITICAL',
    });
    // Logs say what happened, never who or the token.
    expect(logged.join('\n')).not.toMatch(/221771234567|awa/);
    expect(logged.join('\n')).not.toContain(payload.slice(-22));

    // A second press changes nothing.
    const again = await at(6, () =>
      onEvent({
        Records: [
          { Sns: { Message: pressEvent(MOUSSA, sent(MOUSSA)[0]?.payload ?? '', 'wamid.5') } },
        ],
      }),
    );
    expect(again.outcomes).toEqual(['already']);
    expect((await state())?.episode?.acknowledgedBy).toBe('awa-diop');

    // The next check tells the others; 15 minutes on, it-oncall is not told; 7 hours on, no
    // reminder.
    await check(10);
    await check(20);
    await check(7 * 60);
    expect(severities(await monitor.delivered())).toEqual(['CRITICAL', 'ACKNOWLEDGED']);
    expect(await tier.delivered()).toEqual([]);
    const told = sent(MOUSSA).at(-1);
    expect(sent(MOUSSA).map((m) => m.template)).toEqual([
      'dexchange_critical_v2',
      'dexchange_acknowledged_v2',
    ]);
    expect(told?.parameters).toContain('awa-diop');
    expect(told?.payload).toBeUndefined();
  }, 60_000);
});
