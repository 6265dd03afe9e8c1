import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { scheduleExpressionProblem } from '../../infra/schedule-expression';

const minimal = { accounts: [{ name: 'main', lowBalanceThreshold: 100000 }] };
const withAccount = (account: Record<string, unknown>) => ({
  accounts: [{ name: 'main', lowBalanceThreshold: 100000, ...account }],
});

describe('the deploy config', () => {
  it('applies the documented defaults', () => {
    expect(parseDeployConfig(minimal)).toEqual({
      accounts: [{ name: 'main', lowBalanceThreshold: 100000, expectedCurrency: 'XOF' }],
      schedule: { expression: 'rate(5 minutes)', timezone: 'Africa/Dakar' },
      alertEmails: [],
      smsNumbers: [],
      smsSeverities: ['CRITICAL', 'FAILING'],
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

  it('accepts the cdk.json that ships with the project', async () => {
    const { readFile } = await import('node:fs/promises');
    const cdk = JSON.parse(await readFile(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
      context: { balanceMonitor: unknown };
    };
    expect(() => parseDeployConfig(cdk.context.balanceMonitor)).not.toThrow();
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
