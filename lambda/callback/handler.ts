import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { callbackEnvironmentSchema } from '../contract/callback-environment';
import { formatIssues } from '../contract/env-rules';
import { createChannelSecret, type ChannelSecret } from '../channels/channel-secret';
import { createCallbackWindow, createCallbackWindowRelease } from '../stores/callback-window';
import { CALLBACK_MAX_BYTES, receiveCallback, type CallbackDeps } from './receive';
import { createCheckStarter } from './start-check';
import { tokenBook } from './token';

/**
 * The callback receiver as a Lambda Function URL (a third entry in the same bundle). Its
 * environment is its own contract: the state table (for the window's item only), the stack's
 * callback key (each account's token is derived from it), and per account its check function
 * and, when its callbacks are signed, its signing secret (lambda/contract/callback-environment.ts,
 * which the stack checks at synth). One log line per request, from
 * `receiveCallback`'s `log`: never the body, the path, a header or a key.
 */

export { callbackEnvironmentSchema };

/** The Function URL event (payload format 2.0), as much of it as the receiver reads. */
export interface CallbackUrlEvent {
  readonly rawPath?: string;
  readonly requestContext?: { readonly http?: { readonly method?: string } };
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

let deps: CallbackDeps | undefined;

/**
 * Each AWS call of the receiver is cut at 1 s an attempt (the SDK's 3 attempts, its backoff
 * between): Secrets Manager, the conditional put and an asynchronous invoke answer in tens of
 * milliseconds, and a call that hangs must end in a 503 the receiver logs, before its own 10 s
 * timeout ends it with nothing said (infra/callback-receiver.ts).
 */
export const RECEIVER_CLIENT_CONFIG = {
  requestHandler: { requestTimeout: 1_000, connectionTimeout: 1_000, throwOnRequestTimeout: true },
} as const;

/** The SDK client settings the receiver's three clients take (tests shorten the retry). */
export type ReceiverClientConfig = ConstructorParameters<typeof LambdaClient>[0] &
  ConstructorParameters<typeof DynamoDBClient>[0] &
  ConstructorParameters<typeof SecretsManagerClient>[0];

/**
 * The receiver's ports from its environment, as the Function URL's handler builds them once per
 * container; `clientConfig` is given to each SDK client (the endpoints come from AWS_ENDPOINT_URL_*).
 */
export function callbackPorts(
  environment: Readonly<Record<string, string | undefined>>,
  clientConfig: ReceiverClientConfig = RECEIVER_CLIENT_CONFIG,
): CallbackDeps {
  const parsed = callbackEnvironmentSchema.safeParse(environment);
  if (!parsed.success) throw new Error(`Invalid environment: ${formatIssues(parsed.error.issues)}`);
  const env = parsed.data;
  const secrets = new SecretsManagerClient(clientConfig);
  const secret = (secretId: string, purpose: string) =>
    createChannelSecret({
      client: secrets,
      secretId,
      purpose,
      maxAgeSeconds: env.SECRET_CACHE_SECONDS,
    });
  const key = secret(env.CALLBACK_KEY_SECRET_ID, 'the callback key');
  const signing = new Map<string, ChannelSecret>();
  for (const entry of env.CALLBACK_ACCOUNTS)
    if (entry.signingSecretId !== undefined)
      signing.set(entry.account, secret(entry.signingSecretId, 'the callback signing secret'));
  const names = env.CALLBACK_ACCOUNTS.map((entry) => entry.account);
  const dynamo = new DynamoDBClient(clientConfig);
  return {
    tokens: async () => tokenBook(await key.read(), names),
    signingSecret: async (account) => signing.get(account)?.read(),
    signatureHeader: env.CALLBACK_SIGNATURE_HEADER,
    claim: createCallbackWindow(dynamo, env.STATE_TABLE_NAME, env.CALLBACK_WINDOW_SECONDS),
    release: createCallbackWindowRelease(dynamo, env.STATE_TABLE_NAME, env.CALLBACK_WINDOW_SECONDS),
    startCheck: createCheckStarter(
      new LambdaClient(clientConfig),
      Object.fromEntries(env.CALLBACK_ACCOUNTS.map((entry) => [entry.account, entry.function])),
    ),
    now: () => new Date(),
  };
}

/** The body's bytes as sent; a base64 body far past the cap is not decoded at all. */
function bodyBytes(event: CallbackUrlEvent, cap: number): Buffer {
  const raw = event.body ?? '';
  if (event.isBase64Encoded !== true) return Buffer.from(raw, 'utf8');
  if (raw.length > Math.ceil((cap + 1) / 3) * 4 + 4) return Buffer.alloc(cap + 1);
  return Buffer.from(raw, 'base64');
}

type UrlResponse = { statusCode: number; headers: Record<string, string>; body: string };

/** One request against the given ports, and its one log line (what tests call). */
export async function serveCallback(
  event: CallbackUrlEvent,
  ports: CallbackDeps,
): Promise<UrlResponse> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    headers[name.toLowerCase()] = value;
  const result = await receiveCallback(
    {
      method: event.requestContext?.http?.method ?? 'GET',
      path: event.rawPath ?? '/',
      headers,
      body: bodyBytes(event, CALLBACK_MAX_BYTES),
    },
    ports,
  );
  console.log(JSON.stringify({ message: 'callback', ...result.log }));
  return { ...result.response, headers: { ...result.response.headers } };
}

export async function handler(event: CallbackUrlEvent): Promise<UrlResponse> {
  deps ??= callbackPorts(process.env);
  return serveCallback(event, deps);
}
