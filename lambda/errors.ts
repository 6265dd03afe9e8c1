/**
 * The ways a check can fail to read a valid balance. Every failure the function reports is one
 * of these, so the alert policy and the operator see a kind ("the API key was rejected"), not a
 * stack trace. Messages name what to fix and never carry the API key: callers build them from
 * fixed text, status codes and excerpts that have already been redacted.
 */
export type FailureKind = 'authentication' | 'unavailable' | 'invalid-response' | 'configuration';

export interface CheckErrorDetails {
  /** HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** A short, redacted piece of the body, to help whoever reads the log. */
  readonly excerpt?: string;
  /** Provider code such as INVALID_API_KEY, when the body carried one. */
  readonly code?: string;
  /** Attempts made before giving up. */
  readonly attempts?: number;
  readonly cause?: unknown;
}

export abstract class CheckError extends Error {
  abstract readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly excerpt: string | undefined;
  readonly code: string | undefined;
  /** Set by the client once it knows how many requests it made. */
  attempts: number | undefined;

  constructor(message: string, details: CheckErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.excerpt = details.excerpt;
    this.code = details.code;
    this.attempts = details.attempts;
  }
}

/** The provider refused the key (401, or 403 for missing permissions). Retrying will not help. */
export class AuthenticationError extends CheckError {
  readonly kind = 'authentication';
}

/** No usable answer: network error, timeout, 429 or 5xx after the retries, maintenance. */
export class UnavailableError extends CheckError {
  readonly kind = 'unavailable';
}

/** An answer came, but not the documented shape, or not a balance we can trust. */
export class InvalidResponseError extends CheckError {
  readonly kind = 'invalid-response';
}

/** Something the operator set up is wrong: the environment, the secret, the URL. */
export class ConfigurationError extends CheckError {
  readonly kind = 'configuration';
}

export function isCheckError(error: unknown): error is CheckError {
  return error instanceof CheckError;
}

/**
 * Removes every occurrence of the secret from a text. Used on anything that came from outside
 * (bodies, library error messages) before it may enter an error message or a log.
 */
export function redact(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length === 0) return text;
  return text.split(secret).join('[redacted]');
}
