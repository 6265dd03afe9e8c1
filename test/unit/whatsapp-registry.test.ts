import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lambda/alerting/types';
import { createChannels } from '../../lambda/channels/registry';
import { channelListSchema } from '../../lambda/contract/channels';
import { sampleEvents } from '../support/sample-events';

/**
 * The `CHANNELS` entry of a WhatsApp number, as the stack writes it, becomes a channel that
 * sends the approved template from the configured number, in the channel's language when the
 * deploy config sets one (the account's otherwise). The client is a recorder of what the SDK is
 * asked to send; test/integration/whatsapp.test.ts reads the wire, on the fake endpoint.
 */

const PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';

function build(language?: 'fr' | 'en') {
  const sent: { originationPhoneNumberId?: string; message?: Uint8Array }[] = [];
  const client = {
    send: (command: { input: (typeof sent)[number] }) => {
      sent.push(command.input);
      return Promise.resolve({ messageId: 'm-1' });
    },
  } as unknown as SocialMessagingClient;
  const specs = channelListSchema.parse([
    {
      kind: 'whatsapp',
      name: 'caisse',
      phoneNumberId: PHONE,
      to: '+221771234567',
      route: { minLevel: 'LOW', also: [] },
      ...(language === undefined ? {} : { language }),
    },
  ]);
  const [channel] = createChannels(specs, {
    sns: new SNSClient({}),
    secrets: new SecretsManagerClient({}),
    locale: 'en',
    render: { timeZone: 'Africa/Dakar' },
    timeoutMs: 1000,
    secretCacheSeconds: 60,
    telegram: { apiUrl: 'https://api.telegram.org', tokenSecretId: undefined },
    sms: {},
    socialMessaging: client,
  });
  if (channel === undefined) throw new Error('no channel');
  return { channel, sent };
}

const low = sampleEvents('Boutique Dakar').find((e) => e.severity === 'LOW') as AlertEvent;
const entry = { id: 'e-1', event: low, createdAt: low.at, deliveries: {} };
const messageOf = (bytes: Uint8Array | undefined) =>
  JSON.parse(new TextDecoder().decode(bytes)) as {
    to: string;
    type: string;
    template: { name: string; language: { code: string } };
  };

describe('a WhatsApp channel from CHANNELS', () => {
  it('is keyed whatsapp:NAME and sends the template from the configured number', async () => {
    const { channel, sent } = build();
    expect(channel.name).toBe('whatsapp:caisse');
    await channel.deliver(entry);
    expect(sent[0]?.originationPhoneNumberId).toBe(PHONE);
    expect(messageOf(sent[0]?.message)).toMatchObject({
      to: '+221771234567',
      type: 'template',
      template: { name: 'dexchange_low_v2', language: { code: 'en' } },
    });
  });

  it("speaks the channel's language over the account's", async () => {
    const { channel, sent } = build('fr');
    await channel.deliver(entry);
    expect(messageOf(sent[0]?.message).template.language.code).toBe('fr');
  });

  it('takes only what its route lets through', () => {
    const { channel } = build();
    expect(channel.wants(low)).toBe(true);
    expect(channel.wants({ severity: 'TEST', account: 'x', at: low.at })).toBe(false);
  });
});
