import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { signAck, ACK_TTL_HOURS } from '../lambda/ack/token';
import { callbackToken } from '../lambda/callback/token';
import { LINK_KEY_ITEM_KEY } from '../lambda/contract/link-key';
import { createStateTable as stateTable } from '../lambda/stores/dynamodb';
import { callbackWindowKey } from '../lambda/stores/callback-window';
import { createSecret } from '../test/support/aws';
import { closeIncludingSockets } from '../tools/closable-server';
import { payoutCallbackBody } from '../tools/local-callbacks';

/**
 * The public endpoints' cold response (issue 24, item 6): process start to the first answer of
 * the acknowledge page (lambda/ack/handler.ts) and of the callback receiver
 * (lambda/callback/handler.ts), each bundled as the stack bundles it, against a hello-world
 * Function URL handler bundled the same way (bench/hello-handler.ts). Each run is a fresh Node
 * process (bench/endpoint-child.mjs) given one Function URL event, as Lambda's first request in
 * a new container:
 * - the page: a GET of a valid "I'm on it" link of an open LOW episode: the key's secret read,
 *   the account's state read (moto), the confirmation page drawn (figures, chart);
 * - the receiver: a valid payout callback: the key's secret read, the window's conditional
 *   write (moto), the check's asynchronous invoke (a local stand-in answering 202 as Lambda
 *   does: moto runs Lambda functions in Docker, which this machine does not have). The window
 *   is deleted before each run, so each run starts a check.
 */

const run = promisify(execFile);
const childScript = path.join(import.meta.dirname, 'endpoint-child.mjs');

export const ACK_ACCOUNT = 'bench-ack';
// The link key as the check creates it: 32 bytes, base64url (lambda/contract/link-key.ts).
const ACK_KEY = Buffer.alloc(32, 7).toString('base64url');
const CALLBACK_ACCOUNT = 'bench-callback-cold';
const CALLBACK_KEY = 'bench-callback-key-0123456789abcdef0123456789';

export interface Endpoint {
  readonly name: string;
  readonly bundle: string;
  readonly env: NodeJS.ProcessEnv;
  readonly event: unknown;
  /** The answer's statusCode; undefined for the reference, which answers no HTTP. */
  readonly expectStatus: number | undefined;
  /** Before each cold run (the receiver's window deleted). */
  readonly beforeEach?: () => Promise<void>;
}

export interface EndpointResult {
  readonly name: string;
  /** Process start to the first answer, one per run. */
  readonly answeredMs: number[];
  /** The bundle's import alone, one per run. */
  readonly importMs: number[];
}

/** A stand-in for Lambda's Invoke API: 202 to every call, as `InvocationType: Event` answers. */
async function startInvokeStandIn(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end();
    });
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close };
}

export interface EndpointSetUp {
  readonly endpoints: (bundles: {
    ack: string;
    callback: string;
    hello: string;
    /** The trimmed reference handler (bench/reference-handler.ts). */
    reference: string;
  }) => readonly Endpoint[];
  close(): Promise<void>;
}

/**
 * The page's and the receiver's resources in moto. `openEpisode` runs one check of the
 * account `bench-ack` below its LOW (the real bundle, in its own process), so that the page has
 * an open episode to show.
 */
