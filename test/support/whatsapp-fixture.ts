import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { vi } from 'vitest';
import { createStateTable } from '../../lambda/stores/dynamodb';
import {
  startFakeSocialMessaging,
  type FakeSocialMessaging,
} from '../../tools/fake-socialmessaging';
import { syncTemplates } from '../../tools/whatsapp-templates';
import { createMonitorFixture } from './monitor-fixture';

/**
 * A monitor whose channels are e-mail/SMS (SNS) and one WhatsApp number, through the fake End
 * User Messaging Social (tools/fake-socialmessaging.ts) with every template created and
 * approved: the LOW of a 45,000 balance, then, 5 minutes on, a second check after `between`.
 * For the fault matrix's WhatsApp rows.
 */

export const WHATSAPP_PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';
export const WHATSAPP_TO = '+221771234567';
export const WHATSAPP_WABA = 'waba-0123456789abcdef0123456789abcdef';

/**
 * The fake End User Messaging Social with the fixture's number, every template created by
 * `npm run whatsapp-templates`' own code and approved: what a check can send through at once.
 */
export async function startApprovedWhatsApp(): Promise<FakeSocialMessaging> {
  const fake = await startFakeSocialMessaging({
    phoneNumberIds: [WHATSAPP_PHONE],
    wabaId: WHATSAPP_WABA,
    newTemplateStatus: 'APPROVED',
  });
  try {
    await syncTemplates(new SocialMessagingClient({ endpoint: fake.url }), WHATSAPP_WABA);
  } catch (error) {
    await fake.close();
    throw error;
  }
  return fake;
}

/** A WhatsApp channel's spec (the CHANNELS entry) from the fixture's number to `to`, every alert. */
export const whatsappChannel = (name: string, to: string) => ({
  kind: 'whatsapp',
  name,
  phoneNumberId: WHATSAPP_PHONE,
  to,
  route: { minLevel: 'LOW', also: [] },
});

export async function whatsappScenario(
  motoUrl: string,
  sandboxUrl: string,
  options: {
    readonly before?: (fake: FakeSocialMessaging) => void;
    readonly between?: (fake: FakeSocialMessaging) => void;
  } = {},
) {
  const fake = await startApprovedWhatsApp();
  try {
    const channels = [whatsappChannel('caisse', WHATSAPP_TO)];
    const monitor = await createMonitorFixture(motoUrl, sandboxUrl, {
      account: { balances: [45_000] },
      env: { CHANNELS: JSON.stringify(channels), AWS_ENDPOINT_URL_SOCIALMESSAGING: fake.url },
    });
    const store = createStateTable(
      new DynamoDBClient({ endpoint: motoUrl }),
      monitor.tableName,
      'Boutique Dakar',
    );
    const handler = await monitor.newContainer();
    options.before?.(fake);
    const first = await monitor.invoke({}, handler);
    const afterFirst = (await store.load(new Date())).record;
    options.between?.(fake);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60_000 });
    let second: Awaited<ReturnType<typeof monitor.invoke>>;
    try {
      second = await monitor.invoke({}, handler);
    } finally {
      vi.useRealTimers();
    }
    const afterSecond = (await store.load(new Date())).record;
    return {
      apiKey: monitor.apiKey,
      first,
      second,
      afterFirst,
      afterSecond,
      sns: (await monitor.sent()).map((m) => m.attributes.severity),
      /** What the check sent to the parked-alerts queue (its alarm's count). */
      parked: await monitor.parkedQueue(),
      messages: [...fake.messages],
      refused: [...fake.refused],
      /** What the service published to the event destination (failed statuses). */
      events: [...fake.events],
      /** The account's record in moto's table, for the event function to write to. */
      store,
    };
  } finally {
    await fake.close();
  }
}
