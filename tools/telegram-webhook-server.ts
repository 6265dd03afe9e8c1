import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  handleTelegramWebhook,
  WEBHOOK_BODY_MAX_BYTES,
  type PressOutcome,
  type TelegramWebhookDeps,
} from '../lambda/ack/telegram-webhook';
import { closeIncludingSockets } from './closable-server';
import { readRequestBody } from './read-request';

/**
 * The Telegram webhook on this machine, through the same logic as its Function URL: the tests
 * point the fake Telegram's setWebhook at it.
 */
export async function startTelegramWebhookServer(deps: TelegramWebhookDeps): Promise<{
  readonly url: string;
  readonly outcomes: PressOutcome[];
  close(): Promise<void>;
}> {
  const outcomes: PressOutcome[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(',') : value,
        ]),
      );
      const { response, outcome } = await handleTelegramWebhook(
        {
          method: req.method ?? 'GET',
          headers,
          body: await readRequestBody(req, WEBHOOK_BODY_MAX_BYTES),
        },
        deps,
      );
      outcomes.push(outcome);
      res.writeHead(response.statusCode, response.headers);
      res.end(response.body);
    })().catch(() => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('error');
    });
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/telegram`, outcomes, close };
}
