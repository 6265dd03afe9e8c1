import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { errorName } from '../errors';
import { DeliveryError } from '../delivery/channel-port';

/**
 * A secret a channel needs (a bot token, a signing key), read through Powertools Parameters and
 * cached per container: the value alone, or JSON with one string field ({"token": "..."}). Missing, empty or unreadable, it fails that channel's delivery with an
 * error naming the secret (never its value) and what to do; the delivery waits and is retried,
 * so putting the value fixes it, and the other channels are not held up.
 */
export interface ChannelSecret {
  read(): Promise<string>;
  /** The last value read, to redact it from texts that may quote it; never to log. */
  known(): string | undefined;
}

export function createChannelSecret(options: {
  readonly client: SecretsManagerClient;
  readonly secretId: string;
  /** What the secret is for, in the error: "the Telegram bot token". */
  readonly purpose: string;
  readonly maxAgeSeconds: number;
}): ChannelSecret {
  const provider = new SecretsProvider({ awsSdkV3Client: options.client });
  let last: string | undefined;
  return {
    known: () => last,
    async read() {
      let value: unknown;
      try {
        value = await provider.get(options.secretId, { maxAge: options.maxAgeSeconds });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        const name = errorName(cause);
        const what =
          name === 'ResourceNotFoundException'
            ? 'was not found, or has no value yet'
            : name === 'AccessDeniedException'
              ? 'may not be read by the function (AccessDenied)'
              : `could not be read (${name})`;
        throw new DeliveryError(
          `${options.purpose} (secret ${options.secretId}) ${what}; put it with aws secretsmanager put-secret-value`,
          false,
          { cause },
        );
      }
      const text = valueOf(value);
      if (text === '')
        throw new DeliveryError(
          `${options.purpose} (secret ${options.secretId}) is empty; put it with aws secretsmanager put-secret-value`,
          false,
        );
      last = text;
      return text;
    },
  };
}

/** The value alone, or the one string field of a JSON object ({"token": "..."}), trimmed. */
function valueOf(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text.startsWith('{')) return text;
  try {
    const fields = Object.values(JSON.parse(text) as Record<string, unknown>);
    const [only] = fields;
    return fields.length === 1 && typeof only === 'string' ? only.trim() : text;
  } catch {
    return text;
  }
}
