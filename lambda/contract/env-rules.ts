import * as z from './zod';
import { LOCALES } from './severities';
import { DEFAULT_TIME_ZONE, timeZoneSchema } from './time-zone';

/**
 * Building blocks for environment variables, which always arrive as strings (or not at all).
 * Each rule's message reads after the variable's name: "LOW_BALANCE_THRESHOLD must be ...".
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A variable that must be present and not blank. */
export const requiredString = () =>
  z
    .string({ error: 'is required' })
    .check(z.trim(), z.minLength(1, { error: 'is required (it is empty)' }));

const buildOptionalString = () =>
  z.pipe(
    z.optional(z.string().check(z.trim())),
    z.transform((value: string | undefined) => (value === '' ? undefined : value)),
  );
let sharedOptionalString: ReturnType<typeof buildOptionalString> | undefined;

/**
 * Blank counts as unset, so that a template can pass "" for "not configured". One schema shared
 * by every variable that uses it (a schema holds no state of a parse): the environment, parsed
 * at every cold start, builds it once rather than once per variable.
 */
export const optionalString = () => (sharedOptionalString ??= buildOptionalString());

/**
 * Adds a custom issue from inside a transform, as the classic API's `ctx.addIssue` did: zod/mini
 * gives a transform the parse's payload, whose issues it appends to.
 */
export function addIssue(ctx: z.core.ParsePayload, message: string): void {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
}

/**
 * A variable holding JSON that `schema` reads (a list of channels, the escalation, the page's
 * top-up help): for `z.transform(...)`, each problem named by its path inside the JSON.
 * `notJson` is the message when the text is not JSON at all.
 */
export function fromJson<T>(schema: z.ZodMiniType<T>, notJson: string) {
  return (value: string, ctx: z.core.ParsePayload): T => {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      addIssue(ctx, notJson);
      return z.NEVER;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      addIssue(
        ctx,
        issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
      );
    return z.NEVER;
  };
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

function describe(rule: NumberRule): string {
  const kind = rule.integer === true ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined)
    return `${kind} from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `${kind} >= ${rule.min}`;
  if (rule.max !== undefined) return `${kind} <= ${rule.max}`;
  return kind;
}

/** The transform that reads a decimal string as a number within the rule, or says the rule. */
function readNumber(rule: NumberRule) {
  const expected = `must be ${describe(rule)}`;
  return (raw: string, ctx: z.core.ParsePayload): number => {
    const text = raw.trim();
    const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    const ok =
      Number.isFinite(value) &&
      (rule.integer !== true || Number.isInteger(value)) &&
      (rule.min === undefined || value >= rule.min) &&
      (rule.max === undefined || value <= rule.max);
    if (!ok) {
      addIssue(ctx, `${expected} (got ${JSON.stringify(raw)})`);
      return z.NEVER;
    }
    return value;
  };
}

/** Parses a decimal string to a number within the rule, with a message that states the rule. */
export function numberFromString(rule: NumberRule) {
  return z.pipe(z.string({ error: 'is required' }), z.transform(readNumber(rule)));
}

/**
 * A number variable with a default when unset or blank: the default read by the same rule
 * (one transform, not a pipe of two: the environment has a score of these, built at every cold
 * start).
 */
export function numberWithDefault(rule: NumberRule, fallback: number) {
  const read = readNumber(rule);
  return z.pipe(
    z.optional(z.string()),
    z.transform((raw: string | undefined, ctx) =>
      read(raw === undefined || raw.trim() === '' ? String(fallback) : raw, ctx),
    ),
  );
}

/** An optional number variable: unset or blank means "not configured". */
export function optionalNumber(rule: NumberRule) {
  return z.pipe(optionalString(), z.optional(numberFromString(rule)));
}

/** Formats zod issues as "NAME rule; NAME rule", the variable first so the fix is obvious. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const name = issue.path.map(String).join('.');
      return name === '' ? issue.message : `${name} ${issue.message}`;
    })
    .join('; ');
}

/** A variable with a default when unset or blank, the value (given or default) read by `schema`. */
export function withDefault<B extends z.core.$ZodType<unknown, string>>(
  fallback: string,
  schema: B,
) {
  return z.pipe(
    z.pipe(
      optionalString(),
      z.transform((value: string | undefined) => value ?? fallback),
    ),
    schema,
  );
}

/** An optional "true" or "false" (a feature turned on by the stack). */
export const optionalFlag = () =>
  z.pipe(
    optionalString(),
    z.optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
  );

/** ALERT_LOCALE: the texts' language, English unless set. */
export const localeVariable = () =>
  withDefault('en', z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }));

/** ALERT_TIME_ZONE: an IANA zone, the product's home market's unless set. */
export const timeZoneVariable = () => withDefault(DEFAULT_TIME_ZONE, timeZoneSchema);
