import type { FailureDetail } from './contract/failure-detail';
import type { FailureKind } from './contract/failures';

/**
 * The ways a check can fail to read a valid balance. Every failure the function reports is one
 * of these, so the alert policy and the operator see a kind ("the API key was rejected"), not a
 * stack trace. Messages name what to fix and never carry the API key: callers build them from
 * fixed text, status codes and excerpts that have already been redacted. The kinds themselves
 * are listed in contract/failures.ts.
 */
export type { FailureKind };

export interface CheckErrorDetails {
  /** HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** A short, redacted piece of the body, to help whoever reads the log. */
  readonly excerpt?: string;
  /** Provider code such as INVALID_API_KEY, when the body carried one. */
  readonly code?: string;
  /** Attempts made before giving up. */
  readonly attempts?: number;
  /** What went wrong, as data the alerts say in the reader's language. */
  readonly detail?: FailureDetail;
  readonly cause?: unknown;
}

export abstract class CheckError extends Error {
  abstract readonly kind: FailureKind;
  readonly status: number | undefined;
  readonly excerpt: string | undefined;
  readonly code: string | undefined;
  /** Set by the client once it knows how many requests it made. */
  attempts: number | undefined;
  readonly detail: FailureDetail | undefined;

  constructor(message: string, details: CheckErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.excerpt = details.excerpt;
    this.code = details.code;
    this.attempts = details.attempts;
    this.detail = details.detail;
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

/** The shortest piece of a key that is still treated as the key. */
export const MIN_KEY_FRAGMENT = 8;
/** How much of any text from outside (a provider message, an SDK error) we keep. */
export const OUTSIDE_TEXT_MAX = 200;

/**
 * Removes the secret from a text: every occurrence of it, and of any piece of it of 8
 * characters or more (a key cut by a length cap, or split across a header error, stays
 * unreadable), as it is and as a URL (a `Location`, a query) or a JSON string (a body excerpt)
 * would escape it. Used on anything that came from outside before it may enter an error
 * message, a log line, the state or an alert.
 */
export function redact(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length === 0) return text;
  const encoded = encodeURIComponent(secret);
  // Escaped forms first: they hold raw runs of the key, and redacting those first would
  // break the escaped form apart and leave its escaped pieces behind.
  const forms = new Set([
    JSON.stringify(secret).slice(1, -1),
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    secret,
  ]);
  let out = text;
  for (const form of forms) out = redactForm(out, form);
  return out;
}

function redactForm(text: string, secret: string): string {
  if (secret.length < MIN_KEY_FRAGMENT) return text.split(secret).join('[redacted]');
  const fragments = new Set<string>();
  for (let i = 0; i + MIN_KEY_FRAGMENT <= secret.length; i += 1)
    fragments.add(secret.slice(i, i + MIN_KEY_FRAGMENT));
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!fragments.has(text.slice(i, i + MIN_KEY_FRAGMENT))) {
      out += text[i] ?? '';
      i += 1;
      continue;
    }
    // Extend the match as far as the text keeps following some piece of the key.
    let end = i + MIN_KEY_FRAGMENT;
    while (end < text.length && fragments.has(text.slice(end - MIN_KEY_FRAGMENT + 1, end + 1)))
      end += 1;
    out += '[redacted]';
    i = end;
  }
  return out;
}

/**
 * A text from outside, made safe to keep: control characters become spaces, the key and its
 * pieces are redacted, and it is cut to `max` characters (after redaction, so a key straddling
 * the cut cannot survive half-visible).
 */
export function outsideText(
  text: string,
  secret: string | undefined,
  max: number = OUTSIDE_TEXT_MAX,
): string {
  const clean = redact(text.replace(/\p{Cc}+/gu, ' '), secret).trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 3)}...`;
}

/**
 * An error's name when it is a plain identifier (the SDK's `ResourceNotFoundException`),
 * never its message, which may quote what it was given; `fallback` otherwise.
 */
export function errorName(error: unknown, fallback = 'UnknownError'): string {
  return error instanceof Error && /^\w{1,64}$/.test(error.name) ? error.name : fallback;
}
