import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAck, type AckDeps } from '../lambda/ack/acknowledge';
import { closeIncludingSockets } from './closable-server';
import { readRequestBody } from './read-request';

/**
 * The acknowledge page on this machine, through the same logic as the Function URL: `npm start
 * -- --ack-port N` and the tests serve it here, against a state file, memory or a table.
 */

export async function startAckServer(
  deps: AckDeps,
  port = 0,
): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const response = await handleAck(
        {
          method: req.method ?? 'GET',
          query: Object.fromEntries(url.searchParams),
          // A form holds a token and a name: anything bigger is not one.
          body: await readRequestBody(req, 8192),
        },
        deps,
      );
      res.writeHead(response.statusCode, response.headers);
      res.end(response.body);
    })().catch(() => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('error');
    });
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `--ack-port ${port}: the port is already in use; choose another`
            : `--ack-port ${port}: ${error.message}`,
        ),
      );
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}/ack`, close };
}
