import {
  AuthenticationError,
  ConfigurationError,
  InvalidResponseError,
  outsideText,
  UnavailableError,
  type CheckError,
} from '../../errors';
import { DEFAULT_BACKOFF, jitteredDelay, parseRetryAfter, type BackoffSettings } from './backoff';
import { BodyTooLargeError, MAX_BODY_BYTES, readBodyCapped } from './read-body';
import { balanceResponseSchema, parseProviderError } from './schemas';
import { formatIssues } from '../../contract/env-rules';

export const BALANCE_PATH = '/api/v1/api-services/balance';
const EXCERPT_LENGTH = 200;

/** A balance the provider reported, validated. */
export interface BalanceReading {
  readonly balance: number;
  readonly currency: string;
  /** ISO date-time of the provider's last update of this balance. */
  readonly lastUpdate: string;
  /** Duration of the request that succeeded, in milliseconds. */
  readonly latencyMs: number;
  /** How many requests it took (1 when the first one succeeded). */
  readonly attempts: number;
}

export interface DexchangeClientOptions {
  /** Base URL, e.g. https://api-m.dexchange.sn (already validated by the config). */
  readonly baseUrl: string;
  /** Time allowed for one request, body included. */
  readonly timeoutMs: number;
  /** Another currency than this one is a failed read. */
  readonly expectedCurrency?: string | undefined;
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx. */
  readonly maxRetries?: number;
  readonly backoff?: BackoffSettings;
  readonly maxBodyBytes?: number;
  /** Seams for tests of the timing logic; production uses the real ones. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface DexchangeClient {
  /**
   * Fetches and validates the balance. `deadline` (epoch ms) is when the caller must have an
   * answer: no attempt or wait runs past it, so the function stays inside its own timeout.
   * Throws only CheckError subclasses.
   */
  getBalance(apiKey: string, deadline?: number): Promise<BalanceReading>;
}

/** What one attempt produced: a reading, a final error, or an error worth retrying. */
type AttemptOutcome =
  | { readonly kind: 'ok'; readonly reading: Omit<BalanceReading, 'attempts'> }
  | { readonly kind: 'fail'; readonly error: CheckError }
  | { readonly kind: 'retry'; readonly error: CheckError; readonly retryAfterMs?: number };

