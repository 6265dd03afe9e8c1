import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { environmentSchema } from '../../lambda/contract/environment';
import { gsm7Length } from '../../lambda/messages/text';
import { createChannelsFixture, type ChannelsFixture } from '../support/channels-fixture';
import { createMonitorFixture } from '../support/monitor-fixture';
import { MOTO_INSTALL_HINT } from '../support/moto';
import { synthesize } from '../support/synth';

/**
 * "Boutique Thiès" from the deploy config to the recipient: the stack takes it, the function's
 * environment carries it (read back from the template with the function's own schema), a real
 * check on moto tells it in every text with its accent, and only the SNS subject, which must be
 * ASCII, spells it "Thies".
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');
if (motoUrl === null) console.warn(`[skip] accented name tests: ${MOTO_INSTALL_HINT}`);

let channels: ChannelsFixture | undefined;
afterEach(async () => {
  await channels?.close();
  channels = undefined;
});

/** ACCOUNT_NAME as the synthesized template gives it to the function, through its schema. */
function accountNameFromTemplate(name: string): string {
  const { template } = synthesize({
    accounts: [{ name, lowBalanceThreshold: 100000, criticalBalanceThreshold: 25000 }],
    alertEmails: ['ops@example.sn'],
    smsNumbers: ['+221771234567'],
  });
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
    Properties: { Environment?: { Variables?: Record<string, unknown> } };
  }[];
  const names = functions
    .map((f) => f.Properties.Environment?.Variables?.ACCOUNT_NAME)
    .filter((value) => value !== undefined);
  expect(names).toHaveLength(1);
  return environmentSchema.shape.ACCOUNT_NAME.parse(names[0]);
}

describe.skipIf(motoUrl === null)('an accented account name, end to end', () => {
  it('"Boutique Thiès" reaches e-mail, SMS and chat with its è; the SNS subject reads "Thies"', async () => {
    // Typed with a combining grave accent: the stack and the function both store it as NFC.
    const accountName = accountNameFromTemplate('Boutique Thie\u0300s');
    expect(accountName).toBe('Boutique Thiès');

    channels = await createChannelsFixture(motoUrl ?? '');
    const monitor = await createMonitorFixture(motoUrl ?? '', sandboxUrl, {
      account: { balances: [20_000] },
      env: { ...channels.env, ACCOUNT_NAME: accountName, ALERT_LOCALE: 'fr' },
    });
    const { result } = await monitor.invoke({});
    expect(result.status, JSON.stringify(result)).toBe('fulfilled');

    const [sent] = await monitor.sent();
    expect(sent?.attributes.severity).toBe('CRITICAL');
    expect(sent?.attributes.account).toBe('Boutique Thiès');
    expect(sent?.message.email).toContain('Boutique Thiès');
    expect(sent?.message.sms).toContain('Boutique Thiès');
    expect(gsm7Length(sent?.message.sms ?? '')).toBeLessThanOrEqual(160);
    expect(sent?.subject).toContain('Boutique Thies');
    expect(sent?.subject).toMatch(/^[\x20-\x7e]+$/);

    const [chat] = await channels.chat.delivered();
    expect(chat?.message).toContain('Boutique Thiès');

    // The state item's key is the NFC name: the same item whichever way it was typed.
    const dynamo = new DynamoDBClient({
      endpoint: motoUrl ?? '',
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const item = await dynamo.send(
      new GetItemCommand({
        TableName: monitor.tableName,
        Key: { account: { S: 'Boutique Thiès' } },
      }),
    );
    expect(item.Item).toBeDefined();
  });
});
