import type { CallbackHint } from '../contract/callback-body';

/**
 * UNUSUAL_OUTFLOW from a callback: one debit at least as large as the account's set amount
 * (`OUTFLOW_SINGLE_DEBIT_AMOUNT`, off by default). A callback is a hint, so the rule needs two
 * things, and the second is the GET's:
 *
 * 1. the hint names a completed debit of at least that amount: status SUCCESS and a debit type
 *    (DEXCHANGE's SDK sends CASHOUT for a payout and AIRTIME for airtime; CASHIN brings money
 *    in), with its COMPLETED_AT, no earlier than 5 minutes before the previous reading (an old
 *    callback replayed names an old debit; one without a time names none);
 * 2. the balance this check read fell by at least that amount since the previous good reading,
 *    and by no less than the debit named (within DEBIT_FALL_TOLERANCE): a debit larger than
 *    the fall the GET saw did not happen as told.
 *
 * So a forged or replayed callback cannot raise it, nor state a debit the balance did not lose:
 * without a fall the GET saw, nothing goes out, and the message leads with that fall. Pure.
 */

/** The transaction types that take money out of the balance (from DEXCHANGE's SDK; unverified). */
export const DEBIT_TYPES: ReadonlySet<string> = new Set(['CASHOUT', 'AIRTIME']);
const COMPLETED = 'SUCCESS';
/** DEXCHANGE's clock and ours may differ a little: a debit this much before the reading still counts. */
const CLOCK_SLACK_MS = 5 * 60_000;
/** A debit may exceed the fall read by this share (a collection in between, rounding). */
export const DEBIT_FALL_TOLERANCE = 0.05;

export interface SingleDebit {
  /** The debit's amount, as the callback says. */
  readonly debit: number;
  /** When it completed (the callback's COMPLETED_AT, no later than the check). */
  readonly debitAt: string;
  /** How much the balance fell since the previous reading, by the GET (positive). */
  readonly fell: number;
  /** Minutes since the previous reading. */
  readonly minutes: number;
}

export function judgeSingleDebit(
  hint: CallbackHint | undefined,
  previous: { readonly balance: number; readonly at: string } | undefined,
  balance: number,
  at: string,
  threshold: number | undefined,
): SingleDebit | undefined {
  if (threshold === undefined || threshold <= 0 || hint === undefined || previous === undefined)
    return undefined;
  const { amount, status, type, completedAt } = hint;
  if (amount === undefined || !Number.isFinite(amount) || !(Math.abs(amount) >= threshold))
    return undefined;
  if (status?.toUpperCase() !== COMPLETED || !DEBIT_TYPES.has(type?.toUpperCase() ?? ''))
    return undefined;
  const now = Date.parse(at);
  const since = Date.parse(previous.at);
  if (
    completedAt === undefined ||
    completedAt < since - CLOCK_SLACK_MS ||
    completedAt > now + CLOCK_SLACK_MS
  )
    return undefined;
  const fell = previous.balance - balance;
  if (!(fell >= threshold) || Math.abs(amount) > fell * (1 + DEBIT_FALL_TOLERANCE))
    return undefined;
  return {
    debit: Math.abs(amount),
    debitAt: new Date(Math.min(completedAt, now)).toISOString(),
    fell,
    minutes: Math.max(0, Math.round((now - since) / 60_000)),
  };
}
