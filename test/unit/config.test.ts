import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambda/config';
import { ConfigurationError } from '../../lambda/errors';

const valid = {
  DEXCHANGE_API_KEY_SECRET_ID: 'dexchange/api-key',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:balance-alerts',
  LOW_BALANCE_THRESHOLD: '100000',
  STATE_TABLE_NAME: 'dexchange-alert-state',
};

function errorFor(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
}

describe('the environment contract', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(valid)).toEqual({
      apiUrl: 'https://api-m.dexchange.sn',
      apiKeySecretId: 'dexchange/api-key',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:balance-alerts',
      accountName: 'default',
      expectedCurrency: undefined,
      locale: 'en',
      requestTimeoutMs: 5000,
      capPerHour: 6,
      secretCacheSeconds: 3600,
      channelSecretCacheSeconds: 300,
      stateTableName: 'dexchange-alert-state',
      timeZone: 'Africa/Dakar',
      topUp: {},
      channels: [],
      telegramApiUrl: 'https://api.telegram.org',
      // The thresholds and the lifecycle, as the alert policy takes them.
      policy: {
        thresholds: { low: 100000, critical: undefined },
        repeatAfterMinutes: 360,
        recoveryMarginPercent: 5,
        failureAlertAfter: 3,
        staleAfterMinutes: 4320,
        forecastHorizonMinutes: 240,
        minBelowMinutes: 0,
        recoveryMarginAmount: 0,
        topUpCoverHours: 24,
        coolOffMinutes: 30,
        outflow: { windowMinutes: 60, paceFactor: 6, runwayHours: 2 },
      },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...valid,
      DEXCHANGE_API_URL: 'https://sandbox.example.sn/',
      ACCOUNT_NAME: 'Boutique Dakar',
      CRITICAL_BALANCE_THRESHOLD: '25000.5',
      EXPECTED_CURRENCY: 'XOF',
      ALERT_LOCALE: 'fr',
      REQUEST_TIMEOUT_MS: '2500',
      SECRET_CACHE_SECONDS: '0',
      REPEAT_ALERT_MINUTES: '60',
      RECOVERY_MARGIN_PERCENT: '2.5',
      FAILURE_ALERT_AFTER: '1',
      STALE_AFTER_MINUTES: '90',
    });
    expect(config).toMatchObject({
      apiUrl: 'https://sandbox.example.sn',
      accountName: 'Boutique Dakar',
      expectedCurrency: 'XOF',
      locale: 'fr',
      requestTimeoutMs: 2500,
      secretCacheSeconds: 0,
      policy: {
        thresholds: { low: 100000, critical: 25000.5 },
        repeatAfterMinutes: 60,
        recoveryMarginPercent: 2.5,
        failureAlertAfter: 1,
        staleAfterMinutes: 90,
      },
    });
  });

  it('names every missing required variable', () => {
    const message = errorFor({});
    expect(message).toContain('DEXCHANGE_API_KEY_SECRET_ID is required');
    expect(message).toContain('ALERT_TOPIC_ARN is required');
    expect(message).toContain('LOW_BALANCE_THRESHOLD is required');
    expect(message).toContain('STATE_TABLE_NAME is required');
  });

  it.each([
    [
      { LOW_BALANCE_THRESHOLD: 'lots' },
      'LOW_BALANCE_THRESHOLD must be a number from 0 to 1000000000000000 (got "lots")',
    ],
    [
      { LOW_BALANCE_THRESHOLD: '-5' },
      'LOW_BALANCE_THRESHOLD must be a number from 0 to 1000000000000000 (got "-5")',
    ],
    [{ LOW_BALANCE_THRESHOLD: '1e21' }, 'LOW_BALANCE_THRESHOLD must be a number from 0 to'],
    [{ LOW_BALANCE_THRESHOLD: 'Infinity' }, 'LOW_BALANCE_THRESHOLD must be a number'],
    [
      { CRITICAL_BALANCE_THRESHOLD: '100000' },
      'CRITICAL_BALANCE_THRESHOLD must be below LOW_BALANCE_THRESHOLD',
    ],
    [{ DEXCHANGE_API_URL: 'http://api-m.dexchange.sn' }, 'DEXCHANGE_API_URL must use https'],
    [{ DEXCHANGE_API_URL: 'not a url' }, 'DEXCHANGE_API_URL must be an absolute URL'],
    [
      { DEXCHANGE_API_URL: 'https://user:pw@api-m.dexchange.sn' },
      'DEXCHANGE_API_URL must not carry credentials',
    ],
    [
      { ALERT_TOPIC_ARN: 'balance-alerts' },
      'ALERT_TOPIC_ARN must be the ARN of a standard SNS topic',
    ],
    [
      { ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts.fifo' },
      'ALERT_TOPIC_ARN must be the ARN of a standard SNS topic (arn:aws:sns:REGION:ACCOUNT:NAME); a .fifo topic cannot take the alerts',
    ],
    [
      { DEXCHANGE_API_KEY_SECRET_ID: '   ' },
      'DEXCHANGE_API_KEY_SECRET_ID is required (it is empty)',
    ],
    [{ ALERT_LOCALE: 'wo' }, 'ALERT_LOCALE must be one of en, fr'],
    [{ EXPECTED_CURRENCY: 'cfa' }, 'EXPECTED_CURRENCY must be a 3-letter ISO 4217 code'],
    [{ REQUEST_TIMEOUT_MS: '1.5' }, 'REQUEST_TIMEOUT_MS must be a whole number from 100 to 60000'],
    [{ SECRET_CACHE_SECONDS: '-1' }, 'SECRET_CACHE_SECONDS must be a whole number from 0 to 86400'],
    [{ ACCOUNT_NAME: 'x'.repeat(33) }, 'ACCOUNT_NAME must be at most 32 characters'],
    [{ STATE_TABLE_NAME: 'a b' }, 'STATE_TABLE_NAME must be a DynamoDB table name'],
    [{ REPEAT_ALERT_MINUTES: '1' }, 'REPEAT_ALERT_MINUTES must be a whole number from 5 to 10080'],
    [{ RECOVERY_MARGIN_PERCENT: '-1' }, 'RECOVERY_MARGIN_PERCENT must be a number from 0 to 100'],
    [{ FAILURE_ALERT_AFTER: '0' }, 'FAILURE_ALERT_AFTER must be a whole number from 1 to 100'],
    [{ STALE_AFTER_MINUTES: 'never' }, 'STALE_AFTER_MINUTES must be a whole number'],
    [{ ACCOUNT_NAME: 'Boutique 🇸🇳' }, 'ACCOUNT_NAME must start with a letter or digit'],
  ])('refuses %j', (override, message) => {
    expect(errorFor({ ...valid, ...override })).toContain(message);
  });

  it.each([
    'http://localhost:4010',
    'http://127.0.0.1:4010',
    'http://127.8.9.10',
    'http://[::1]:8080',
  ])('allows plain http for the loopback host %s', (url) => {
    expect(loadConfig({ ...valid, DEXCHANGE_API_URL: url }).apiUrl).toBe(url.replace(/\/$/, ''));
  });

  it('treats blank optional variables as unset', () => {
    const config = loadConfig({
      ...valid,
      CRITICAL_BALANCE_THRESHOLD: '',
      EXPECTED_CURRENCY: ' ',
      DEXCHANGE_API_URL: '',
    });
    expect(config.policy.thresholds.critical).toBeUndefined();
    expect(config.expectedCurrency).toBeUndefined();
    expect(config.apiUrl).toBe('https://api-m.dexchange.sn');
  });
});

describe('the environment table of docs/configuration.md', () => {
  it('lists exactly the variables the function reads', async () => {
    const { readFile } = await import('node:fs/promises');
    const { ENVIRONMENT_VARIABLES } = await import('../../lambda/config');
    const page = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const section = page.slice(page.indexOf("## The function's environment"));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...ENVIRONMENT_VARIABLES].sort());
  });
});

describe('a variable holding JSON', () => {
  it('names the problem without a stray path when the JSON itself has the wrong shape', () => {
    const message = errorFor({ ...valid, CHANNELS: '{"kind":"webhook"}' });
    expect(message).toContain('CHANNELS Invalid input: expected array, received object');
    expect(message).not.toMatch(/CHANNELS\s*:\s*:/);
  });
});