export function createDexchangeClient(options: DexchangeClientOptions): DexchangeClient {
  const maxRetries = options.maxRetries ?? 2;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  // A base URL with a path (a proxy prefix) keeps it.
  const endpoint = options.baseUrl.replace(/\/+$/, '') + BALANCE_PATH;

  async function attempt(apiKey: string, timeoutMs: number): Promise<AttemptOutcome> {
    const started = now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(endpoint, {
        method: 'GET',
        headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
        // Never follow a redirect: the Authorization header must go to the configured host only.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readBodyCapped(response, options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      return transportFailure(error, timeoutMs, apiKey);
    }
    const latencyMs = now() - started;
    return interpret(response, text, apiKey, latencyMs);
  }

  function interpret(
    response: Response,
    text: string,
    apiKey: string,
    latencyMs: number,
  ): AttemptOutcome {
    const status = response.status;
    const excerpt = makeExcerpt(text, apiKey);
    const body = parseJson(text);
    if (status >= 200 && status < 300) {
      return { kind: 'ok', reading: { ...validateBalance(body, excerpt, status), latencyMs } };
    }
    const provider = parseProviderError(body);
    // Everything the provider says is capped and redacted before it may go anywhere.
    const said =
      provider === undefined ? '' : `: ${outsideText(provider.message, apiKey, EXCERPT_LENGTH)}`;
    const code = provider?.code === undefined ? undefined : outsideText(provider.code, apiKey, 64);
    const details = { status, excerpt, ...(code === undefined ? {} : { code }) };
    const codeText = code === undefined ? '' : ` ${code}`;

    if (status >= 300 && status < 400) {
      const location = outsideText(response.headers.get('location') ?? 'another address', apiKey);
      return fail(
        new ConfigurationError(
          `the API answered with a redirect (${status}) to ${location}; set DEXCHANGE_API_URL to the final address`,
          details,
        ),
      );
    }
    if (status === 401) {
      return fail(
        new AuthenticationError(`the API key was rejected (401${codeText})${said}`, details),
      );
    }
    if (status === 403) {
      const maintenance =
        code === 'SERVICE_UNAVAILABLE' || /maint/i.test(provider?.message ?? text);
      return fail(
        maintenance
          ? new UnavailableError(`the API is under maintenance (403${codeText})${said}`, details)
          : new AuthenticationError(
              `the API key lacks permission for the balance (403${codeText})${said}`,
              details,
            ),
      );
    }
    if (status === 404) {
      return fail(
        new ConfigurationError(
          `the balance endpoint was not found (404) at ${endpoint}; check DEXCHANGE_API_URL${said}`,
          details,
        ),
      );
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      const error = new UnavailableError(`the API is rate limiting this key (429)${said}`, details);
      return retryAfterMs === undefined
        ? { kind: 'retry', error }
        : { kind: 'retry', error, retryAfterMs };
    }
    if (status >= 500) {
      return {
        kind: 'retry',
        error: new UnavailableError(`the API failed (${status}${codeText})${said}`, details),
      };
    }
    return fail(
      new InvalidResponseError(
        `the API answered with unexpected status ${status}${codeText}${said}`,
        details,
      ),
    );
  }

  function validateBalance(body: unknown, excerpt: string, status: number) {
    if (body === undefined) {
      const what = excerpt === '' ? 'an empty body' : 'a body that is not JSON';
      throw new InvalidResponseError(`the API answered ${status} with ${what}`, {
        status,
        excerpt,
      });
    }
    const parsed = balanceResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new InvalidResponseError(
        `the balance response is not the documented shape: ${formatIssues(parsed.error.issues)}`,
        { status, excerpt },
      );
    }
    const details = parsed.data.balance;
    if (!details.success) {
      throw new InvalidResponseError('the API reported the balance with success=false', {
        status,
        excerpt,
      });
    }
    if (options.expectedCurrency !== undefined && details.currency !== options.expectedCurrency) {
      throw new InvalidResponseError(
        `the balance is in ${details.currency}, not the expected ${options.expectedCurrency} (EXPECTED_CURRENCY)`,
        { status },
      );
    }
    return { balance: details.balance, currency: details.currency, lastUpdate: details.lastUpdate };
  }

  return {
    async getBalance(apiKey, deadline = Number.POSITIVE_INFINITY) {
      if (apiKey.trim() === '') throw new ConfigurationError('the API key is empty');
      let last: CheckError | undefined;
      for (let retry = 0; retry <= maxRetries; retry += 1) {
        const remaining = deadline - now();
        if (remaining < 50) break;
        let outcome: AttemptOutcome;
        try {
          outcome = await attempt(apiKey, Math.min(options.timeoutMs, remaining));
        } catch (error) {
          // validateBalance throws typed errors; nothing else can reach here.
          throw withAttempts(error as CheckError, retry + 1);
        }
        if (outcome.kind === 'ok') return { ...outcome.reading, attempts: retry + 1 };
        if (outcome.kind === 'fail') throw withAttempts(outcome.error, retry + 1);
        last = withAttempts(outcome.error, retry + 1);
        if (retry === maxRetries) break;
        const wait = outcome.retryAfterMs ?? jitteredDelay(retry, backoff, random);
        if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > backoff.retryAfterCapMs) {
          throw new UnavailableError(
            `${last.message}; it asked to retry after ${Math.ceil(outcome.retryAfterMs / 1000)} s, longer than a check waits (${backoff.retryAfterCapMs / 1000} s)`,
            errorDetails(last, retry + 1),
          );
        }
        if (now() + wait + 50 >= deadline) break;
        await sleep(wait);
      }
      throw (
        last ?? new UnavailableError('no time was left to ask the API before the function timeout')
      );
    },
  };

  function fail(error: CheckError): AttemptOutcome {
    return { kind: 'fail', error };
  }
}

function transportFailure(error: unknown, timeoutMs: number, apiKey: string): AttemptOutcome {
  if (error instanceof BodyTooLargeError) {
    return {
      kind: 'fail',
      error: new InvalidResponseError(`the API answered with a body over ${error.limit} bytes`),
    };
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      kind: 'retry',
      error: new UnavailableError(`the API did not answer within ${timeoutMs} ms`),
    };
  }
  // fetch reports network failures as TypeError("fetch failed") with the system error as cause.
  // Only the code is kept: cause messages can contain the URL, never the key, but stay terse.
  const code = outsideText(networkCode(error), apiKey, 60).replace(/[^\w .:[\]-]/g, '');
  return {
    kind: 'retry',
    error: new UnavailableError(`the API could not be reached (${code})`),
  };
}

function networkCode(error: unknown): string {
  let current: unknown = error;
  let innermost = 'network error';
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    // Without a code, the innermost message (undici's own words, e.g. "bad port"); the caller
    // redacts it before cutting it (a header error quotes the Authorization value).
    innermost = current.message.trim() === '' ? innermost : current.message;
    current = current.cause;
  }
  return innermost;
}

function withAttempts(error: CheckError, attempts: number): CheckError {
  error.attempts = attempts;
  if (attempts > 1) error.message = `${error.message} (after ${attempts} attempts)`;
  return error;
}

function errorDetails(error: CheckError, attempts: number) {
  return {
    attempts,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.excerpt === undefined ? {} : { excerpt: error.excerpt }),
  };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A short, printable, redacted piece of a body for logs and error details. */
function makeExcerpt(text: string, apiKey: string): string {
  return outsideText(text, apiKey, EXCERPT_LENGTH);
}
