import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from '../contract/zod';
import {
  formatIssues,
  fromJson,
  numberWithDefault,
  optionalString,
  requiredString,
  timeZoneVariable,
} from '../contract/env-rules';
import { ackTopUpSchema } from '../contract/top-up-help';
import { healedStateReport, metrics } from '../observability';
import { createStateTable } from '../stores/dynamodb';
import { dynamoLinkKeyItems, linkKeyForVerifying } from '../stores/link-key';
import { handleAck, type AckDeps, type AckResponse } from './acknowledge';

/**
 * The acknowledge page as a Lambda Function URL (a second entry in the same bundle). Its
 * environment is its own contract; it reads the link key once per container (cached) and the state
 * of the account the token names. It logs the outcome only, never the token or the name.
 */

export const ackEnvironmentSchema = z.object({
  STATE_TABLE_NAME: requiredString(),
  ALERT_TIME_ZONE: timeZoneVariable(),
  SECRET_CACHE_SECONDS: numberWithDefault({ min: 0, max: 86_400, integer: true }, 300),
  /** How to top up (infra/acknowledge-page.ts): the stack's, and each account's own. */
  ACK_TOP_UP: z.pipe(
    optionalString(),
    z.transform((value: string | undefined, ctx) =>
      value === undefined ? undefined : fromJson(ackTopUpSchema, 'must be JSON')(value, ctx),
    ),
  ),
});

/** The Function URL event (payload format 2.0), as much of it as the page reads. */
export interface FunctionUrlEvent {
  readonly requestContext?: { readonly http?: { readonly method?: string } };
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

let deps: AckDeps | undefined;

function build(): AckDeps {
  const parsed = ackEnvironmentSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const env = parsed.data;
  const dynamo = new DynamoDBClient({});
  const key = linkKeyForVerifying({
    items: dynamoLinkKeyItems(dynamo, env.STATE_TABLE_NAME),
    maxAgeSeconds: env.SECRET_CACHE_SECONDS,
  });
  return {
    key: () => key.read(),
    store: (account) => createStateTable(dynamo, env.STATE_TABLE_NAME, account),
    now: () => new Date(),
    timeZone: env.ALERT_TIME_ZONE,
    stateHealed: (account, problems) => {
      healedStateReport(account, 'ack')(problems);
    },
    topUp: (account) => env.ACK_TOP_UP?.accounts[account] ?? env.ACK_TOP_UP?.stack,
  };
}

export async function handler(event: FunctionUrlEvent): Promise<AckResponse> {
  deps ??= build();
  const raw = event.body ?? '';
  const response = await handleAck(
    {
      method: event.requestContext?.http?.method ?? 'GET',
      query: event.queryStringParameters ?? {},
      body: event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw,
    },
    deps,
  );
  console.log(JSON.stringify({ message: 'acknowledge page', status: response.statusCode }));
  // StateProblem, when the page saved over a record that needed healing.
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return response;
}
