import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import * as z from '../../contract/zod';
import type { DetailCode } from '../../contract/failure-detail';
import { ConfigurationError, errorName, UnavailableError } from '../../errors';

/**
 * The DEXCHANGE API key, read from Secrets Manager through Powertools Parameters, which caches
 * it per container for `maxAgeSeconds`. The secret holds the key as a plain string or as JSON
 * `{"apiKey": "..."}`. Errors name the secret id and never the value.
 */

const jsonSecretSchema = z.object({ apiKey: z.string().check(z.trim(), z.minLength(1)) });

/** A key is one token of visible ASCII: 8 to 1024 characters from "!" to "~". */
export const API_KEY_MIN_LENGTH = 8;
export const API_KEY_MAX_LENGTH = 1024;

/**
 * Why a key cannot be sent in an Authorization header, or undefined when it can. Never quotes
 * the key: a line break or NUL in it would otherwise make fetch throw an error that does.
 */
function keyProblem(
  key: string,
): { readonly text: string; readonly code: DetailCode; readonly limit?: number } | undefined {
  if (key.length < API_KEY_MIN_LENGTH || key.length > API_KEY_MAX_LENGTH)
    return {
      text: `is ${key.length} characters long; a DEXCHANGE API key has ${API_KEY_MIN_LENGTH} to ${API_KEY_MAX_LENGTH}`,
      code: 'secret-key-length',
      limit: key.length,
    };
  if (/[\p{Cc}]/u.test(key))
    return {
      text: 'contains a line break, a tab or another control character; paste the key alone',
      code: 'secret-key-control',
    };
  if (/\s/.test(key))
    return {
      text: 'contains whitespace inside the value; an API key is one token',
      code: 'secret-key-space',
    };
  if (!/^[\x21-\x7e]+$/.test(key))
    return {
      text: 'contains characters outside printable ASCII; paste the key exactly as DEXCHANGE gave it',
      code: 'secret-key-not-ascii',
    };
  return undefined;
}

/** A ConfigurationError about the secret, with its detail for the alerts. */
function secretError(
  message: string,
  code: DetailCode,
  secretId: string,
  extra: { limit?: number; errorName?: string; cause?: unknown } = {},
): ConfigurationError {
  return new ConfigurationError(message, {
    detail: {
      code,
      secretId,
      ...(extra.limit === undefined ? {} : { limit: extra.limit }),
      ...(extra.errorName === undefined ? {} : { errorName: extra.errorName }),
    },
    ...(extra.cause === undefined ? {} : { cause: extra.cause }),
  });
}

/** Parses a secret value; throws a ConfigurationError naming `secretId` when it holds no key. */
export function parseApiKeySecret(value: unknown, secretId: string): string {
  const key = apiKeyOf(value, secretId);
  const problem = keyProblem(key);
  if (problem !== undefined)
    throw secretError(`the API key in secret ${secretId} ${problem.text}`, problem.code, secretId, {
      ...(problem.limit === undefined ? {} : { limit: problem.limit }),
    });
  return key;
}

function apiKeyOf(value: unknown, secretId: string): string {
  if (typeof value !== 'string') {
    throw secretError(
      `secret ${secretId} holds binary data; store the API key as a string or as {"apiKey": "..."}`,
      'secret-binary',
      secretId,
    );
  }
  const text = value.trim();
  if (text === '')
    throw secretError(
      `secret ${secretId} is empty; put the DEXCHANGE API key in it`,
      'secret-empty',
      secretId,
    );
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw secretError(
        `secret ${secretId} starts with "{" but is not valid JSON; store the key as a plain string or as {"apiKey": "..."}`,
        'secret-not-json',
        secretId,
      );
    }
    const parsed = jsonSecretSchema.safeParse(json);
    if (!parsed.success) {
      throw secretError(
        `secret ${secretId} is JSON without a non-empty "apiKey" field; store it as {"apiKey": "..."}`,
        'secret-no-api-key',
        secretId,
      );
    }
    return parsed.data.apiKey;
  }
  return text;
}

export interface ApiKeySource {
  /** The key; `fresh` bypasses the container's cache (after a 401: the key may have rotated). */
  read(options?: { readonly fresh?: boolean }): Promise<string>;
  /** The last key read, to redact it from texts that may quote it; never to use or log. */
  known(): string | undefined;
}

export interface ApiKeySourceOptions {
  readonly secretId: string;
  readonly maxAgeSeconds: number;
  readonly client: SecretsManagerClient;
}

export function createApiKeySource(options: ApiKeySourceOptions): ApiKeySource {
  const provider = new SecretsProvider({ awsSdkV3Client: options.client });
  let last: string | undefined;
  return {
    known: () => last,
    async read(readOptions = {}) {
      let value: unknown;
      try {
        value = await provider.get(options.secretId, {
          maxAge: options.maxAgeSeconds,
          ...(readOptions.fresh === true ? { forceFetch: true } : {}),
        });
      } catch (error) {
        throw secretReadError(error, options.secretId);
      }
      last = parseApiKeySecret(value, options.secretId);
      return last;
    },
  };
}

/** Maps the SDK's failure (wrapped by Powertools in GetParameterError) to what the operator fixes. */
function secretReadError(error: unknown, secretId: string): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  // The SDK's error name, never its message (which may quote what it was given).
  const name = errorName(cause);
  switch (name) {
    case 'ResourceNotFoundException':
      return secretError(
        `secret ${secretId} was not found, or has no value yet; create it and put the API key in it (DEXCHANGE_API_KEY_SECRET_ID)`,
        'secret-not-found',
        secretId,
        { cause },
      );
    case 'AccessDeniedException':
    case 'AccessDenied':
      return secretError(
        `the function may not read secret ${secretId} (AccessDenied); grant secretsmanager:GetSecretValue`,
        'secret-access-denied',
        secretId,
        { cause },
      );
    case 'DecryptionFailure':
      return secretError(
        `secret ${secretId} cannot be decrypted (DecryptionFailure); check its KMS key policy`,
        'secret-decryption',
        secretId,
        { cause },
      );
    default:
      return new UnavailableError(`secret ${secretId} could not be read (${name})`, {
        cause,
        detail: { code: 'secret-unreadable', secretId, errorName: name },
      });
  }
}
