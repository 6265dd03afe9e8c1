import * as z from './zod';
import { addIssue, isLoopbackHost } from './env-rules';

/**
 * The rules every setting of the function obeys, written once. The function applies them to
 * its environment (environment.ts); the stack applies the same rules to the deploy config and
 * then checks each function's environment with the function's own schema, so a value `cdk
 * synth` accepts is one every invocation accepts.
 */

export const DEFAULT_API_URL = 'https://api-m.dexchange.sn';

export { ACCOUNT_NAME_MAX_LENGTH, ACCOUNT_NAME_RULE, accountNameSchema } from './account-name';

/** The largest amount a threshold may be: well inside a double's exact integers. */
export const MAX_AMOUNT = 1e15;
/**
 * An amount as the environment carries it: plain decimal digits, at most 6 decimals, no
 * exponent. `1e21` or `1e-7` are numbers in JSON but "1e+21" and "1e-7" as text, which the
 * function would refuse.
 */
const PLAIN_AMOUNT = /^\d+(\.\d{1,6})?$/;
export const AMOUNT_RULE = `must be an amount from 0 to ${MAX_AMOUNT} written in plain digits, with at most 6 decimals`;

/** Why a number cannot be a threshold, or undefined when it can. */
export function amountProblem(value: number): string | undefined {
  return Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_AMOUNT &&
    PLAIN_AMOUNT.test(String(value))
    ? undefined
    : `${AMOUNT_RULE} (got ${String(value)})`;
}

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** SNS sender IDs: 3 to 11 letters or digits, at least one letter, no spaces. */
export const SENDER_ID_PATTERN = /^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$/;
export const SENDER_ID_RULE =
  'must be 3 to 11 letters or digits with at least one letter, no spaces (SNS refuses anything else)';

/** A standard SNS topic: a FIFO topic refuses the monitor's publishes (no MessageGroupId). */
export const TOPIC_ARN_PATTERN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** The lifecycle settings' ranges: one table for the environment and the deploy config. */
export const LIFECYCLE_RANGES = {
  repeatAlertMinutes: { min: 5, max: 10_080, integer: true, fallback: 360 },
  recoveryMarginPercent: { min: 0, max: 100, integer: false, fallback: 5 },
  failureAlertAfter: { min: 1, max: 100, integer: true, fallback: 3 },
  // DEXCHANGE does not document `lastUpdate`; read as the balance's last movement, a quiet
  // weekend (no payouts from Saturday evening to Monday morning) must not be stale: 3 days.
  staleAfterMinutes: { min: 1, max: 43_200, integer: true, fallback: 4320 },
  forecastHorizonMinutes: { min: 0, max: 10_080, integer: true, fallback: 240 },
  minBelowMinutes: { min: 0, max: 1440, integer: true, fallback: 0 },
  topUpCoverHours: { min: 1, max: 168, integer: true, fallback: 24 },
  // An episode reopening this soon after its end continues it (alerting/storm.ts): longer than
  // a glitching provider's swing (5 to 20 minutes), shorter than a real top-up-then-payouts.
  coolOffMinutes: { min: 0, max: 1440, integer: true, fallback: 30 },
  // UNUSUAL_OUTFLOW (alerting/outflow.ts): the defaults give 0 on the corpus' ordinary days and
  // catch a drain at ten times the usual pace within 10 minutes (docs/alert-quality.md).
  // Faster than this many times the usual pace for the hour (0: off).
  outflowPaceFactor: { min: 0, max: 100, integer: false, fallback: 6 },
  // ... and only when that pace would empty the account within this many hours (0: always).
  outflowRunwayHours: { min: 0, max: 168, integer: false, fallback: 2 },
  // More than this share of the balance out within the window (0: off; a busy day near LOW
  // loses 75% of it in an hour as a matter of course).
  outflowSharePercent: { min: 0, max: 100, integer: false, fallback: 0 },
  outflowWindowMinutes: { min: 10, max: 1440, integer: true, fallback: 60 },
} as const;

/**
 * The hourly cap: at most this many new messages per channel and hour for an account, then one
 * summary when the hour ends (delivery/steps/cap-per-hour.ts); 0 turns it off.
 */
export const CAP_PER_HOUR = { min: 0, max: 1000, integer: true, fallback: 6 } as const;

/** How long the balance may be forecast to last before FORECAST says so (runwayAlertHours). */
export const RUNWAY_ALERT_HOURS = { min: 1, max: 168 } as const;

/** How to top up: shown in every LOW, CRITICAL and reminder; short enough for an e-mail line. */
export const TOP_UP_TEXT_MAX = 300;
export const TOP_UP_CONTACT_MAX = 40;

/**
 * The DEXCHANGE base URL: https only (plain http for loopback hosts, the sandbox and tests),
 * never with credentials (the key comes from the secret; a URL with a password would land in
 * plain text in the template). Unset means the production API. Normalized: no trailing slash.
 */
export const apiUrlSchema = z.pipe(
  z.pipe(
    z.optional(z.string().check(z.trim())),
    z.transform((value: string | undefined) =>
      value === undefined || value === '' ? DEFAULT_API_URL : value,
    ),
  ),
  z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        addIssue(ctx, `must be an absolute URL (got ${JSON.stringify(value.slice(0, 100))})`);
        return z.NEVER;
      }
      if (url.username !== '' || url.password !== '') {
        addIssue(ctx, 'must not carry credentials; the key comes from the secret');
        return z.NEVER;
      }
      const loopback = isLoopbackHost(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
        addIssue(
          ctx,
          `must use https (plain http is allowed only for localhost/127.0.0.1/[::1]); got ${url.protocol}//${url.host}`,
        );
        return z.NEVER;
      }
      return url.origin + url.pathname.replace(/\/+$/, '');
    }),
  ),
);
