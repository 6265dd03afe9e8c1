// First, before any module builds a schema: zod's setting (aws/zod-jitless.ts).
import '../aws/zod-jitless';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createChannelSecret } from '../channels/channel-secret';
import { formatIssues } from '../contract/env-rules';
import { whatsappEventsEnvironmentSchema } from '../contract/whatsapp-events-environment';
import { healedStateReport, metrics } from '../observability';
import { createStateTable } from '../stores/dynamodb';
import { buttonPresses } from './whatsapp-event';
import { handleWhatsAppPress, type WhatsAppPressDeps } from './whatsapp-press';

/**
 * The function subscribed to the WhatsApp Business Account's event topic (an entry of the same
 * bundle, its own function and role: infra/whatsapp-buttons.ts). Reads the acknowledge key once
 * per container (cached), and the state of the account a button names. Every event of the
 * account reaches it; all but button presses are dropped unread. Logs outcomes only, never the
 * number, the payload or the name.
 */

/** The SNS event, as much of it as the function reads. */
export interface SnsEvent {
  readonly Records?: readonly { readonly Sns?: { readonly Message?: string } }[];
}

let deps: WhatsAppPressDeps | undefined;

function build(): WhatsAppPressDeps {
  const parsed = whatsappEventsEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const env = parsed.data;
  const dynamo = new DynamoDBClient({});
  const key = createChannelSecret({
    client: new SecretsManagerClient({}),
    secretId: env.ACK_KEY_SECRET_ID,
    purpose: 'the acknowledge key',
    maxAgeSeconds: env.SECRET_CACHE_SECONDS,
  });
  return {
    key: () => key.read(),
    recipients: env.WHATSAPP_RECIPIENTS,
    store: (account) => createStateTable(dynamo, env.STATE_TABLE_NAME, account),
    now: () => new Date(),
    stateHealed: (account, problems) => {
      healedStateReport(account, 'ack')(problems);
    },
  };
}

export async function handler(event: SnsEvent): Promise<{ outcomes: string[] }> {
  deps ??= build();
  const ready = deps;
  const presses = (event.Records ?? []).flatMap((r) => buttonPresses(r.Sns?.Message ?? ''));
  // One at a time: two presses of one alert are told apart by the conditional write anyway.
  const outcomes: string[] = [];
  for (const press of presses) outcomes.push(await handleWhatsAppPress(press, ready));
  if (outcomes.length > 0) console.log(JSON.stringify({ message: 'whatsapp presses', outcomes }));
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return { outcomes };
}
