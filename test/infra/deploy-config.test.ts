import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';

describe('the deploy config', () => {
  it('applies defaults', () => {
    expect(parseDeployConfig({ lowBalanceThreshold: 5000 })).toEqual({
      accountName: 'default',
      lowBalanceThreshold: 5000,
      alertEmails: [],
      schedule: 'rate(5 minutes)',
      locale: 'en',
      logRetentionDays: 90,
    });
  });

  it('accepts a JSON string from -c', () => {
    expect(parseDeployConfig('{"lowBalanceThreshold": 10}').lowBalanceThreshold).toBe(10);
  });

  it.each([
    [{}, 'balanceMonitor.lowBalanceThreshold'],
    [{ lowBalanceThreshold: -1 }, 'balanceMonitor.lowBalanceThreshold: must be >= 0'],
    [
      { lowBalanceThreshold: 10, criticalBalanceThreshold: 10 },
      'balanceMonitor.criticalBalanceThreshold: must be below lowBalanceThreshold',
    ],
    [
      { lowBalanceThreshold: 10, alertEmails: ['not-an-address'] },
      'balanceMonitor.alertEmails.0: must be an e-mail address',
    ],
    [
      { lowBalanceThreshold: 10, schedule: 'every 5 minutes' },
      'balanceMonitor.schedule: must be "rate(',
    ],
    [
      { lowBalanceThreshold: 10, apiUrl: 'http://api.example.sn' },
      'balanceMonitor.apiUrl: must be an https URL',
    ],
    [{ lowBalanceThreshold: 10, logRetentionDays: 42 }, 'balanceMonitor.logRetentionDays'],
    [{ lowBalanceThreshold: 10, treshold: 5 }, 'treshold'],
  ])('refuses %j, naming the field', (raw, message) => {
    expect(() => parseDeployConfig(raw)).toThrow(message);
  });

  it('says where to put a missing config', () => {
    expect(() => parseDeployConfig(undefined)).toThrow(
      /add a "balanceMonitor" object to the "context" of cdk.json/,
    );
  });
});
