import * as z from './zod';

/**
 * What exactly went wrong in a failed read, as data rather than English: the alerts say it in
 * the reader's language (messages/), the logs keep the English message. The provider's own
 * words, when it gave some, travel apart (`provider`) and are quoted as such, never translated.
 * Every string here is capped and redacted before it is built.
 */

export const DETAIL_CODES = [
  'secret-binary',
  'secret-empty',
  'secret-not-json',
  'secret-no-api-key',
  'secret-key-length',
  'secret-key-control',
  'secret-key-space',
  'secret-key-not-ascii',
  'secret-not-found',
  'secret-access-denied',
  'secret-decryption',
  'secret-unreadable',
  'api-redirect',
  'api-key-rejected',
  'api-key-expired',
  'api-permission',
  'api-maintenance',
  'api-not-found',
  'api-rate-limited',
  'api-retry-after-too-long',
  'api-failed',
  'api-unexpected-status',
  'api-empty-body',
  'api-not-json',
  'api-bad-shape',
  'api-success-false',
  'api-wrong-currency',
  'api-body-too-large',
  'api-timeout',
  'api-unreachable',
  'api-no-time',
  'api-future-update',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];

const buildFailureDetailSchema = () =>
  z.object({
    code: z.enum(DETAIL_CODES),
    status: z.optional(z.number().check(z.int())),
    /** The provider's code (INVALID_API_KEY ...). */
    providerCode: z.optional(z.string().check(z.maxLength(64))),
    /** The provider's own words, quoted as they came. */
    provider: z.optional(z.string().check(z.maxLength(200))),
    secretId: z.optional(z.string().check(z.maxLength(512))),
    attempts: z.optional(z.number().check(z.int())),
    /** A duration in seconds: the timeout, the Retry-After asked for. */
    seconds: z.optional(z.number()),
    /** Which part of the answer was wrong ("balance.currency"). */
    field: z.optional(z.string().check(z.maxLength(200))),
    currency: z.optional(z.string().check(z.maxLength(8))),
    expected: z.optional(z.string().check(z.maxLength(8))),
    /** A size in bytes, a length in characters. */
    limit: z.optional(z.number()),
    location: z.optional(z.string().check(z.maxLength(200))),
    /** An error's class or code name (ECONNREFUSED, ThrottlingException). */
    errorName: z.optional(z.string().check(z.maxLength(64))),
    minutes: z.optional(z.number()),
  });
/**
 * Built at its first parse, not when the module loads: a check whose state holds no failure
 * never builds it (schemas built at load are a cold start's cost, BENCHMARKS.md).
 */
export const failureDetailSchema = z.lazy(buildFailureDetailSchema);
export type FailureDetail = z.infer<ReturnType<typeof buildFailureDetailSchema>>;
