import { describe, expect, it } from 'vitest';
import { operatorEmailsOf, parseDeployConfig } from '../../infra/config';
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
      schedule: { expression: 'rate(5 minutes)', timezone: 'Africa/Dakar' },
      alertEmails: ['ops@example.sn'],
      smsNumbers: [],
      smsSeverities: ['CRITICAL', 'FAILING'],
      smsMonthlySpendLimitUsd: 1,
      locale: 'fr',
      repeatAlertMinutes: 360,
      forecastHorizonMinutes: 240,
      topicEncryption: 'none',
      logRetentionDays: 90,
      reservedConcurrency: 1,
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

  it.each([
    [
      'a negative threshold',
      withAccount({ lowBalanceThreshold: -1 }),
      'balanceMonitor.accounts.0.lowBalanceThreshold: must be >= 0',
    ],
    [
      'a negative critical threshold',
      withAccount({ criticalBalanceThreshold: -5 }),
      'balanceMonitor.accounts.0.criticalBalanceThreshold: must be >= 0',
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
      'an unknown SMS severity',
      { ...minimal, smsSeverities: ['PANIC'] },
      'balanceMonitor.smsSeverities.0: must be one of',
    ],
    [
      'http for the API',
      { ...minimal, apiUrl: 'http://api.example.sn' },
      'balanceMonitor.apiUrl: must be an https URL',
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
      'balanceMonitor.accounts.0.schedule: cron field minutes: step "0" must be 1 or more',
    ],
    [
      'a monthly cron, longer than the dead-man switch can wait',
      withAccount({ schedule: 'cron(0 8 1 * ? *)' }),
      'balanceMonitor.accounts.0.schedule: plans gaps of up to 31 d between checks; the dead-man switch (a CloudWatch alarm) can wait at most 7 days',
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