export async function setUpEndpoints(
  motoUrl: string,
  /** The AWS variables, and the check's own (which only the reference reads). */
  awsEnv: NodeJS.ProcessEnv,
  tableName: string,
  openEpisode: (account: string) => Promise<void>,
): Promise<EndpointSetUp> {
  const dynamo = new DynamoDBClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await openEpisode(ACK_ACCOUNT);
  const since = (await stateTable(dynamo, tableName, ACK_ACCOUNT).load(new Date())).record?.state
    .episode?.since;
  if (since === undefined) throw new Error(`the check of ${ACK_ACCOUNT} opened no LOW episode`);
  const token = signAck(
    {
      account: ACK_ACCOUNT,
      episode: `b:${since}`,
      expires: Math.floor(Date.now() / 1000) + ACK_TTL_HOURS * 3600,
      locale: 'en',
    },
    ACK_KEY,
  );
  // The page reads the link key from the state table, as deployed (stores/link-key.ts).
  await dynamo.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        account: { S: LINK_KEY_ITEM_KEY },
        key: { S: ACK_KEY },
        createdAt: { S: new Date().toISOString() },
      },
    }),
  );
  const callbackKeySecretId = await createSecret(motoUrl, CALLBACK_KEY);
  const invoke = await startInvokeStandIn();
  const functionUrlEvent = (method: string) => ({
    version: '2.0',
    requestContext: { http: { method } },
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
  });
  return {
    endpoints: (bundles) => [
      {
        name: 'hello world',
        bundle: bundles.hello,
        env: awsEnv,
        event: { ...functionUrlEvent('GET'), rawPath: '/' },
        expectStatus: 200,
      },
      {
        // What any function pays that answers after two SDK calls: the naive reference's
        // secret read and its GET (balance above LOW: nothing published), bundled trimmed.
        name: 'floor: reference (secret + GET)',
        bundle: bundles.reference,
        env: awsEnv,
        event: {},
        expectStatus: undefined,
      },
      {
        name: 'acknowledge page',
        bundle: bundles.ack,
        env: {
          ...awsEnv,
          STATE_TABLE_NAME: tableName,
          ALERT_TIME_ZONE: 'Africa/Dakar',
        },
        event: {
          ...functionUrlEvent('GET'),
          rawPath: '/ack',
          queryStringParameters: { t: token },
        },
        expectStatus: 200,
      },
      {
        name: 'callback receiver',
        bundle: bundles.callback,
        env: {
          ...awsEnv,
          STATE_TABLE_NAME: tableName,
          CALLBACK_KEY_SECRET_ID: callbackKeySecretId,
          CALLBACK_ACCOUNTS: JSON.stringify([
            { account: CALLBACK_ACCOUNT, function: 'bench-check' },
          ]),
          AWS_ENDPOINT_URL_LAMBDA: invoke.url,
        },
        event: {
          ...functionUrlEvent('POST'),
          rawPath: `/${callbackToken(CALLBACK_KEY, CALLBACK_ACCOUNT)}`,
          body: payoutCallbackBody({
            id: 'bench-cold',
            amount: 10_000,
            before: 250_000,
            currency: 'XOF',
            at: new Date(),
          }),
        },
        expectStatus: 202,
        beforeEach: async () => {
          await dynamo.send(
            new DeleteItemCommand({
              TableName: tableName,
              Key: { account: { S: callbackWindowKey(CALLBACK_ACCOUNT) } },
            }),
          );
        },
      },
    ],
    close: async () => {
      dynamo.destroy();
      await invoke.close();
    },
  };
}

/** `runs` cold processes of one endpoint under the given node binary. */
export async function measureEndpoint(
  node: string,
  endpoint: Endpoint,
  runs: number,
): Promise<EndpointResult> {
  const answeredMs: number[] = [];
  const importMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    await endpoint.beforeEach?.();
    const { stdout } = await run(
      node,
      [childScript, endpoint.bundle, JSON.stringify(endpoint.event)],
      { env: endpoint.env, maxBuffer: 16 * 1024 * 1024 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('{"startedMs"'));
    if (line === undefined)
      throw new Error(`${endpoint.name}: the process printed no result:\n${stdout.slice(-2000)}`);
    const result = JSON.parse(line) as {
      importMs: number;
      answeredMs: number;
      statusCode: number | undefined;
    };
    if (result.statusCode !== endpoint.expectStatus)
      throw new Error(
        `${endpoint.name} answered ${String(result.statusCode)}, not ${endpoint.expectStatus}: the bench's set-up no longer matches the handler`,
      );
    answeredMs.push(result.answeredMs);
    importMs.push(result.importMs);
  }
  return { name: endpoint.name, answeredMs, importMs };
}
