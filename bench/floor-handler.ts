import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod/mini';

/**
 * The product's floor (issue 24): the naive reference (bench/reference-handler.ts) plus only
 * what DEVELOPERS.md requires of every check: the alert state read from DynamoDB, the API's
 * answer checked with zod (its smallest form, `zod/mini`, one schema), and Powertools' Logger.
 * No texts, no policy, no outbox, no channels. What a cold check of any design that keeps
 * those requirements pays at least: the bench sets the monitor's cold ratio against it. Not
 * product code.
 */

const secrets = new SecretsManagerClient({});
const dynamo = new DynamoDBClient({});
const sns = new SNSClient({});
const logger = new Logger({ serviceName: 'floor' });

const balanceSchema = z.object({ balance: z.object({ balance: z.number() }) });

export async function handler(): Promise<{ balance: number }> {
  const [secret, state] = await Promise.all([
    secrets.send(new GetSecretValueCommand({ SecretId: process.env.DEXCHANGE_API_KEY_SECRET_ID })),
    dynamo.send(
      new GetItemCommand({
        TableName: process.env.STATE_TABLE_NAME,
        Key: { account: { S: process.env.ACCOUNT_NAME ?? '' } },
      }),
    ),
  ]);
  const response = await fetch(
    `${process.env.DEXCHANGE_API_URL ?? ''}/api/v1/api-services/balance`,
    { headers: { Authorization: `Bearer ${secret.SecretString ?? ''}` } },
  );
  const balance = balanceSchema.parse(await response.json()).balance.balance;
  logger.info('checked', { balance, known: state.Item !== undefined });
  if (balance < Number(process.env.LOW_BALANCE_THRESHOLD)) {
    await sns.send(
      new PublishCommand({ TopicArn: process.env.ALERT_TOPIC_ARN, Message: `Balance ${balance}` }),
    );
  }
  return { balance };
}
