import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lambda/alerting/types';
import { createWhatsAppChannel } from '../../lambda/channels/whatsapp';
import { META_API_VERSION } from '../../lambda/contract/meta-api-version';
import { handleLateFailures } from '../../lambda/ack/whatsapp-handler';
import { failedStatuses } from '../../lambda/ack/whatsapp-status';
import { runCheck, type ParkedNotice } from '../../lambda/check/run-check';
import { DeliveryError, type Notifier } from '../../lambda/delivery/channel-port';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { WHATSAPP_TEMPLATE_KINDS } from '../../lambda/messages/whatsapp/kinds';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import {
  startFakeSocialMessaging,
  type FakeSocialMessaging,
} from '../../tools/fake-socialmessaging';
import {
  approvalExitCode,
  NOT_APPROVED_EXIT_CODE,
  supersededTemplates,
  syncTemplates,
} from '../../tools/whatsapp-templates';
import { BASE_SETTINGS, sampleEvents } from '../support/sample-events';

/**
 * The WhatsApp channel through the SDK, pointed at the fake End User Messaging Social by
 * AWS_ENDPOINT_URL_SOCIALMESSAGING as the function would be: the templates created by
 * `npm run whatsapp-templates`, each alert sent as its approved template in the recipient's
 * language, and every refusal classified: for good (parked, the operators told, the other
 * channels delivered) or to wait (retried).
 */

const PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';
const WABA = 'waba-0123456789abcdef0123456789abcdef';
const TO = '+221771234567';
const RENDER = { timeZone: 'Africa/Dakar' };
const EVERYTHING = { minLevel: 'LOW' as const, also: [] };

let fake: FakeSocialMessaging;
let client: SocialMessagingClient;
const previous = process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING;

beforeAll(async () => {
  fake = await startFakeSocialMessaging({ phoneNumberIds: [PHONE], wabaId: WABA });
  process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING = fake.url;
  // No endpoint given: the SDK takes the service's own variable, as the function's client does.
  client = new SocialMessagingClient({ maxAttempts: 1 });
});
afterAll(async () => {
  if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING;
  else process.env.AWS_ENDPOINT_URL_SOCIALMESSAGING = previous;
  await fake.close();
});

const whatsapp = (
  options: { to?: string; phoneNumberId?: string; locale?: 'fr' | 'en'; version?: string } = {},
) =>
  createWhatsAppChannel({
    name: 'whatsapp:caisse',
    route: EVERYTHING,
    locale: options.locale ?? 'fr',
    render: RENDER,
    client,
    phoneNumberId: options.phoneNumberId ?? PHONE,
    to: options.to ?? TO,
    metaApiVersion: options.version ?? META_API_VERSION,
  });

const events = sampleEvents('Boutique Dakar');
const low = events.find((e) => e.severity === 'LOW') as AlertEvent;
const entryOf = (event: AlertEvent): OutboxEntry => ({
  id: `e-${event.severity}`,
  event,
  createdAt: event.at,
  deliveries: {},
});

async function failure(promise: Promise<void>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('delivered, where a failure was expected');
}

describe('npm run whatsapp-templates', () => {
  it('creates every missing template, then only prints their status', async () => {
    const first = await syncTemplates(client, WABA);
    expect(first).toHaveLength(WHATSAPP_TEMPLATE_KINDS.length * 2);
    expect(first.every((s) => s.created && s.status === 'PENDING')).toBe(true);
    // Not deployable yet: the tool exits non-zero, so "... && cdk deploy" stops there.
    expect(approvalExitCode(first)).toBe(NOT_APPROVED_EXIT_CODE);
    expect(new Set(fake.templates.map((t) => t.category))).toEqual(new Set(['UTILITY']));
    // One template paused by Meta, one deleted: the next run creates only the deleted one.
    fake.templates.splice(
      fake.templates.findIndex((t) => t.name === 'dexchange_test_v2' && t.language === 'en'),
      1,
    );
    const second = await syncTemplates(client, WABA);
    expect(second.filter((s) => s.created).map((s) => `${s.name}/${s.language}`)).toEqual([
      'dexchange_test_v2/en',
    ]);
    for (const template of fake.templates) template.status = 'APPROVED';
    expect(approvalExitCode(await syncTemplates(client, WABA))).toBe(0);
  });

  it('names the templates of an earlier version of the words, which nothing sends any more', () => {
    expect(
      supersededTemplates([
        'dexchange_low/fr',
        'dexchange_low_v2/fr',
        'dexchange_critical/en',
        'boutique_promo/fr',
      ]),
    ).toEqual(['dexchange_low/fr', 'dexchange_critical/en']);
  });
});

