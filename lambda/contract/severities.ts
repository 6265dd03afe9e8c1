/**
 * The vocabulary shared by the function and the stack: every notification's `severity`
 * attribute (docs/architecture.md, "The message format"), and the locales the texts exist in. The stack's SMS
 * filter policies are built from these lists, so they cannot drift from what the function sends.
 */

export const SEVERITIES = [
  'LOW',
  'CRITICAL',
  'REMINDER',
  'RECOVERED',
  'FORECAST',
  'UNUSUAL_OUTFLOW',
  'FAILING',
  'FAILING_RESOLVED',
  'STALE',
  'STALE_RESOLVED',
  'ACKNOWLEDGED',
  'DIGEST',
  'HELD',
  'TEST',
] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a hold (a silence, quiet hours) decides on: the kinds holds.ts compares (`kindOf`). The
 * others are held as what they are about (a REMINDER, RECOVERED or ACKNOWLEDGED as its alert's
 * level or FAILING, a FAILING_RESOLVED as FAILING, a STALE_RESOLVED as STALE), a TEST always
 * goes out, and a HELD is what a hold releases: naming one of those would hold nothing.
 */
export const HOLDABLE_SEVERITIES = [
  'LOW',
  'CRITICAL',
  'FAILING',
  'STALE',
  'FORECAST',
  'DIGEST',
] as const;
export type HoldableSeverity = (typeof HOLDABLE_SEVERITIES)[number];

/** The severities a REMINDER can be about. */
export const REMINDED_SEVERITIES = ['LOW', 'CRITICAL', 'FAILING'] as const;

/** Balance levels, in rising order: routing takes "this level and above". */
export const LEVELS = ['LOW', 'CRITICAL'] as const;

/**
 * What a route may take besides balance levels, each with what closes it: FAILING brings its
 * reminders and FAILING_RESOLVED, STALE its STALE_RESOLVED.
 */
export const ALSO_ROUTABLE = [
  'FAILING',
  'FORECAST',
  'UNUSUAL_OUTFLOW',
  'STALE',
  'DIGEST',
  'TEST',
] as const;

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
