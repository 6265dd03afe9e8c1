import * as z from './zod';

/**
 * A DEXCHANGE transaction callback, as DEXCHANGE's TypeScript SDK types it (its
 * `WebhookEvent`): from the SDK type, unverified. The SDK neither exports nor parses it, says
 * nothing of which fields may be missing or null, and its own example reads `Status` where the
 * type says `STATUS`. So the keys are matched whatever their case, a body carrying one field
 * under two spellings is refused (which one would be the truth?), any key the SDK does not
 * name is refused, and every field may be missing or null. A callback is only a hint (it starts
 * a check, which reads the balance itself), so what is kept is small: the hint below.
 */

/**
 * The state table's item that times each account's callback window (lambda/stores/
 * callback-window.ts), and the only items the receiver may write (infra/callback-receiver.ts).
 */
export const CALLBACK_WINDOW_KEY_PREFIX = '#callback:';

/**
 * The SDK's field names, lower-cased: the key a body's field is matched by. Built at the first
 * body parsed: the check's bundle holds this module for the hint, and a check never parses a
 * body (BENCHMARKS.md, "The cold path").
 */
const fields = () =>
  ({
    id: z.string().check(z.maxLength(200)),
    externaltransactionid: z.string().check(z.maxLength(200)),
    transactiontype: z.string().check(z.maxLength(40)),
    amount: z.number(),
    fee: z.number(),
    phone_number: z.string().check(z.maxLength(40)),
    status: z.string().check(z.maxLength(40)),
    custom_data: z.string().check(z.maxLength(4_000)),
    completed_at: z.string().check(z.maxLength(64)),
    balance: z.number(),
    previous_balance: z.number(),
    current_balance: z.number(),
  }) as const;
type Fields = ReturnType<typeof fields>;

type Folded = { [K in keyof Fields]?: z.infer<Fields[K]> | null };

const foldedSchema = z.lazy(() =>
  z.strictObject(
    Object.fromEntries(
      Object.entries(fields()).map(([key, rule]) => [key, z.optional(z.nullable(rule))]),
    ) as { [K in keyof Fields]: z.ZodMiniOptional<z.ZodMiniNullable<Fields[K]>> },
  ),
);

/** What a check may learn from a callback: never the basis of an alert on its own. */
export interface CallbackHint {
  readonly currentBalance?: number;
  /** COMPLETED_AT as DEXCHANGE wrote it (no format is documented), epoch ms when it parses. */
  readonly completedAt?: number;
  readonly amount?: number;
  readonly status?: string;
  readonly type?: string;
}

/** Built at its first parse (`z.lazy`): only a callback's check parses one. */
export const callbackHintSchema = z.lazy(() =>
  z.strictObject({
    currentBalance: z.optional(z.number()),
    completedAt: z.optional(z.number().check(z.int())),
    amount: z.optional(z.number()),
    status: z.optional(z.string().check(z.maxLength(40))),
    type: z.optional(z.string().check(z.maxLength(40))),
  }),
);

/** The body's keys folded to the SDK's; undefined when one field comes under two spellings. */
function foldKeys(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const folded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (Object.hasOwn(folded, lower)) return undefined;
    folded[lower] = value;
  }
  return folded;
}

const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/**
 * The hint in a callback's parsed JSON, or undefined when the body is not a callback as the
 * SDK types it (the caller answers 400 and says no more).
 */
export function callbackHintOf(json: unknown): CallbackHint | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const folded = foldKeys(json as Record<string, unknown>);
  if (folded === undefined) return undefined;
  const parsed = foldedSchema.safeParse(folded);
  if (!parsed.success) return undefined;
  const body: Folded = parsed.data;
  const completed = present(body.completed_at);
  const completedAt = completed === undefined ? Number.NaN : Date.parse(completed);
  const hint: CallbackHint = {
    ...(present(body.current_balance) === undefined
      ? {}
      : { currentBalance: present(body.current_balance) }),
    ...(Number.isFinite(completedAt) ? { completedAt } : {}),
    ...(present(body.amount) === undefined ? {} : { amount: present(body.amount) }),
    ...(present(body.status) === undefined ? {} : { status: present(body.status) }),
    ...(present(body.transactiontype) === undefined ? {} : { type: present(body.transactiontype) }),
  };
  return hint;
}