describe('the WhatsApp channel', () => {
  it('sends each kind of alert as its approved template, in French, to the E.164 number', async () => {
    const before = fake.messages.length;
    for (const event of events) await whatsapp().deliver(entryOf(event));
    const sent = fake.messages.slice(before);
    expect(sent).toHaveLength(events.length);
    expect(sent.every((m) => m.to === TO && m.language === 'fr' && m.phoneNumberId === PHONE)).toBe(
      true,
    );
    const lowMessage = sent.find((m) => m.template === 'dexchange_low_v2');
    expect(lowMessage?.text).toMatch(
      /^Alerte solde bas sur le compte DEXCHANGE Boutique Dakar\. Solde : .*F\sCFA, sous le seuil bas de 100\s000\sF\sCFA \(solde lu le 1er déc\. à/,
    );
    expect(lowMessage?.text).toMatch(/Rechargez au moins .+ pour clore l'alerte/);
  });

  it('in English where the channel says so', async () => {
    await whatsapp({ locale: 'en' }).deliver(entryOf(low));
    expect(fake.messages.at(-1)).toMatchObject({ template: 'dexchange_low_v2', language: 'en' });
    expect(fake.messages.at(-1)?.text).toMatch(
      /^Low balance alert on the DEXCHANGE account Boutique Dakar\. Balance: XOF/,
    );
  });

  it.each([
    ['throttled', false, 'ThrottledRequestException' as const],
    ['a service error', false, 'InternalServiceException' as const],
    ["Meta's rate limit (130429)", false, { meta: 130429, message: 'Rate limit hit' }],
    ['a pair rate limit (131056)', false, { meta: 131056, message: 'pair rate limit hit' }],
    [
      'a recipient not on WhatsApp (131026)',
      true,
      { meta: 131026, message: 'Message undeliverable' },
    ],
    ['an invalid number (100)', true, { meta: 100, message: 'Invalid parameter' }],
  ])('%s: refused for good: %s', async (_, permanent, fault) => {
    fake.fail(fault);
    const error = await failure(whatsapp().deliver(entryOf(low)));
    expect(error.permanent).toBe(permanent);
  });

  it('a template paused by Meta is refused for good, naming what to do', async () => {
    const template = fake.templates.find(
      (t) => t.name === 'dexchange_low_v2' && t.language === 'fr',
    );
    if (template === undefined) throw new Error('no template');
    template.status = 'PAUSED';
    try {
      const error = await failure(whatsapp().deliver(entryOf(low)));
      expect(error.permanent).toBe(true);
      expect(error.message).toMatch(/132015.*paused/);
    } finally {
      template.status = 'APPROVED';
    }
  });

  it('a template not yet approved (or missing in that language) is refused for good', async () => {
    const template = fake.templates.find(
      (t) => t.name === 'dexchange_low_v2' && t.language === 'fr',
    );
    if (template === undefined) throw new Error('no template');
    template.status = 'PENDING';
    try {
      const error = await failure(whatsapp().deliver(entryOf(low)));
      expect(error.permanent).toBe(true);
      expect(error.message).toMatch(/132001.*npm run whatsapp-templates/);
    } finally {
      template.status = 'APPROVED';
    }
  });

  it('a phone number id the account does not have waits, saying where to find the right one', async () => {
    const error = await failure(
      whatsapp({ phoneNumberId: 'phone-number-id-ffffffffffffffffffffffffffffffff' }).deliver(
        entryOf(low),
      ),
    );
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/ResourceNotFoundException.*phoneNumberId/);
  });

  it('sends with the pinned Graph API version; one Meta no longer serves is refused for good', async () => {
    await whatsapp().deliver(entryOf(low));
    expect(fake.messages.at(-1)?.metaApiVersion).toBe(META_API_VERSION);
    // v20.0 ended on 24 September 2026: the service refuses it.
    const error = await failure(whatsapp({ version: 'v20.0' }).deliver(entryOf(low)));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/v20\.0 is not supported/);
  });

  it('a number not in E.164 never reaches WhatsApp as it is: refused for good', async () => {
    const [sent, refused] = [fake.messages.length, fake.refused.length];
    const error = await failure(whatsapp({ to: '771234567' }).deliver(entryOf(low)));
    expect(error.permanent).toBe(true);
    // The service refused the request for its number; no message went out.
    expect(fake.messages).toHaveLength(sent);
    expect(fake.refused.slice(refused)).toEqual([
      {
        type: 'ValidationException',
        message: '(#100) Invalid parameter: to 771234567 is not E.164',
      },
    ]);
  });
});

