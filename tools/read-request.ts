import type { IncomingMessage } from 'node:http';

/**
 * A request's body as text, for the local servers (the acknowledge page, the fake Telegram,
 * the webhook receiver): at most `maxBytes` of it are kept, the rest is read and dropped.
 */
export function readRequestBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
