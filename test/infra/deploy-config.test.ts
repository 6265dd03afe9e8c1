import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { functionEnvironment } from '../../infra/function-environment';
import { loadConfig } from '../../lambda/config';
import { digestAtOf, operatorEmailsOf, parseDeployConfig } from '../../infra/config';
import { scheduleExpressionProblem } from '../../infra/schedule-expression';

const minimal = {
  accounts: [{ name: 'main', lowBalanceThreshold: 100000 }],
  alertEmails: ['ops@example.sn'],
};
const withAccount = (account: Record<string, unknown>) => ({
  ...minimal,
  accounts: [{ name: 'main', lowBalanceThreshold: 100000, ...account }],
});

describe('the deploy config', () => {
  it('applies the documented defaults', () => {
    expect(parseDeployConfig(minimal)).toEqual({
      accounts: [{ name: 'main', lowBalanceThreshold: 100000, expectedCurrency: 'XOF' }],
      // No expression: scheduleOf resolves it per account (every 5 minutes, or the backstop).
      schedule: { timezone: 'Africa/Dakar' },
      alertEmails: ['ops@example.sn'],
      emailRouting: {
        minLevel: 'LOW',
        also: ['FAILING', 'FORECAST', 'UNUSUAL_OUTFLOW', 'STALE', 'DIGEST', 'TEST'],
      },
      smsNumbers: [],
      smsRouting: { minLevel: 'CRITICAL', also: ['FAILING'] },
      chat: [],
      telegram: [],
      webhooks: [],
      whatsapp: [],
      operatorRouting: { minLevel: 'NONE', also: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'] },
      smsMonthlySpendLimitUsd: 1,
      locale: 'fr',
      repeatAlertMinutes: 360,
      forecastHorizonMinutes: 240,
      recoveryMarginPercent: 5,
      minBelowMinutes: 0,
      staleAfterMinutes: 4320,
      topUpCoverHours: 24,
      coolOffMinutes: 30,
      outflowPaceFactor: 6,
      outflowRunwayHours: 2,
      outflowSharePercent: 0,
      outflowWindowMinutes: 60,
      capPerHour: 6,
      topicEncryption: 'none',
      logRetentionDays: 90,
      reservedConcurrency: 1,
      acknowledgeLinks: true,
      telegramButtons: false,
      silenceMinutes: 120,
      dashboard: false,
    });
  });

  it('accepts a JSON string from -c', () => {
    expect(parseDeployConfig(JSON.stringify(minimal)).accounts[0]?.name).toBe('main');
  });

  it('the cdk.json that ships asks for the one thing only its user knows: who hears the alarms', async () => {
    const { readFile } = await import('node:fs/promises');
    const cdk = JSON.parse(await readFile(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: { balanceMonitor: Record<string, unknown> };
    };
    expect(() => parseDeployConfig(cdk.context.balanceMonitor)).toThrow(
      /^Invalid deploy config:\n {2}balanceMonitor.operatorEmails: the alarms .* would reach nobody; list at least one address in operatorEmails or alertEmails[^\n]*$/,
    );
    expect(() =>
      parseDeployConfig({ ...cdk.context.balanceMonitor, alertEmails: ['ops@example.sn'] }),
    ).not.toThrow();
  });

  it('sends the alarms to operatorEmails, or to alertEmails when it is not set', () => {
    expect(operatorEmailsOf(parseDeployConfig(minimal))).toEqual(['ops@example.sn']);
    expect(
      operatorEmailsOf(
        parseDeployConfig({ ...minimal, alertEmails: [], operatorEmails: ['it@example.sn'] }),
      ),
    ).toEqual(['it@example.sn']);
  });

  it("gives each account its digest time: its own, else the stack's (08:00 unless `at` says), else none", () => {
    const digestTimes = (raw: unknown) => {
      const config = parseDeployConfig(raw);
      return config.accounts.map((account) => digestAtOf(config, account));
    };
    const accounts = [
      { name: 'main', lowBalanceThreshold: 100000, digest: { at: '09:15' } },
      { name: 'Thies', lowBalanceThreshold: 50000 },
    ];
    expect(digestTimes({ ...minimal, accounts })).toEqual(['09:15', undefined]);
    expect(digestTimes({ ...minimal, accounts, digest: { at: '06:45' } })).toEqual([
      '09:15',
      '06:45',
    ]);
    expect(digestTimes({ ...minimal, accounts, digest: {} })).toEqual(['09:15', '08:00']);
    expect(digestTimes(minimal)).toEqual([undefined]);
  });

  it.each([
    [
      'a negative threshold',
      withAccount({ lowBalanceThreshold: -1 }),
      'balanceMonitor.accounts.0.lowBalanceThreshold: must be an amount from 0 to',
    ],
    [
      'a negative critical threshold',
      withAccount({ criticalBalanceThreshold: -5 }),
      'balanceMonitor.accounts.0.criticalBalanceThreshold: must be an amount from 0 to',
    ],
    [
      'critical = low',
      withAccount({ criticalBalanceThreshold: 100000 }),
      'balanceMonitor.accounts.0.criticalBalanceThreshold: must be below lowBalanceThreshold',
    ],
    [
      'critical > low',
      withAccount({ criticalBalanceThreshold: 200000 }),
      'balanceMonitor.accounts.0.criticalBalanceThreshold: must be below lowBalanceThreshold',
    ],
    [
      'a bad phone number',
      { ...minimal, smsNumbers: ['771234567'] },
      'balanceMonitor.smsNumbers.0: must be an E.164 phone number',
    ],
    [
      'a phone number with spaces',
      { ...minimal, smsNumbers: ['+221 77 123 45 67'] },
      'balanceMonitor.smsNumbers.0: must be an E.164',
    ],
    [
      'a bad cron expression',
      { ...minimal, schedule: { expression: 'cron(0 8 * * *)' } },
      'balanceMonitor.schedule.expression: a cron expression has 6 fields',
    ],
    [
      'a cron with both days set',
      withAccount({ schedule: 'cron(0 8 * * MON *)' }),
      'balanceMonitor.accounts.0.schedule: in a cron expression, exactly one of day-of-month and day-of-week must be "?"',
    ],
    [
      'a wrong rate unit',
      { ...minimal, schedule: { expression: 'rate(5 minute)' } },
      'use the plural: rate(5 minutes)',
    ],
    [
      'an unknown time zone',
      { ...minimal, schedule: { timezone: 'Africa/Atlantis' } },
      'balanceMonitor.schedule.timezone: must be an IANA time zone',
    ],
    [
      'duplicate account names',
      {
        accounts: [
          { name: 'main', lowBalanceThreshold: 1 },
          { name: 'Main', lowBalanceThreshold: 2 },
        ],
      },
      'balanceMonitor.accounts.1.name: "Main" duplicates accounts.0.name',
    ],
    [
      'two names alike once their accents are gone',
      {
        accounts: [
          { name: 'Boutique Thiès', lowBalanceThreshold: 1 },
          { name: 'boutique thies', lowBalanceThreshold: 2 },
        ],
      },
      'balanceMonitor.accounts.1.name: "boutique thies" duplicates accounts.0.name "Boutique Thiès": both become "boutique-thies" in resource names',
    ],
    [
      'an unknown key',
      { ...minimal, alertEmail: 'ops@example.sn' },
      'balanceMonitor: Unrecognized key: "alertEmail"',
    ],
    [
      'an unknown account key',
      withAccount({ threshold: 5 }),
      'balanceMonitor.accounts.0: Unrecognized key: "threshold"',
    ],
    ['no accounts', { accounts: [] }, 'balanceMonitor.accounts: must list at least one account'],
    [
      'a bad e-mail',
      { ...minimal, alertEmails: ['ops'] },
      'balanceMonitor.alertEmails.0: must be an e-mail address',
    ],
    [
      'a digest time that is not one',
      { ...minimal, digest: { at: '24:00' } },
      'balanceMonitor.digest.at: must be a time of day from 00:00 to 23:59, such as 08:00',
    ],
    [
      'quiet hours that do not parse',
      { ...minimal, smsQuietHours: { hours: '22h-7h' } },
      'balanceMonitor.smsQuietHours.hours: must be two times of day, HH:MM-HH:MM, such as 22:00-07:00',
    ],
    [
      'quiet hours that last no time',
      {
        ...minimal,
        webhooks: [
          { name: 'erp', url: 'https://a.example.sn', quietHours: { hours: '07:00-07:00' } },
        ],
      },
      'balanceMonitor.webhooks.0.quietHours.hours: must be two times of day',
    ],
    [
      'a silence of no time',
      { ...minimal, silenceMinutes: 0 },
      'balanceMonitor.silenceMinutes: must be at least 1 minute',
    ],
    [
      'a silence of a month',
      { ...minimal, silenceMinutes: 43_200 },
      'balanceMonitor.silenceMinutes: must be at most 10080 (a week)',
    ],
    [
      'an unknown SMS level',
      { ...minimal, smsRouting: { minLevel: 'PANIC' } },
      'balanceMonitor.smsRouting.minLevel: must be one of LOW, CRITICAL, NONE',
    ],
    [
      'an alert that is not routable on its own',
      { ...minimal, smsRouting: { also: ['RECOVERED'] } },
      'balanceMonitor.smsRouting.also.0: must be one of FAILING, FORECAST, UNUSUAL_OUTFLOW, STALE, DIGEST, TEST',
    ],
    [
      'the smsSeverities of an older config, with its equivalent',
      { ...minimal, smsSeverities: ['LOW', 'CRITICAL', 'RECOVERED', 'FORECAST'] },
      'balanceMonitor.smsSeverities: replaced by smsRouting, which sends a level and above (their reminders and RECOVERED follow) plus the alerts listed in "also"; write "smsRouting": {"minLevel":"LOW","also":["FORECAST"]}',
    ],
    [
      'a top-up link that is not https',
      {
        ...minimal,
        accounts: [
          { name: 'main', lowBalanceThreshold: 1000, topUp: { url: 'http://pay.example.sn' } },
        ],
      },
      'balanceMonitor.accounts.0.topUp.url: must be an https URL',
    ],
    [
      'a top-up contact too long for an SMS',
      {
        ...minimal,
        accounts: [{ name: 'main', lowBalanceThreshold: 1000, topUp: { contact: 'x'.repeat(41) } }],
      },
      'balanceMonitor.accounts.0.topUp.contact: must be at most 40 characters (it goes in SMS)',
    ],
    [
      'a runway alert in fractions of an hour',
      {
        ...minimal,
        accounts: [{ name: 'main', lowBalanceThreshold: 1000, runwayAlertHours: 2.5 }],
      },
      'balanceMonitor.accounts.0.runwayAlertHours: must be a whole number of hours',
    ],
    [
      'http for the API',
      { ...minimal, apiUrl: 'http://api.example.sn' },
      'balanceMonitor.apiUrl: must use https',
    ],
    [
      'alarms without a reachable subscriber (SMS numbers only)',
      { ...minimal, alertEmails: [], smsNumbers: ['+221771234567'] },
      'balanceMonitor.operatorEmails: the alarms (the monitor itself is broken: no check runs, the function fails, alerts are not delivered) would reach nobody',
    ],
    [
      'an empty operatorEmails with no alertEmails',
      { ...minimal, alertEmails: [], operatorEmails: [] },
      'balanceMonitor.operatorEmails: the alarms',
    ],
    [
      'a sender ID with a space',
      { ...minimal, smsSenderId: 'DEX SHOP' },
      'balanceMonitor.smsSenderId: must be 3 to 11 letters or digits with at least one letter',
    ],
    [
      'a sender ID that is too long',
      { ...minimal, smsSenderId: 'DexchangeShop' },
      'balanceMonitor.smsSenderId: must be 3 to 11',
    ],
    [
      'a sender ID of digits only',
      { ...minimal, smsSenderId: '2217712' },
      'balanceMonitor.smsSenderId: must be 3 to 11 letters or digits with at least one letter',
    ],
    [
      'a spend limit of 0',
      { ...minimal, smsMonthlySpendLimitUsd: 0 },
      'balanceMonitor.smsMonthlySpendLimitUsd: must be more than 0',
    ],
    [
      'a negative spend limit',
      { ...minimal, smsMonthlySpendLimitUsd: -5 },
      'balanceMonitor.smsMonthlySpendLimitUsd: must be more than 0',
    ],
    [
      'a cron the parser cannot read',
      { ...minimal, schedule: { expression: 'cron(0 8 ? * FUNDAY *)' } },
      'balanceMonitor.schedule.expression: cron field day-of-week: "FUNDAY" is not a value from 1 to 7 or SUN-SAT',
    ],
    [
      'a cron with a step of 0',
      withAccount({ schedule: 'cron(0/0 * * * ? *)' }),
      'balanceMonitor.accounts.0.schedule: cron field minutes: step "0" must be from 1 to 59',
    ],
    [
      'a monthly cron, longer than the dead-man switch can wait',
      withAccount({ schedule: 'cron(0 8 1 * ? *)' }),
      'balanceMonitor.accounts.0.schedule: plans gaps of up to 31 d between checks; the dead-man switch (a CloudWatch alarm) waits at most 7 days, so schedule at least one check every 6 days',
    ],
    [
      'a dead-man switch shorter than a planned gap',
      {
        ...minimal,
        schedule: { expression: 'cron(0/15 8-20 ? * MON-SAT *)' },
        deadManSwitchMinutes: 600,
      },
      'balanceMonitor.deadManSwitchMinutes: must be at least 2120 minutes (1 d 11 h 20 min): the schedule plans gaps of up to 1 d 11 h 15 min between checks',
    ],
    [
      'a step larger than its field',
      withAccount({ schedule: 'cron(0/90 * * * ? *)' }),
      'balanceMonitor.accounts.0.schedule: cron field minutes: step "90" must be from 1 to 59',
    ],
    [
      'a retention CloudWatch lacks',
      { ...minimal, logRetentionDays: 42 },
      'balanceMonitor.logRetentionDays',
    ],
    [
      'a bad account name',
      withAccount({ name: 'Dakar/Plateau' }),
      'balanceMonitor.accounts.0.name: must start with a letter or digit',
    ],
  ])('refuses %s, naming the field', (_name, raw, message) => {
    expect(() => parseDeployConfig(raw)).toThrow(message);
  });

  it('says where to put a missing config, and what is wrong with bad JSON', () => {
    expect(() => parseDeployConfig(undefined)).toThrow(
      /add a "balanceMonitor" object to the "context" of cdk.json/,
    );
    expect(() => parseDeployConfig('{accounts:')).toThrow('the -c value is not valid JSON');
  });
});

describe('schedule expressions', () => {
  it.each([
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(2 days)',
    'cron(0/5 * * * ? *)',
    'cron(0 8 ? * MON-FRI *)',
    'cron(30 6 1 * ? 2027)',
  ])('accepts %s', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    'rate(0 minutes)',
    'rate(1 minutes)',
    'every 5 minutes',
    'cron(61 * * * ? *)',
    'cron(0 25 * * ? *)',
    'cron(* * ? * ? *)',
  ])('refuses %s', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeDefined();
  });
});