describe('a check with WhatsApp among its channels', () => {
  const settings = {
    account: 'Boutique Dakar',
    locale: 'fr' as const,
    policy: { ...BASE_SETTINGS, forecastHorizonMinutes: 0 },
  };
  const T0 = Date.parse('2026-12-01T08:00:00.000Z');
  const ports = (channels: Notifier[], told: ParkedNotice[]) => ({
    apiKey: { read: () => Promise.resolve('dx_key_0123456789abcdef') },
    dexchange: {
      getBalance: () =>
        Promise.resolve({
          balance: 80_000,
          currency: 'XOF',
          lastUpdate: new Date(T0).toISOString(),
          latencyMs: 1,
          attempts: 1,
        }),
    },
    channels,
    state: createMemoryStateStore(),
    tellOperators: (parked: readonly ParkedNotice[]) => {
      told.push(...parked);
      return Promise.resolve();
    },
  });
  const other = (delivered: string[]): Notifier => ({
    name: 'telegram:finance',
    wants: () => true,
    deliver: (entry) => {
      delivered.push(entry.event.severity);
      return Promise.resolve();
    },
  });

  it('a recipient not on WhatsApp: accepted, then reported failed on the event topic; parked there once, the operators told once, the other channel delivered', async () => {
    fake.notOnWhatsApp.add('+221770000000');
    const told: ParkedNotice[] = [];
    const delivered: string[] = [];
    const channel = createWhatsAppChannel({
      name: 'whatsapp:absent',
      route: EVERYTHING,
      locale: 'fr',
      render: RENDER,
      client,
      phoneNumberId: PHONE,
      to: '+221770000000',
      metaApiVersion: META_API_VERSION,
    });
    const checkPorts = ports([channel, other(delivered)], told);
    const eventsBefore = fake.events.length;
    const outcome = await runCheck(checkPorts, settings, { now: new Date(T0) });
    // The send itself succeeds: nothing parked yet, nothing left to retry.
    expect(outcome.parked).toEqual([]);
    expect(delivered).toEqual(['LOW']);
    expect(fake.messages.at(-1)?.callback).toBeDefined();
    const published = fake.events.slice(eventsBefore);
    expect(published).toHaveLength(1);
    const statuses = failedStatuses(published[0] ?? '');
    expect(statuses).toEqual([
      expect.objectContaining({
        code: 131026,
        callback: expect.objectContaining({
          a: 'Boutique Dakar',
          c: 'whatsapp:absent',
          s: 'LOW',
        }) as unknown,
      }),
    ]);
    const notices: { account: string; items: readonly unknown[] }[] = [];
    const lateDeps = {
      store: () => checkPorts.state,
      accounts: new Set(['Boutique Dakar']),
      now: () => new Date(T0 + 60_000),
      stateHealed: () => undefined,
      operators: {
        tell: (account: string, items: readonly unknown[]) => {
          notices.push({ account, items });
          return Promise.resolve();
        },
      },
    };
    // The event function reads the status (SNS may deliver it twice, Meta may report it twice).
    expect(await handleLateFailures(statuses, lateDeps)).toEqual(['late-parked']);
    expect(await handleLateFailures([...statuses, ...statuses], lateDeps)).toEqual([
      'late-already',
      'late-already',
    ]);
    const record = (await checkPorts.state.load(new Date(T0 + 60_000))).record;
    expect(record?.undeliverable).toEqual([
      expect.objectContaining({
        channel: 'whatsapp:absent',
        severity: 'LOW',
        error: 'whatsapp-late:131026 Message undeliverable',
      }),
    ]);
    expect(notices.map((n) => `${n.account} ${n.items.length}`)).toEqual(['Boutique Dakar 1']);
  });

  it('throttled: the LOW waits in the outbox to be tried again, nothing parked', async () => {
    fake.fail('ThrottledRequestException');
    const told: ParkedNotice[] = [];
    const outcome = await runCheck(ports([whatsapp(), other([])], told), settings, {
      now: new Date(T0),
    });
    expect(outcome.parked).toEqual([]);
    expect(outcome.pending).toBe(1);
    expect(told).toEqual([]);
  });
});
