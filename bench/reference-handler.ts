import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/**
 * The floor a balance check is measured against: fetch the balance, compare, publish when low.
 * No validation, no state, no logging, no secret (the key comes from the environment). Not
 * product code: it lives here to give the benchmark its ratios.
 */

const sns = new SNSClient({});

export async function handler(): Promise<{ balance: number }> {
  const response = await fetch(
    `${process.env.DEXCHANGE_API_URL ?? ''}/api/v1/api-services/balance`,
    {
      headers: { Authorization: `Bearer ${process.env.REFERENCE_API_KEY ?? ''}` },
    },
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
