import * as z from '../../contract/zod';

/**
 * The provider's answers, as its OpenAPI (spec/dexchange-openapi.yaml) and its other pages
 * describe them. Objects accept unknown extra fields: a provider adding a field must not
 * stop the monitor.
 */

/** "is missing" when absent, else what it must be: the words an operator reads in the error. */
const rule = (expected: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is missing' : `must be ${expected}`,
});

export const balanceDetailsSchema = z.object(
  {
    success: z.boolean(rule('a boolean')),
    // z.number() already refuses NaN and Infinity.
    balance: z.number(rule('a finite number')),
    currency: z
      .string(rule('a string'))
      .check(z.regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter currency code' })),
    lastUpdate: z.iso.datetime({ offset: true, ...rule('an ISO 8601 date-time with a zone') }),
  },
  rule('an object'),
);

export const balanceResponseSchema = z.object(
  {
    message: z.string(rule('a string')),
    balance: balanceDetailsSchema,
  },
  rule('an object'),
);

export type BalanceResponse = z.infer<typeof balanceResponseSchema>;

/** `{message: string[], success: false}`: the shape in the OpenAPI (validation, 401). */
export const messageListErrorSchema = z.object({
  message: z.array(z.string()),
  success: z.boolean(),
});

/** `{success: false, message, code}`: codes such as INVALID_API_KEY, EXPIRED_API_KEY. */
export const codedErrorSchema = z.object({
  success: z.boolean(),
  message: z.string(),
  code: z.string(),
});

/** `{error: number, message}`: the framework's own error shape. */
export const numberedErrorSchema = z.object({
  error: z.number(),
  message: z.string(),
});

export interface ProviderError {
  readonly shape: 'message-list' | 'coded' | 'numbered';
  readonly message: string;
  readonly code?: string;
}

/** Reads any of the three documented error shapes; anything else gives undefined, never a throw. */
export function parseProviderError(body: unknown): ProviderError | undefined {
  const coded = codedErrorSchema.safeParse(body);
  if (coded.success) return { shape: 'coded', message: coded.data.message, code: coded.data.code };
  const list = messageListErrorSchema.safeParse(body);
  if (list.success) return { shape: 'message-list', message: list.data.message.join('; ') };
  const numbered = numberedErrorSchema.safeParse(body);
  if (numbered.success) {
    // Its number repeats the HTTP status; the message is what is worth showing.
    return { shape: 'numbered', message: numbered.data.message };
  }
  return undefined;
}
