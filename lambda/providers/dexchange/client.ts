import {
  AuthenticationError,
  ConfigurationError,
  InvalidResponseError,
  outsideText,
  UnavailableError,
  type CheckError,
} from '../../errors';
import { DEFAULT_BACKOFF, jitteredDelay, parseRetryAfter, type BackoffSettings } from './backoff';
import { BodyTooLargeError, MAX_BODY_BYTES, readBodyCapped } from '../../http/read-body';
import { balanceResponseSchema, parseProviderError } from './schemas';
import type { DetailCode, FailureDetail } from '../../contract/failure-detail';
import { formatIssues } from '../../contract/env-rules';

export const BALANCE_PATH = '/api/v1/api-services/balance';
/** How far in the future a `lastUpdate` may be (clocks differ a little) before it is refused. */
export const FUTURE_TOLERANCE_MINUTES = 10;
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
  // Read at each use (not captured): a clock set after the client was built still counts.
  const now = options.now ?? (() => Date.now());
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
    // The same, as data the alerts say in the reader's language; the provider's words apart.
    const detail = (detailCode: DetailCode, extra: Partial<FailureDetail> = {}) => ({
      ...details,
      detail: {
        code: detailCode,
        status,
        ...(code === undefined ? {} : { providerCode: code }),
        ...(provider === undefined
          ? {}
          : { provider: outsideText(provider.message, apiKey, EXCERPT_LENGTH) }),
        ...extra,
      },
    });

    if (status >= 300 && status < 400) {
      const location = outsideText(response.headers.get('location') ?? 'another address', apiKey);
      return fail(
        new ConfigurationError(
          `the API answered with a redirect (${status}) to ${location}; set DEXCHANGE_API_URL to the final address`,
          detail('api-redirect', { location }),
        ),
      );
    }
    if (status === 401) {
      return fail(
        new AuthenticationError(
          `the API key was rejected (401${codeText})${said}`,
          detail(code === 'EXPIRED_API_KEY' ? 'api-key-expired' : 'api-key-rejected'),
        ),
      );
    }
    if (status === 403) {
      const maintenance =
        code === 'SERVICE_UNAVAILABLE' || /maint/i.test(provider?.message ?? text);
      return fail(
        maintenance
          ? new UnavailableError(
              `the API is under maintenance (403${codeText})${said}`,
              detail('api-maintenance'),
            )
          : new AuthenticationError(
              `the API key lacks permission for the balance (403${codeText})${said}`,
              detail('api-permission'),
            ),
      );
    }
    if (status === 404) {
      return fail(
        new ConfigurationError(
          `the balance endpoint was not found (404) at ${endpoint}; check DEXCHANGE_API_URL${said}`,
          detail('api-not-found'),
        ),
      );
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      const error = new UnavailableError(
        `the API is rate limiting this key (429)${said}`,
        detail('api-rate-limited'),
      );
      return retryAfterMs === undefined
        ? { kind: 'retry', error }
        : { kind: 'retry', error, retryAfterMs };
    }
    if (status >= 500) {
      return {
        kind: 'retry',
        error: new UnavailableError(
          `the API failed (${status}${codeText})${said}`,
          detail('api-failed'),
        ),
      };
    }
    return fail(
      new InvalidResponseError(
        `the API answered with unexpected status ${status}${codeText}${said}`,
        detail('api-unexpected-status'),
      ),
    );
  }

  function validateBalance(body: unknown, excerpt: string, status: number) {
    if (body === undefined) {
      const what = excerpt === '' ? 'an empty body' : 'a body that is not JSON';
      throw new InvalidResponseError(`the API answered ${status} with ${what}`, {
        status,
        excerpt,
        detail: { code: excerpt === '' ? 'api-empty-body' : 'api-not-json', status },
      });
    }
    const parsed = balanceResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new InvalidResponseError(
        `the balance response is not the documented shape: ${formatIssues(parsed.error.issues)}`,
        {
          status,
          excerpt,
          detail: {
            code: 'api-bad-shape',
            status,
            // The fields only: the rules' words are English, the alerts say it in theirs.
            field: [
              ...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(body)')),
            ]
              .join(', ')
              .slice(0, 200),
          },
        },
      );
    }
    const details = parsed.data.balance;
    if (!details.success) {
      throw new InvalidResponseError('the API reported the balance with success=false', {
        status,
        excerpt,
        detail: { code: 'api-success-false', status },
      });
    }
    if (options.expectedCurrency !== undefined && details.currency !== options.expectedCurrency) {
      throw new InvalidResponseError(
        `the balance is in ${details.currency}, not the expected ${options.expectedCurrency} (EXPECTED_CURRENCY)`,
        {
          status,
          detail: {
            code: 'api-wrong-currency',
            status,
            currency: details.currency,
            expected: options.expectedCurrency,
          },
        },
      );
    }
    // A balance dated in the future cannot be judged stale or fresh: the provider's clock or data
    // is wrong, and the reading is not trusted.
    const aheadMinutes = Math.round((Date.parse(details.lastUpdate) - now()) / 60_000);
    if (aheadMinutes > FUTURE_TOLERANCE_MINUTES) {
      throw new InvalidResponseError(
        `the balance's lastUpdate (${details.lastUpdate}) is ${aheadMinutes} min in the future; the provider's clock or data is wrong`,
        { status, detail: { code: 'api-future-update', status, minutes: aheadMinutes } },
      );
    }
    return { balance: details.balance, currency: details.currency, lastUpdate: details.lastUpdate };
  }

  return {
    async getBalance(apiKey, deadline = Number.POSITIVE_INFINITY) {
      if (apiKey.trim() === '')
        throw new ConfigurationError('the API key is empty', {
          detail: { code: 'secret-empty' },
        });
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
            {
              ...errorDetails(last, retry + 1),
              detail: {
                code: 'api-retry-after-too-long',
                ...(last.status === undefined ? {} : { status: last.status }),
                seconds: Math.ceil(outcome.retryAfterMs / 1000),
              },
            },
          );
        }
        if (now() + wait + 50 >= deadline) break;
        await sleep(wait);
      }
      throw (
        last ??
        new UnavailableError('no time was left to ask the API before the function timeout', {
          detail: { code: 'api-no-time' },
        })
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
      error: new InvalidResponseError(`the API answered with a body over ${error.limit} bytes`, {
        detail: { code: 'api-body-too-large', limit: error.limit },
      }),
    };
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      kind: 'retry',
      error: new UnavailableError(`the API did not answer within ${timeoutMs} ms`, {
        detail: { code: 'api-timeout', seconds: timeoutMs / 1000 },
      }),
    };
  }
  // fetch reports network failures as TypeError("fetch failed") with the system error as cause.
  // Only the code is kept: cause messages can contain the URL, never the key, but stay terse.
  const code = outsideText(networkCode(error), apiKey, 60).replace(/[^\w .:[\]-]/g, '');
  return {
    kind: 'retry',
    error: new UnavailableError(`the API could not be reached (${code})`, {
      detail: { code: 'api-unreachable', errorName: code.slice(0, 64) },
    }),
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
