import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Webhook } from 'standardwebhooks';
import { signingKeysOf } from '../lambda/channels/webhook-signing';
import { closeIncludingSockets } from './closable-server';
import { readRequestBody } from './read-request';

/**
 * A webhook receiver as a careful integrator would write one: it verifies the Standard Webhooks
 * headers with the `standardwebhooks` library itself (`Webhook.verify`: the signature over
 * "webhook-id.webhook-timestamp.body", a timestamp within 5 minutes), that the webhook-id is the
 * body's id, and the body against schemas/webhook-event.schema.json; when the old headers come
 * too (a secret from before the standard), it checks them as the receivers not yet moved do.
 * Tests script its answers (a 500, a hang, a 300 MB body) to see the monitor's side hold.
 */

const SCHEMA_PATH = path.resolve(import.meta.dirname, '..', 'schemas', 'webhook-event.schema.json');
/** How old a signed request may be before it is refused as a replay. */
export const MAX_SKEW_SECONDS = 300;

export interface ReceivedWebhook {
  readonly body: unknown;
  readonly raw: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Empty when signature, timestamp, key and schema all hold. */
  readonly problems: readonly string[];
}

export type WebhookAnswer =
  { readonly status: number } | { readonly status: number; readonly bodyBytes: number } | 'hang';

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answers used one per request, before the default (200 when valid, 401 when not). */
  answer(...answers: WebhookAnswer[]): void;
  /** Bytes of scripted big bodies the server managed to write before the client left. */
  readonly bytesSent: () => number;
  close(): Promise<void>;
}

export function createWebhookValidator(): (body: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // A CommonJS module: its default import is the plugin function itself under Node's ESM.
  (addFormats as unknown as (ajv: Ajv2020) => Ajv2020)(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  return (body) =>
    validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

/**
 * What the `standardwebhooks` library says of a request, for a receiver holding `secret` (a
 * `whsec_...` key, two of them while a rotation lasts, or a secret from before the standard,
 * whose UTF-8 bytes are the key): empty when it verifies; a secret the monitor would refuse
 * to sign with is a problem too.
 */
export function verifyStandard(
  secret: string,
  raw: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string[] {
  const given: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = headers[name];
    given[name] = (Array.isArray(value) ? value[0] : value) ?? '';
  }
  // The secret read by the monitor's own rule (signingKeysOf): during a rotation it holds two
  // keys ("whsec_NEW whsec_OLD"), and a receiver holds one of them, so the request verifies
  // when either key verifies it; a secret from before the standard is one key, spaces and all.
  const signing = signingKeysOf(secret);
  if ('problem' in signing) return [`the receiver's signing secret ${signing.problem}`];
  const problems: string[] = [];
  for (const key of signing.keys) {
    try {
      new Webhook(key, { format: 'raw' }).verify(raw, given, { jsonParse: false });
      return [];
    } catch (error) {
      problems.push(`webhook-signature: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return [...new Set(problems)];
}

/** Whether a request's old headers are signed by `secret`: the check a receiver not yet moved makes. */
export function verifySignature(
  secret: string,
  raw: string,
  timestamp: string | undefined,
  signature: string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): string[] {
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return ['X-Timestamp missing'];
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS)
    return [`X-Timestamp ${timestamp} is more than ${MAX_SKEW_SECONDS} s away from now`];
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  const given = Buffer.from(signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected))
    ? []
    : ['X-Signature does not match'];
}

/** The alert's id a webhook-id stands for (letters outside ASCII come percent-encoded). */
function idOf(webhookId: string | undefined): string | undefined {
  try {
    return webhookId === undefined ? undefined : decodeURIComponent(webhookId);
  } catch {
    return undefined;
  }
}

export async function startWebhookReceiver(options: {
  readonly secret: string;
  readonly port?: number;
  /** Called with each request, valid or not (the CLI prints them). */
  readonly onReceive?: (received: ReceivedWebhook) => void;
}): Promise<WebhookReceiver> {
  const validate = createWebhookValidator();
  // A secret from before the standard (by the monitor's rule): the old headers must hold too.
  const signing = signingKeysOf(options.secret);
  const legacySecret = 'problem' in signing ? undefined : signing.legacy;
  const received: ReceivedWebhook[] = [];
  const answers: WebhookAnswer[] = [];
  let bytesSent = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readRequestBody(req);
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const problems: string[] = [];
      if (req.method !== 'POST') problems.push(`method ${req.method ?? ''}`);
      if (!(header('content-type') ?? '').startsWith('application/json'))
        problems.push('Content-Type is not application/json');
      problems.push(...verifyStandard(options.secret, raw, req.headers));
      // The old headers come with a secret from before the standard, and then must hold too;
      // with a whsec_ secret they are gone.
      if (legacySecret !== undefined)
        problems.push(
          ...verifySignature(legacySecret, raw, header('x-timestamp'), header('x-signature')),
        );
      else if (header('x-signature') !== undefined)
        problems.push('X-Signature sent with a whsec_ secret');
      let body: unknown;
      try {
        body = JSON.parse(raw);
        problems.push(...validate(body));
        const id = (body as { id?: unknown }).id;
        if (idOf(header('webhook-id')) !== id) problems.push('webhook-id is not the body id');
      } catch {
        problems.push('the body is not JSON');
      }
      const entry = { body, raw, headers: req.headers, problems };
      received.push(entry);
      options.onReceive?.(entry);
      const scripted = answers.shift();
      if (scripted === 'hang') return;
      if (scripted !== undefined && 'bodyBytes' in scripted) {
        // A huge answer, written as long as the client reads it.
        res.writeHead(scripted.status, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const write = () => {
          while (bytesSent < scripted.bodyBytes) {
            bytesSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', write);
          }
          res.end();
        };
        res.on('close', () => res.destroy());
        write();
        return;
      }
      const status = scripted?.status ?? (problems.length === 0 ? 200 : 401);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(problems.length === 0 ? { ok: true } : { ok: false, problems }));
    })();
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dexchange`,
    received,
    answer: (...more) => answers.push(...more),
    bytesSent: () => bytesSent,
    close,
  };
}
