/**
 * The ways a check can fail to read a valid balance, written once: the errors (errors.ts), the
 * stored state and the stored events (alerting/) all take their kind from this list.
 */
export const FAILURE_KINDS = [
  'authentication',
  'unavailable',
  'invalid-response',
  'configuration',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];
