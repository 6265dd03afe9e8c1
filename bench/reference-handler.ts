import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/**
 * The naive scheduled function a balance check is measured against (issue 15's reference): read
 * the secret, fetch the balance, compare, publish when low. No validation, no state, no
 * logging, no cache: the secret is read on every run, as a first script would. Not product
 * code: it lives here to give the benchmark its ratios.
 */

const secrets = new SecretsManagerClient({});
const sns = new SNSClient({});

export async function handler(): Promise<{ balance: number }> {
  const secret = await secrets.send(
    new GetSecretValueCommand({ SecretId: process.env.DEXCHANGE_API_KEY_SECRET_ID }),
  );
  const response = await fetch(
    `${process.env.DEXCHANGE_API_URL ?? ''}/api/v1/api-services/balance`,
    { headers: { Authorization: `Bearer ${secret.SecretString ?? ''}` } },
  );
  const body = (await response.json()) as { balance: { balance: number } };
  const balance = body.balance.balance;
  if (balance < Number(process.env.LOW_BALANCE_THRESHOLD)) {
    await sns.send(
      new PublishCommand({ TopicArn: process.env.ALERT_TOPIC_ARN, Message: `Balance ${balance}` }),
    );
  }
  return { balance };
}
