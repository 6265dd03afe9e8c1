import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod';
import { ConfigurationError, UnavailableError } from '../errors';

/**
 * The DEXCHANGE API key, read from Secrets Manager through Powertools Parameters, which caches
 * it per container for `maxAgeSeconds`. The secret holds the key as a plain string or as JSON
 * `{"apiKey": "..."}`. Errors name the secret id and never the value.
 */

const jsonSecretSchema = z.object({ apiKey: z.string().trim().min(1) });

/** Parses a secret value; throws a ConfigurationError naming `secretId` when it holds no key. */
export function parseApiKeySecret(value: unknown, secretId: string): string {
  if (typeof value !== 'string') {
    throw new ConfigurationError(
      `secret ${secretId} holds binary data; store the API key as a string or as {"apiKey": "..."}`,
    );
  }
  const text = value.trim();
  if (text === '')
    throw new ConfigurationError(`secret ${secretId} is empty; put the DEXCHANGE API key in it`);
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConfigurationError(
        `secret ${secretId} starts with "{" but is not valid JSON; store the key as a plain string or as {"apiKey": "..."}`,
      );
    }
    const parsed = jsonSecretSchema.safeParse(json);
    if (!parsed.success) {
      throw new ConfigurationError(
        `secret ${secretId} is JSON without a non-empty "apiKey" field; store it as {"apiKey": "..."}`,
      );
    }
    return parsed.data.apiKey;
  }
  if (/\s/.test(text)) {
    throw new ConfigurationError(
      `secret ${secretId} contains whitespace inside the value; an API key is one token`,
    );
  }
  return text;
}

export interface ApiKeySource {
  read(): Promise<string>;
}

export interface ApiKeySourceOptions {
  readonly secretId: string;
  readonly maxAgeSeconds: number;
  readonly client: SecretsManagerClient;
}

export function createApiKeySource(options: ApiKeySourceOptions): ApiKeySource {
  const provider = new SecretsProvider({ awsSdkV3Client: options.client });
  return {
    async read() {
      let value: unknown;
      try {
        value = await provider.get(options.secretId, { maxAge: options.maxAgeSeconds });
      } catch (error) {
        throw secretReadError(error, options.secretId);
      }
      return parseApiKeySecret(value, options.secretId);
    },
  };
}

/** Maps the SDK's failure (wrapped by Powertools in GetParameterError) to what the operator fixes. */
function secretReadError(error: unknown, secretId: string): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const name = cause instanceof Error ? cause.name : 'UnknownError';
  switch (name) {
    case 'ResourceNotFoundException':
      return new ConfigurationError(
        `secret ${secretId} was not found, or has no value yet; create it and put the API key in it (DEXCHANGE_API_KEY_SECRET_ID)`,
        { cause },
      );
    case 'AccessDeniedException':
    case 'AccessDenied':
      return new ConfigurationError(
        `the function may not read secret ${secretId} (AccessDenied); grant secretsmanager:GetSecretValue`,
        { cause },
      );
    case 'DecryptionFailure':
      return new ConfigurationError(
        `secret ${secretId} cannot be decrypted (DecryptionFailure); check its KMS key policy`,
        { cause },
      );
    default:
      return new UnavailableError(`secret ${secretId} could not be read (${name})`, { cause });
  }
}
