import { SIMULATED_CONFIG } from './simulated-config';
import type { Route } from '../../infra/routing';
import { sampleConfig } from '../../tools/cost';

/**
 * The deploy configs whose synthesized app several tests read, or that cfn-lint checks:
 * test/support/synth-setup.ts synthesizes each once per run (in the background) and runs
 * cfn-lint once over all the templates marked `lint`; the tests read them through
 * `synthesizedOnce` (test/support/shared-synth.ts).
 */

// test/infra/stack.test.ts: one account, and three with every option.
export const oneAccount = {
  accounts: [
    { name: 'Boutique Dakar', lowBalanceThreshold: 100000, criticalBalanceThreshold: 25000 },
  ],
  alertEmails: ['ops@example.sn', 'finance@example.sn'],
  smsNumbers: ['+221771234567'],
};

export const threeAccounts = {
  accounts: [
    { name: 'Boutique Dakar', lowBalanceThreshold: 100000, criticalBalanceThreshold: 25000 },
    { name: 'Thies', lowBalanceThreshold: 50000, existingSecretName: 'prod/thies/dexchange' },
    {
      name: 'st.louis',
      lowBalanceThreshold: 20000,
      expectedCurrency: 'XOF',
      schedule: 'cron(0/15 8-20 ? * MON-SAT *)',
    },
  ],
  schedule: { expression: 'rate(10 minutes)', timezone: 'Africa/Abidjan' },
  alertEmails: ['ops@example.sn'],
  smsNumbers: ['+221771234567', '+2250701020304'],
  smsRouting: { minLevel: 'CRITICAL', also: ['FAILING'] },
  locale: 'en',
  repeatAlertMinutes: 120,
  apiUrl: 'https://api-m.dexchange.sn',
  topicEncryption: 'kms',
  logRetentionDays: 30,
  smsSenderId: 'DEXCHANGE',
  smsMonthlySpendLimitUsd: 20,
};

// The deploy guide's step-3 config (docs/deploy.md; test/unit/docs.test.ts holds them equal),
// finance on the alerts, IT the operator: test/infra/ and test/integration/operator-reach.test.ts.
export const readmeStep3 = {
  accounts: [
    { name: 'main', lowBalanceThreshold: 500000, criticalBalanceThreshold: 100000 },
    {
      name: 'Boutique Thies',
      lowBalanceThreshold: 200000,
      existingSecretName: 'prod/thies/dexchange',
    },
  ],
  alertEmails: ['finance@example.sn'],
  operatorEmails: ['it@example.sn'],
  smsNumbers: ['+221771234567'],
  locale: 'fr',
};

// test/infra/recipients.test.ts: each account's own people, and the chat channels.
export const slackOps = {
  name: 'ops',
  slack: { workspaceId: 'T07GZ1D0BD5', channelId: 'C07HDEHUE11' },
};
export const teamsFinance = {
  name: 'finance-teams',
  teams: {
    teamId: '6e4f2c1a-1b2c-4d5e-8f90-112233445566',
    tenantId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f00112233',
    channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
  },
  routing: { minLevel: 'CRITICAL', also: ['FAILING'] },
};
export const recipientsConfig = {
  accounts: [
    {
      name: 'Boutique Dakar',
      lowBalanceThreshold: 100000,
      locale: 'en',
      recipients: {
        alertEmails: ['dakar@example.sn'],
        smsNumbers: ['+221771234567'],
        chat: [slackOps],
        telegram: [{ name: 'dakar-finance', chatId: '-1001234567890' }],
        webhooks: [{ name: 'erp-dakar', url: 'https://erp.example.sn/hooks/dexchange' }],
      },
    },
    {
      name: 'Thies',
      lowBalanceThreshold: 50000,
      recipients: {
        alertEmails: ['thies@example.sn'],
        webhooks: [{ name: 'erp-thies', url: 'https://thies.example.sn/hooks' }],
      },
    },
    { name: 'Saint-Louis', lowBalanceThreshold: 20000 },
  ],
  alertEmails: ['finance@example.sn'],
  operatorEmails: ['ops@example.sn'],
  chat: [slackOps, teamsFinance],
};

// test/infra/recipient-routing.test.ts: severity routing per recipient.
export const criticalOnly: Route = { minLevel: 'CRITICAL', also: [] };
export const lowAndForecast: Route = { minLevel: 'LOW', also: ['FORECAST'] };
export const lowOnly: Route = { minLevel: 'LOW', also: [] };

