import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeIncludingSockets } from '../../tools/closable-server';

/** A real HTTP server on loopback whose answers the test scripts, one function per request. */

export type Responder = (req: IncomingMessage, res: ServerResponse, index: number) => void;

export interface ScriptedServer {
  readonly url: string;
  readonly requests: IncomingMessage[];
  close(): Promise<void>;
}

export async function startScriptedServer(respond: Responder): Promise<ScriptedServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    respond(req, res, requests.length - 1);
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close,
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export const validBody = (balance: number | string = 250_000, currency = 'XOF') => ({
  message: 'ok',
  balance: { success: true, balance, currency, lastUpdate: '2026-11-28T08:30:00Z' },
});
