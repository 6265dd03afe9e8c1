import type { ReadableStream } from 'node:stream/web';

/** Reading a response body without trusting its size. */

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the body as UTF-8 text, stopping (and cancelling the stream) as soon as it passes
 * `limit` bytes, so a runaway answer costs at most `limit` bytes of memory instead of the
 * invocation. Past the limit it throws, or with `over: 'truncate'` (an answer only quoted,
 * never parsed) returns the first `limit` bytes.
 */
export async function readBodyCapped(
  response: Response,
  limit = MAX_BODY_BYTES,
  over: 'throw' | 'truncate' = 'throw',
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (over === 'throw' && Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(limit);
  }
  if (response.body === null) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    chunks.push(value);
    if (size > limit) {
      // The rest is not read: the server may send what it likes, the check does not wait.
      await reader.cancel().catch(() => undefined);
      if (over === 'throw') throw new BodyTooLargeError(limit);
      break;
    }
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit));
}
