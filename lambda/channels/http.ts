import { outsideText, redact } from '../errors';
import { readBodyCapped } from '../http/read-body';

/**
 * One HTTPS request of a channel, with the discipline of the DEXCHANGE client: a timeout per
 * attempt, no redirects followed, and the answer read only up to a cap (a 300 MB body costs
 * 64 KB and a cancelled stream, not the check). Retries are the caller's: each channel knows
 * which answers are worth another attempt.
 */

export const RESPONSE_CAP_BYTES = 64 * 1024;
/**
 * Each attempt at most this long, so that three attempts fit the 8 seconds a delivery may take
 * (run-check.ts), the request timeout permitting.
 */
export const CHANNEL_ATTEMPT_MS = 2300;

export interface HttpAnswer {
  readonly status: number;
  /** The first RESPONSE_CAP_BYTES of the body, as text. */
  readonly text: string;
  readonly headers: Headers;
}

export async function postOnce(
  url: string,
  body: string,
  options: {
    readonly headers: Record<string, string>;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
  },
): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal =
    options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body,
    redirect: 'manual',
    signal,
  });
  return {
    status: response.status,
    text: await readBodyCapped(response, RESPONSE_CAP_BYTES, 'truncate'),
    headers: response.headers,
  };
}

/**
 * Why a request failed before any answer, as a predicate ("did not answer within 300 ms"),
 * never with the URL (which may hold a token).
 */
export function transportProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `did not answer within ${timeoutMs} ms`;
  if (error instanceof DOMException && error.name === 'AbortError')
    return 'was cut off: the check ran out of time';
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]{3,40}$/.test(code))
      return `could not be reached (${code})`;
    current = current.cause;
  }
  return 'could not be reached';
}

/**
 * An excerpt of what a server said, safe to put in an error: secrets removed, then capped
 * (outsideText: after redaction, so a secret straddling the cut cannot survive half-visible).
 */
export function excerpt(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/\s+/g, ' ');
  for (const secret of secrets) if (secret !== undefined) out = redact(out, secret);
  return outsideText(out, undefined, 200);
}

/**
 * Waits, unless the signal aborts first. A signal already aborted ends the wait at once: its
 * abort event has fired and will not fire again, so listening alone would wait the full time.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    // The listener goes with the wait: a signal shared by several pauses does not collect them.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