export const routingConfig = {
  accounts: [
    { name: 'main', lowBalanceThreshold: 100000 },
    {
      // SMS with quiet hours: the function sends SMS apart, by a route of its own. Accented, so
      // cfn-lint and the template tests read a name in any alphabet (its ASCII slug in ids).
      name: 'Thiès',
      lowBalanceThreshold: 50000,
      recipients: {
        alertEmails: ['caisse@thies.sn', { address: 'gerant@thies.sn', routing: criticalOnly }],
        smsNumbers: ['+221770000001', { number: '+221770000002', routing: lowOnly }],
        smsQuietHours: { hours: '22:00-07:00' },
      },
    },
    {
      // The same without any own routing: as before the feature.
      name: 'Louga',
      lowBalanceThreshold: 50000,
      recipients: {
        alertEmails: ['caisse@louga.sn'],
        smsNumbers: ['+221770000003'],
        smsQuietHours: { hours: '22:00-07:00' },
      },
    },
  ],
  alertEmails: ['finance@example.sn', { address: 'ceo@example.sn', routing: criticalOnly }],
  smsNumbers: ['+221771234567', { number: '+221770000000', routing: lowAndForecast }],
  operatorEmails: ['ops@example.sn'],
};

/** test/infra/scale.test.ts: 100 accounts, each with its own people. */
export const ownPeopleConfig = {
  accounts: Array.from({ length: 100 }, (_, i) => ({
    name: `shop${i + 1}`,
    lowBalanceThreshold: 100_000,
    recipients: { alertEmails: [`shop${i + 1}@example.sn`], smsNumbers: ['+221771234567'] },
  })),
  operatorEmails: ['ops@example.sn'],
  topicEncryption: 'kms',
  dashboard: true,
};

/**
 * test/infra/whatsapp-buttons.test.ts: the richest template cfn-lint reads, a digest and
 * WhatsApp together. The three accounts (KMS, SMS) with WhatsApp for every account (the stack's
 * number, and Boutique Dakar's own), the stack's digest and Thies' own time: the events
 * function and topic, every account's digest schedule, and the alarmed dead-letter queue that
 * both send to.
 */
export const digestAndWhatsApp = {
  ...threeAccounts,
  accounts: threeAccounts.accounts.map((account) =>
    account.name === 'Boutique Dakar'
      ? {
          ...account,
          recipients: {
            alertEmails: ['caisse@boutique.sn'],
            whatsapp: [{ name: 'awa-diop', number: '+221771234567' }],
            whatsappPhoneNumberId: 'phone-number-id-fedcba9876543210fedcba9876543210',
          },
        }
      : account.name === 'Thies'
        ? { ...account, digest: { at: '06:30' } }
        : account,
  ),
  whatsapp: [{ name: 'finance', number: '+221761234567' }],
  whatsappPhoneNumberId: 'phone-number-id-0123456789abcdef0123456789abcdef',
  digest: { at: '07:30' },
};

/** The file that marks a cloud assembly as a shared one (its templates are in the shared lint). */
export const SHARED_MARK = '.shared-synth';

/**
 * Each shared config by name; `lint`: cfn-lint checks its templates (nested ones included);
 * `bundle`: the functions' real bundles are built (test/support/synth.ts).
 * Those to lint are synthesized first, in this order (small ones first, for the tests that
 * wait on them), then cfn-lint starts while the others are synthesized.
 */
export const SHARED_SYNTHS = {
  // The IAM simulation's templates; cli-synth.test.ts holds the kms one to the CLI's, bundled
  // (test/support/synth.ts) because it compares the assets' hashes too. The other is not
  // bundled: a second CLI comparison cost 16 s of the suite and showed nothing the first did not.
  'simulated-none': {
    config: { ...SIMULATED_CONFIG, topicEncryption: 'none' },
    lint: false,
  },
  'simulated-kms': {
    config: { ...SIMULATED_CONFIG, topicEncryption: 'kms' },
    lint: false,
    bundle: true,
  },
  'stack-one-account': { config: oneAccount, lint: true },
  'stack-three-accounts': { config: threeAccounts, lint: true },
  recipients: { config: recipientsConfig, lint: true },
  'recipient-routing': { config: routingConfig, lint: true },
  'digest-whatsapp': { config: digestAndWhatsApp, lint: true },
  'scale-hundred': { config: sampleConfig(100), lint: true },
  'scale-own-people': { config: ownPeopleConfig, lint: true },
  // The first 25 of those 100, whose resources must keep their ids at 100.
  'scale-25': { config: sampleConfig(25), lint: false },
} satisfies Record<string, { config: unknown; lint: boolean; bundle?: boolean }>;

export type SharedSynthName = keyof typeof SHARED_SYNTHS;
