import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { STACK_NAME } from '../../infra/monitor-app';
import { ACCOUNT, DeployedTemplate, PARTITION, REGION } from '../support/deployed-template';
import { expectDecisions, type SimulationCase } from '../support/iam-simulator';
import { synthesize } from '../support/synth';
import { modelOf } from '../support/template-paths';

/**
 * WhatsApp in the stack: each function's channels carry its group's sending number and
 * recipients, and its role may SendWhatsAppMessage from that number only, read from the
 * synthesized template and proven by the IAM simulation. And what the deploy config refuses.
 */

const STACK_PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';
const DAKAR_PHONE = 'phone-number-id-fedcba9876543210fedcba9876543210';
const config = {
  accounts: [
    { name: 'Thies', lowBalanceThreshold: 50000 },
    {
      name: 'Boutique Dakar',
      lowBalanceThreshold: 100000,
      recipients: {
        alertEmails: ['dakar@example.sn'],
        whatsapp: [
          { name: 'caisse', number: '+221771234567' },
          {
            name: 'gerant',
            number: '+221781234567',
            routing: { minLevel: 'CRITICAL', also: ['FAILING'] },
          },
        ],
        whatsappPhoneNumberId: DAKAR_PHONE,
        whatsappLanguage: 'en',
        whatsappMetaApiVersion: 'v25.0',
      },
    },
    {
      name: 'Saint-Louis',
      lowBalanceThreshold: 20000,
      recipients: { alertEmails: ['stl@example.sn'] },
    },
  ],
  alertEmails: ['ops@example.sn'],
  whatsapp: [{ name: 'finance', number: '+221761234567' }],
  whatsappPhoneNumberId: STACK_PHONE,
};

const synthesized = synthesize(config);
const t = new DeployedTemplate(
  synthesized.template.toJSON() as { Resources: Record<string, never> },
  STACK_NAME,
);
const { functionOf: fn } = modelOf(t);
const phoneArn = (id: string) =>
  `arn:${PARTITION}:social-messaging:${REGION}:${ACCOUNT}:phone-number-id/${id}`;
const hexOf = (id: string) => id.replace(/^phone-number-id-/, '');

describe('WhatsApp in the stack', () => {
  it("each function's WhatsApp channels are its group's: its number, its recipients, its language", () => {
    expect(fn('Thies').channels).toEqual([
      expect.objectContaining({
        kind: 'whatsapp',
        name: 'finance',
        phoneNumberId: STACK_PHONE,
        to: '+221761234567',
      }),
    ]);
    expect(fn('Thies').channels[0]).not.toHaveProperty('language');
    // No version given: the function sends with the pinned one (lambda/contract/meta-api-version.ts).
    expect(fn('Thies').channels[0]).not.toHaveProperty('metaApiVersion');
    expect(fn('Boutique Dakar').channels).toEqual([
      expect.objectContaining({
        name: 'caisse',
        phoneNumberId: DAKAR_PHONE,
        language: 'en',
        metaApiVersion: 'v25.0',
      }),
      expect.objectContaining({
        name: 'gerant',
        to: '+221781234567',
        route: { minLevel: 'CRITICAL', also: ['FAILING'] },
      }),
    ]);
    expect(fn('Saint-Louis').channels).toEqual([]);
  });

  it('the IAM simulation: each function sends from its own number only, and no function of a group without WhatsApp sends at all', async () => {
    const send = (account: string, phone: string, expected: SimulationCase['expected']) =>
      [phoneArn(hexOf(phone)), phoneArn(phone)].map((resource): SimulationCase => ({
        label: `${account} sends from ${resource}`,
        expected,
        request: {
          principal: fn(account).roleArn,
          action: 'social-messaging:SendWhatsAppMessage',
          resource,
          identityPolicies: fn(account).identity,
        },
      }));
    const other = 'phone-number-id-00000000000000000000000000000000';
    await expectDecisions([
      ...send('Thies', STACK_PHONE, 'Allowed'),
      ...send('Thies', DAKAR_PHONE, 'ImplicitlyDenied'),
      ...send('Thies', other, 'ImplicitlyDenied'),
      ...send('Boutique Dakar', DAKAR_PHONE, 'Allowed'),
      ...send('Boutique Dakar', STACK_PHONE, 'ImplicitlyDenied'),
      ...send('Saint-Louis', STACK_PHONE, 'ImplicitlyDenied'),
      ...send('Saint-Louis', DAKAR_PHONE, 'ImplicitlyDenied'),
      // Nothing else of the service: not the templates, not another account's number.
      {
        label: 'Thies cannot create templates',
        expected: 'ImplicitlyDenied',
        request: {
          principal: fn('Thies').roleArn,
          action: 'social-messaging:CreateWhatsAppMessageTemplate',
          resource: '*',
          identityPolicies: fn('Thies').identity,
        },
      },
      {
        label: 'Thies cannot send from the same number id in another account',
        expected: 'ImplicitlyDenied',
        request: {
          principal: fn('Thies').roleArn,
          action: 'social-messaging:SendWhatsAppMessage',
          resource: `arn:${PARTITION}:social-messaging:${REGION}:222222222222:phone-number-id/${hexOf(STACK_PHONE)}`,
          resourceAccount: '222222222222',
          identityPolicies: fn('Thies').identity,
        },
      },
    ]);
  });
});

