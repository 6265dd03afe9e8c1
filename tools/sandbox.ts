import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BALANCE_PATH } from '../lambda/providers/dexchange/client';
import { closeIncludingSockets } from './closable-server';

/**
 * A stand-in for DEXCHANGE (which documents no sandbox host): `GET /api/v1/api-services/balance`
 * to the provider's spec, with Bearer auth, the documented error bodies, scripted balances and
 * faults on request. Several accounts, one per API key, so parallel tests do not share state.
 *
 * Control endpoints (for tests in another process):
 *   PUT    /__sandbox/accounts/{apiKey}   body: SandboxAccountInput (replaces the account)
 *   DELETE /__sandbox/accounts/{apiKey}   revokes the key (it gets 401 from then on)
 *   GET    /__sandbox/requests            the request log
 *   DELETE /__sandbox/requests            clears it
 */

export const SANDBOX_API_KEY = 'sandbox-key';

export const FAULTS = [
  '401-list',
  '401-coded',
  '401-numbered',
  '401-expired',
  '403',
  '403-maintenance',
  '404',
  '429',
  '429-retry-after',
  '500',
  '502',
  '503',
  'hang',
  'slow',
  'html',
  'empty',
  'malformed-json',
  'oversized',
  'wrong-types',
  'missing-fields',
  'unknown-error-body',
  // A provider that quotes the key back: in a 401 whose code is 300 KB long, in a redirect.
  '401-echo-key',
  'redirect-echo-key',
  // A provider whose message carries a link and markup (PROVIDER_MARKUP), with its code.
  '401-markup',
] as const;

/** What the `401-markup` fault says: a link, HTML, markdown emphasis and a markdown link. */
export const PROVIDER_MARKUP =
  'Clé expirée <a href="https://evil.example">renouveler</a> **ici** [x](http://y)';
export type Fault = (typeof FAULTS)[number];

export interface SandboxAccountInput {
  /** Balances served in turn; the last one repeats. */
  readonly balances?: readonly number[];
  readonly currency?: string;
  /** `lastUpdate` to report; default: the time of the request. */
  readonly lastUpdate?: string;
  /** Faults served, one per request, before any balance. */
  readonly faults?: readonly Fault[];
  /** Delay for the "slow" fault. */
  readonly slowMs?: number;
}

interface Account {
  balances: number[];
  served: number;
  currency: string;
  lastUpdate: string | undefined;
  faults: Fault[];
  slowMs: number;
}

export interface SandboxRequest {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  /** Which key was used, if known to the sandbox (never the raw header of an unknown key). */
  readonly account: string | undefined;
  readonly status: number;
}

export interface Sandbox {
  readonly url: string;
  readonly port: number;
  setAccount(apiKey: string, input: SandboxAccountInput): void;
  readonly requests: SandboxRequest[];
  close(): Promise<void>;
}

export interface SandboxOptions {
  readonly host?: string;
  readonly port?: number;
  readonly accounts?: Readonly<Record<string, SandboxAccountInput>>;
}