describe('one contract for the stack and the function', () => {
  it.each([
    [
      'a threshold of 1e21',
      withAccount({ lowBalanceThreshold: 1e21 }),
      'balanceMonitor.accounts.0.lowBalanceThreshold: must be an amount from 0 to 1000000000000000 written in plain digits',
    ],
    [
      'a threshold of 1e-7',
      withAccount({ lowBalanceThreshold: 1e-7 }),
      'balanceMonitor.accounts.0.lowBalanceThreshold: must be an amount',
    ],
    [
      'a critical threshold of 1e-7',
      withAccount({ criticalBalanceThreshold: 1e-7 }),
      'balanceMonitor.accounts.0.criticalBalanceThreshold: must be an amount',
    ],
    [
      'an apiUrl with credentials',
      { ...minimal, apiUrl: 'https://user:secret@api-m.dexchange.sn' },
      'balanceMonitor.apiUrl: must not carry credentials',
    ],
    [
      'an http apiUrl',
      { ...minimal, apiUrl: 'http://api-m.dexchange.sn' },
      'balanceMonitor.apiUrl: must use https',
    ],
    [
      'a fractional reminder interval',
      { ...minimal, repeatAlertMinutes: 7.5 },
      'balanceMonitor.repeatAlertMinutes: must be a whole number',
    ],
  ])('synth refuses %s, which every invocation would refuse', (_name, raw, message) => {
    expect(() => parseDeployConfig(raw)).toThrow(message);
  });

  it('whatever synth accepts, the function accepts as its environment (fuzzed)', () => {
    const amount = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 10_000_000 }), weight: 6 },
      { arbitrary: fc.double({ min: 0, max: 1e22, noNaN: true }), weight: 1 },
      { arbitrary: fc.constantFrom(1e21, 1e-7, 0, 0.5, 1e15, 1e15 + 2, 123.4567891), weight: 1 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(
        amount,
        fc.option(fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constantFrom(1e-7, 33.3333333)), {
          nil: undefined,
        }),
        fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined, freq: 2 }),
        fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined, freq: 2 }),
        fc.option(
          fc.constantFrom(
            'https://api-m.dexchange.sn',
            'https://a:b@x.sn',
            'https://proxy.sn/dex/',
            'http://127.0.0.1:8080',
            'ftp://x.sn',
          ),
          { nil: undefined },
        ),
        fc.option(fc.constantFrom('DEXCHANGE', 'Shop1', '12345', 'A B', 'AB', 'ABCDEFGHIJKL'), {
          nil: undefined,
        }),
        (low, share, repeat, horizon, apiUrl, senderId) => {
          const critical =
            share === undefined
              ? undefined
              : Number.isInteger(share)
                ? Math.floor((low * share) / 100)
                : share;
          let config;
          try {
            config = parseDeployConfig({
              ...minimal,
              accounts: [
                { name: 'main', lowBalanceThreshold: low, criticalBalanceThreshold: critical },
              ],
              ...(repeat === undefined ? {} : { repeatAlertMinutes: repeat }),
              ...(horizon === undefined ? {} : { forecastHorizonMinutes: horizon }),
              ...(apiUrl === undefined ? {} : { apiUrl }),
              ...(senderId === undefined ? {} : { smsSenderId: senderId }),
            });
          } catch (error) {
            // Refused at synth, with the field named (cases above): nothing else may throw.
            expect(String(error)).toMatch(/^Error: Invalid deploy config:/);
            return;
          }
          accepted += 1;
          const account = config.accounts[0];
          if (account === undefined) throw new Error('no account');
          const environment = functionEnvironment({
            accountName: account.name,
            lowBalanceThreshold: account.lowBalanceThreshold,
            ...(account.criticalBalanceThreshold === undefined
              ? {}
              : { criticalBalanceThreshold: account.criticalBalanceThreshold }),
            expectedCurrency: account.expectedCurrency,
            locale: config.locale,
            repeatAlertMinutes: config.repeatAlertMinutes,
            forecastHorizonMinutes: config.forecastHorizonMinutes,
            ...(config.apiUrl === undefined ? {} : { apiUrl: config.apiUrl }),
            ...(config.smsSenderId === undefined ? {} : { smsSenderId: config.smsSenderId }),
            secretId: 'arn:aws:secretsmanager:eu-west-3:111111111111:secret:k-AbCdEf',
            topicArn: 'arn:aws:sns:eu-west-3:111111111111:alerts',
            tableName: 'alert-state',
          });
          const loaded = loadConfig(environment);
          expect(loaded.policy.thresholds.low).toBe(account.lowBalanceThreshold);
          expect(loaded.policy.thresholds.critical).toBe(account.criticalBalanceThreshold);
        },
      ),
      { numRuns: 1000 },
    );
    // Both outcomes occur: the fuzzer reaches configs synth accepts, not only ones it refuses.
    expect(accepted).toBeGreaterThan(30);
  });
});
