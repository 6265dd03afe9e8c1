import { Token } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DeployConfigError } from '../../infra/config';
import {
  ADDED_BY_FUNCTION_BYTES,
  ENVIRONMENT_MAX_BYTES,
  LONGEST_ARN,
} from '../../infra/function-environment';
import { LONGEST_QUEUE_URL } from '../../infra/parked-alerts';
import { telegramWebhookEnvironment } from '../../infra/telegram-buttons';
import { whatsappEventsEnvironment } from '../../infra/whatsapp-buttons';

/**
 * The Telegram webhook's and the WhatsApp event function's environments are checked at synth by
 * one rule (checkedEnvironment, infra/function-environment.ts), as the callback receiver's is
 * (callback-environment.test.ts): what the function would refuse at every request fails the
 * synth naming the deploy config's field and the variable, and the size is measured with every
 * token at its longest (a queue URL's as a queue URL), against Lambda's 4 KB.
 */

const token = (name: string) => Token.asString({ Ref: name });
const problemsOf = (build: () => unknown): string => {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(DeployConfigError);
    return (error as DeployConfigError).problems.join('\n');
  }
  throw new Error('the environment was taken');
};
const bytesOf = (environment: Record<string, string>) =>
  Object.entries(environment).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    ADDED_BY_FUNCTION_BYTES,
  );

const telegram = (accountNames: readonly string[]) => ({
  tableName: token('Table'),
  webhookSecretArn: token('Secret'),
  accountNames,
  locale: 'fr' as const,
});
const whatsapp = (more: Partial<Parameters<typeof whatsappEventsEnvironment>[0]> = {}) => ({
  tableName: token('Table'),
  acknowledge: true,
  recipients: { 'Boutique Dakar': [{ name: 'Awa', number: '+221770000001' }] },
  operatorTopicArn: token('Operators'),
  locale: 'fr' as const,
  timeZone: 'Africa/Dakar',
  ...more,
});

describe("the Telegram webhook's environment at synth", () => {
  it('is returned as given, tokens and all', () => {
    const settings = telegram(['Boutique Dakar']);
    expect(telegramWebhookEnvironment(settings)).toEqual({
      STATE_TABLE_NAME: settings.tableName,
      TELEGRAM_WEBHOOK_SECRET_ID: settings.webhookSecretArn,
      ACCOUNT_NAMES: '["Boutique Dakar"]',
      ALERT_LOCALE: 'fr',
    });
  });

  it('refuses what the webhook would refuse, naming the field and the variable', () => {
    expect(problemsOf(() => telegramWebhookEnvironment(telegram([])))).toMatch(
      /^telegramButtons: the Telegram webhook would refuse the environment the stack gives it: ACCOUNT_NAMES /,
    );
  });

  it("measures the accounts' names with the tokens at their longest, against 4 KB", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `${i}`.padEnd(32, 'x'));
    const longest = (n: number) => ({
      STATE_TABLE_NAME: LONGEST_ARN,
      TELEGRAM_WEBHOOK_SECRET_ID: LONGEST_ARN,
      ACCOUNT_NAMES: JSON.stringify(names(n)),
      ALERT_LOCALE: 'fr',
    });
    let fits = 1;
    while (bytesOf(longest(fits + 1)) <= ENVIRONMENT_MAX_BYTES) fits += 1;
    expect(() => telegramWebhookEnvironment(telegram(names(fits)))).not.toThrow();
    expect(problemsOf(() => telegramWebhookEnvironment(telegram(names(fits + 1))))).toBe(
      `telegramButtons: the Telegram webhook's environment would take ${bytesOf(longest(fits + 1))} bytes with the accounts' names, past Lambda's 4096; deploy the accounts with Telegram chats in more than one stack`,
    );
  });
});

describe("the WhatsApp event function's environment at synth", () => {
  it('takes a queue URL that is a token, measured as a queue URL (an ARN would be refused)', () => {
    const settings = whatsapp({ parkedQueueUrl: token('Parked') });
    expect(whatsappEventsEnvironment(settings).PARKED_ALERTS_QUEUE_URL).toBe(
      settings.parkedQueueUrl,
    );
    expect(
      problemsOf(() => whatsappEventsEnvironment(whatsapp({ parkedQueueUrl: LONGEST_ARN }))),
    ).toMatch(
      /^whatsapp: the WhatsApp event function would refuse the environment the stack gives it: PARKED_ALERTS_QUEUE_URL must be the URL of an SQS queue/,
    );
    expect(LONGEST_QUEUE_URL).toMatch(/^https:\/\/sqs\./);
  });

  it('refuses a number the function would refuse, naming the variable', () => {
    const recipients = { 'Boutique Dakar': [{ name: 'Awa', number: '770000001' }] };
    expect(problemsOf(() => whatsappEventsEnvironment(whatsapp({ recipients })))).toMatch(
      /^whatsapp: the WhatsApp event function would refuse the environment the stack gives it: WHATSAPP_RECIPIENTS /,
    );
  });

  it('measures the recipients with the tokens at their longest, against 4 KB', () => {
    const recipients = (n: number) => ({
      'Boutique Dakar': Array.from({ length: n }, (_, i) => ({
        name: `caissier ${i}`,
        number: `+2217700${String(i).padStart(5, '0')}`,
      })),
    });
    const longest = (n: number) => ({
      STATE_TABLE_NAME: LONGEST_ARN,
      ACK_WHATSAPP_BUTTONS: 'true',
      WHATSAPP_RECIPIENTS: JSON.stringify(recipients(n)),
      OPERATOR_TOPIC_ARN: LONGEST_ARN,
      PARKED_ALERTS_QUEUE_URL: LONGEST_QUEUE_URL,
      ALERT_LOCALE: 'fr',
      ALERT_TIME_ZONE: 'Africa/Dakar',
    });
    let fits = 1;
    while (bytesOf(longest(fits + 1)) <= ENVIRONMENT_MAX_BYTES) fits += 1;
    const settings = (n: number) =>
      whatsapp({ recipients: recipients(n), parkedQueueUrl: token('Parked') });
    expect(() => whatsappEventsEnvironment(settings(fits))).not.toThrow();
    expect(problemsOf(() => whatsappEventsEnvironment(settings(fits + 1)))).toBe(
      `whatsapp: the WhatsApp event function's environment would take ${bytesOf(longest(fits + 1))} bytes with the recipients' names and numbers, past Lambda's 4096; deploy the accounts with WhatsApp recipients in more than one stack`,
    );
  });
});
