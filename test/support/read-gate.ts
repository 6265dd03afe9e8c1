import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeIncludingSockets } from '../../tools/closable-server';

/**
 * Two checks racing on one account, made deterministic: DynamoDB goes through a gate that
 * answers the checks' reads only once all have been read from moto, so every check judges the
 * same state and tries to save it; one save wins, the others lose the race and re-read.
 * (test/integration/channel-race.test.ts, escalation.test.ts.)
 */

export interface ReadGate {
  readonly url: string;
  /** The first `reads` GetItem answers, as moto gave them, once released. */
  readonly held: { readonly item: boolean }[];
  /** 'together' once all were held and released at once; 'timeout' if they never all came. */
  readonly released: () => 'waiting' | 'together' | 'timeout';
  close(): Promise<void>;
}

/**
 * A proxy in front of moto's DynamoDB that holds the answers of the first `reads` GetItems until
 * moto has answered all of them, then gives them back together: no check can save before every
 * check has read. Everything else passes straight through.
 */
export async function startReadGate(upstream: string, reads: number): Promise<ReadGate> {
  const target = new URL(upstream);
  const held: { item: boolean }[] = [];
  const waiting: (() => void)[] = [];
  let gated = 0;
  let released: 'waiting' | 'together' | 'timeout' = 'waiting';
  const releaseAll = (how: 'together' | 'timeout') => {
    if (released !== 'waiting') return;
    released = how;
    for (const send of waiting.splice(0)) send();
  };
  // A check that never reads would otherwise hold the other forever: from the first read, the
  // others have 15 s (the test's 30 s hold both checks), then all go, and the test says so.
  let guard: NodeJS.Timeout | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const gate =
        req.headers['x-amz-target'] === 'DynamoDB_20120810.GetItem' && released === 'waiting'
          ? (gated += 1) <= reads
          : false;
      if (gate) guard ??= setTimeout(() => releaseAll('timeout'), 15_000);
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (!gate) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () => {
            const text = Buffer.concat(parts);
            held.push({
              item: (JSON.parse(text.toString('utf8')) as { Item?: unknown }).Item !== undefined,
            });
            const send = () => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(text);
            };
            // Late, after the guard let the others go: no longer held.
            if (released !== 'waiting') return send();
            waiting.push(send);
            if (waiting.length === reads) releaseAll('together');
          });
        },
      );
      forwarded.on('error', () => res.destroy());
      forwarded.end(body);
    });
  });
  const closeServer = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    released: () => released,
    async close() {
      clearTimeout(guard);
      releaseAll('timeout');
      await closeServer();
    },
  };
}
