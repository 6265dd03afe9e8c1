import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeIncludingSockets } from '../../tools/closable-server';

/**
 * A proxy in front of moto that can fail chosen AWS calls the way AWS does (throttling, 500,
 * access denied, a hang), so the SDK's own retry and our error handling meet real HTTP answers.
 * Point one service at it with AWS_ENDPOINT_URL_<SERVICE>.
 */

export interface AwsCall {
  /** "DynamoDB_20120810.GetItem", "secretsmanager.GetSecretValue", or the query Action ("Publish"). */
  readonly operation: string;
  readonly index: number;
}

/** An answer the proxy makes up itself. */
export type MadeUp =
  | { readonly hang: true }
  | { readonly status: number; readonly body: string; readonly contentType?: string };

export type Answer =
  | { readonly forward: true }
  | MadeUp
  /** Forwarded and carried out, but its answer is lost: the client gets this one instead. */
  | { readonly forwardThenLose: MadeUp };

export const forward: Answer = { forward: true };
export const hang: MadeUp = { hang: true };

/** A JSON-protocol error (DynamoDB, Secrets Manager). */
export const jsonError = (status: number, type: string, message = type): MadeUp => ({
  status,
  body: JSON.stringify({ __type: type, message }),
  contentType: 'application/x-amz-json-1.1',
});

/** A query-protocol error (SNS). */
export const xmlError = (status: number, code: string): MadeUp => ({
  status,
  body: `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  contentType: 'text/xml',
});

export interface FaultProxy {
  readonly url: string;
  readonly calls: AwsCall[];
  setRule(rule: (call: AwsCall) => Answer): void;
  close(): Promise<void>;
}

function operationOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target;
  return new URLSearchParams(body).get('Action') ?? 'unknown';
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const upstreamUrl = new URL(upstream);
  let rule: (call: AwsCall) => Answer = () => forward;
  const calls: AwsCall[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const call = { operation: operationOf(req, body.toString('utf8')), index: calls.length };
      calls.push(call);
      const answer = rule(call);
      const reply = (a: MadeUp) => {
        if ('hang' in a) return;
        if ('status' in a) {
          res.writeHead(a.status, { 'content-type': a.contentType ?? 'application/json' });
          res.end(a.body);
        }
      };
      if ('hang' in answer || 'status' in answer) {
        reply(answer);
        return;
      }
      if ('forwardThenLose' in answer) {
        const lost = request(
          {
            host: upstreamUrl.hostname,
            port: upstreamUrl.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (upstreamRes) => {
            upstreamRes.resume();
            upstreamRes.on('end', () => reply(answer.forwardThenLose));
          },
        );
        lost.on('error', () => res.destroy());
        lost.end(body);
        return;
      }
      const upstreamReq = request(
        {
          host: upstreamUrl.hostname,
          port: upstreamUrl.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on('error', () => res.destroy());
      upstreamReq.end(body);
    });
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setRule(next) {
      rule = next;
    },
    close,
  };
}