function toAccount(input: SandboxAccountInput): Account {
  return {
    balances: [...(input.balances ?? [250_000])],
    served: 0,
    currency: input.currency ?? 'XOF',
    lastUpdate: input.lastUpdate,
    faults: [...(input.faults ?? [])],
    slowMs: input.slowMs ?? 2000,
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function balanceBody(account: Account) {
  const index = Math.min(account.served, account.balances.length - 1);
  account.served += 1;
  return {
    message: 'Solde récupéré avec succès',
    balance: {
      success: true,
      balance: account.balances[index] ?? 0,
      currency: account.currency,
      lastUpdate: account.lastUpdate ?? new Date().toISOString(),
    },
  };
}

/** Answers one faulted request; returns the status sent (0 for a hang). */
function serveFault(fault: Fault, res: ServerResponse, account: Account, key: string): number {
  switch (fault) {
    case '401-echo-key':
      sendJson(res, 401, {
        success: false,
        message: `Clé API invalide : ${key}`,
        code: `${key.slice(3, 19)}${'X'.repeat(300_000)}`,
      });
      return 401;
    case 'redirect-echo-key':
      res.writeHead(302, { location: `https://login.example.sn/?apiKey=${key}` });
      res.end();
      return 302;
    case '401-list':
      sendJson(res, 401, { message: ['Unauthorized'], success: false });
      return 401;
    case '401-coded':
      sendJson(res, 401, { success: false, message: 'Clé API invalide', code: 'INVALID_API_KEY' });
      return 401;
    case '401-markup':
      sendJson(res, 401, { success: false, message: PROVIDER_MARKUP, code: 'EXPIRED_API_KEY' });
      return 401;
    case '401-expired':
      sendJson(res, 401, { success: false, message: 'Clé API expirée', code: 'EXPIRED_API_KEY' });
      return 401;
    case '401-numbered':
      sendJson(res, 401, { error: 401, message: 'Unauthorized' });
      return 401;
    case '403':
      sendJson(res, 403, {
        success: false,
        message: 'Permissions insuffisantes',
        code: 'FORBIDDEN',
      });
      return 403;
    case '403-maintenance':
      sendJson(res, 403, {
        success: false,
        message: 'API en maintenance',
        code: 'SERVICE_UNAVAILABLE',
      });
      return 403;
    case '404':
      sendJson(res, 404, { error: 404, message: 'Not Found' });
      return 404;
    case '429':
      sendJson(res, 429, { error: 429, message: 'Too Many Requests' });
      return 429;
    case '429-retry-after':
      sendJson(res, 429, { error: 429, message: 'Too Many Requests' }, { 'retry-after': '1' });
      return 429;
    case '500':
    case '502':
    case '503':
      sendJson(res, Number(fault), { error: Number(fault), message: 'Server error' });
      return Number(fault);
    case 'hang':
      return 0;
    case 'slow':
      setTimeout(() => {
        if (!res.destroyed) sendJson(res, 200, balanceBody(account));
      }, account.slowMs);
      return 200;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return 200;
    case 'empty':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
      return 200;
    case 'malformed-json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"message": "ok", "balance": {"balance": 12');
      return 200;
    case 'oversized': {
      // A valid start followed by 2 MiB of padding: only a capped reader survives it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"message":"');
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 32; i += 1) res.write(chunk);
      res.end(
        '","balance":{"success":true,"balance":1,"currency":"XOF","lastUpdate":"2026-01-01T00:00:00Z"}}',
      );
      return 200;
    }
    case 'wrong-types':
      sendJson(res, 200, {
        message: 'ok',
        balance: {
          success: true,
          balance: '250000',
          currency: 'XOF',
          lastUpdate: new Date().toISOString(),
        },
      });
      return 200;
    case 'missing-fields':
      sendJson(res, 200, { message: 'ok', balance: { success: true, balance: 250000 } });
      return 200;
    case 'unknown-error-body':
      sendJson(res, 500, { fault: 'something unexpected', detail: { nested: true } });
      return 500;
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const accounts = new Map<string, Account>();
  for (const [key, input] of Object.entries(options.accounts ?? { [SANDBOX_API_KEY]: {} })) {
    accounts.set(key, toAccount(input));
  }
  const requests: SandboxRequest[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 500, message: 'sandbox failure' });
    });
  });
  const close = closeIncludingSockets(server);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    if (path.startsWith('/__sandbox/')) return control(req, res, path);

    const log = (account: string | undefined, status: number) =>
      requests.push({
        at: new Date().toISOString(),
        method: req.method ?? '',
        path,
        account,
        status,
      });

    if (path !== BALANCE_PATH) {
      sendJson(res, 404, { error: 404, message: 'Not Found' });
      return log(undefined, 404);
    }
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 405, message: 'Method Not Allowed' });
      return log(undefined, 405);
    }
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    if (match === null) {
      sendJson(res, 401, { message: ['Unauthorized'], success: false });
      return log(undefined, 401);
    }
    const key = match[1] ?? '';
    const account = accounts.get(key);
    if (account === undefined) {
      sendJson(res, 401, { success: false, message: 'Clé API invalide', code: 'INVALID_API_KEY' });
      return log(undefined, 401);
    }
    const fault = account.faults.shift();
    if (fault !== undefined) return log(key, serveFault(fault, res, account, key));
    sendJson(res, 200, balanceBody(account));
    return log(key, 200);
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === '/__sandbox/requests') {
      if (req.method === 'DELETE') requests.length = 0;
      return sendJson(res, 200, requests);
    }
    const accountPath = /^\/__sandbox\/accounts\/(.+)$/.exec(path);
    if (accountPath !== null && req.method === 'DELETE') {
      accounts.delete(decodeURIComponent(accountPath[1] ?? ''));
      return sendJson(res, 204, {});
    }
    if (accountPath !== null && req.method === 'PUT') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const input = JSON.parse(
        Buffer.concat(chunks).toString('utf8') || '{}',
      ) as SandboxAccountInput;
      accounts.set(decodeURIComponent(accountPath[1] ?? ''), toAccount(input));
      return sendJson(res, 204, {});
    }
    return sendJson(res, 404, { error: 404, message: 'unknown sandbox control path' });
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    setAccount(apiKey, input) {
      accounts.set(apiKey, toAccount(input));
    },
    close,
  };
}