describe('the deploy config refuses', () => {
  const base = { accounts: [{ name: 'main', lowBalanceThreshold: 1000 }], alertEmails: ['a@b.sn'] };
  it.each([
    [
      'WhatsApp recipients without the sending number',
      { whatsapp: [{ name: 'caisse', number: '+221771234567' }] },
      /whatsappPhoneNumberId: is required with whatsapp recipients/,
    ],
    [
      'a number not in E.164',
      { whatsapp: [{ name: 'caisse', number: '771234567' }], whatsappPhoneNumberId: STACK_PHONE },
      /whatsapp\.0\.number: must be an E\.164 phone number/,
    ],
    [
      'a phone number id that is not one',
      {
        whatsapp: [{ name: 'caisse', number: '+221771234567' }],
        whatsappPhoneNumberId: '+221771234567',
      },
      /whatsappPhoneNumberId: must be the phone number id/,
    ],
    [
      'a Graph API version not written vNN.N',
      {
        whatsapp: [{ name: 'caisse', number: '+221771234567' }],
        whatsappPhoneNumberId: STACK_PHONE,
        whatsappMetaApiVersion: '23',
      },
      /whatsappMetaApiVersion: must be a Graph API version such as v23\.0/,
    ],
    [
      'a Graph API version Meta no longer serves (v20.0 ended on 24 September 2026)',
      {
        whatsapp: [{ name: 'caisse', number: '+221771234567' }],
        whatsappPhoneNumberId: STACK_PHONE,
        whatsappMetaApiVersion: 'v20.0',
      },
      /whatsappMetaApiVersion: v20\.0 is no longer served by Meta \(since 2026-09-24\)/,
    ],
    [
      'a Graph API version older than any Meta lists',
      {
        whatsapp: [{ name: 'caisse', number: '+221771234567' }],
        whatsappPhoneNumberId: STACK_PHONE,
        whatsappMetaApiVersion: 'v17.0',
      },
      /whatsappMetaApiVersion: v17\.0 is older than any version Meta still serves/,
    ],
    [
      'one number listed twice',
      {
        whatsapp: [
          { name: 'caisse', number: '+221771234567' },
          { name: 'caisse2', number: '+221771234567' },
        ],
        whatsappPhoneNumberId: STACK_PHONE,
      },
      /WhatsApp \+221771234567 .* is listed twice/,
    ],
  ])('%s', (_, override, message) => {
    expect(() => parseDeployConfig({ ...base, ...override })).toThrow(message);
  });
});
