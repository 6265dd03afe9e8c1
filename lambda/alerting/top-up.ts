import type { TopUpAdvice } from './types';

/**
 * How much to add, as two different answers that must never be confused:
 * - the minimum closes the alert: exactly what brings the balance to the recovery level, rounded
 *   up to the currency's smallest unit only (1 franc for XOF, 1 cent for EUR). One unit less
 *   does not close it (test/unit/top-up.property.test.ts holds the policy to both).
 * - the advised amount covers a number of hours at the current pace on top of reaching the
 *   recovery level; it is advice, so it is rounded up to a figure a person types.
 * Pure: the currency's unit comes from Intl, a built-in, not from a clock or the network.
 */

const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point of a currency's smallest unit: 0 for XOF, 2 for EUR. */
export function currencyDigits(currency: string): number {
  // Kept per code: building an Intl formatter costs more than the rest of a check's arithmetic.
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = intlDigits(currency);
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

function intlDigits(currency: string): number {
  try {
    const { maximumFractionDigits } = new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
    }).resolvedOptions();
    return maximumFractionDigits ?? 0;
  } catch {
    // A code Intl rejects: its amounts are shown as plain numbers (messages/text.ts); whole
    // units are the prudent reading.
    return 0;
  }
}

/** The currency's smallest unit: 1 for XOF, 0.01 for EUR. */
export function currencyUnit(currency: string): number {
  return 10 ** -currencyDigits(currency);
}

/**
 * The least amount, in whole units of the currency, that brings `balance` to `recovery` or
 * above (the policy closes an alert at `balance >= recovery`); 0 when it is there already.
 * Amounts are decimals of the currency's unit: the balance after the top-up is read as the
 * provider reports it, the decimal sum (`(balance units + added units) / scale`), not a binary
 * float sum. Worked out in units, then checked against that sum, so that floating point
 * (105,000 - 0.1 is not 104,999.9; LOW 0.05 plus 20% is a hair above 0.06) can neither
 * overshoot nor fall short by a unit.
 */
export function minimumToClose(balance: number, recovery: number, currency: string): number {
  if (!(balance < recovery)) return 0;
  const scale = 10 ** currencyDigits(currency);
  const start = Math.round(balance * scale);
  // A balance off the currency's grid (more decimals than its unit) is added to as it is.
  const onGrid = Math.abs(balance * scale - start) <= 1e-6 * Math.max(1, Math.abs(start));
  const after = (units: number) => (onGrid ? (start + units) / scale : balance + units / scale);
  let units = Math.max(1, Math.ceil((recovery - balance) * scale - 1e-6));
  while (after(units) < recovery) units += 1;
  while (units > 1 && after(units - 1) >= recovery) units -= 1;
  return units / scale;
}

/**
 * Rounds advice up to two significant digits, never finer than the currency's unit: 149,500 is
 * advised as 150,000, 2,437,512 as 2,500,000, 4,250 as 4,300. At most 10% more than needed.
 */
export function friendlyCeil(amount: number, currency: string): number {
  if (!(amount > 0)) return 0;
  const unit = currencyUnit(currency);
  const step = Math.max(unit, 10 ** (Math.floor(Math.log10(amount)) - 1));
  const scale = Math.round(1 / Math.min(step, 1));
  // In whole steps (and whole units below 1), so that 0.1 + 0.2 never shows as 0.30000000000000004.
  return (Math.ceil(amount / step - 1e-9) * Math.round(step * scale)) / scale;
}

/** The pace the advice is worked out from: change per hour (negative: draining). */
export interface Pace {
  readonly perHour: number;
  /** Of the hours to cover, the minutes in which the balance moves (forecast.ts). */
  readonly activeMinutes: number;
}

/**
 * What to add: the minimum to close the alert (0 when the balance is at the recovery level or
 * above), and, when the balance is draining, the advised amount to last `hours` at that pace on
 * top of reaching the recovery level (absent when it would not be above the minimum).
 */
export function topUpAdvice(
  balance: number,
  recovery: number,
  currency: string,
  pace: Pace | undefined,
  hours: number,
): TopUpAdvice {
  const toRecover = minimumToClose(balance, recovery, currency);
  if (pace === undefined || !(pace.perHour < 0)) return { toRecover };
  const spent = (-pace.perHour * pace.activeMinutes) / 60;
  const needed = recovery + spent - balance;
  if (!(needed > toRecover)) return { toRecover };
  return { toRecover, toCover: Math.max(friendlyCeil(needed, currency), toRecover), hours };
}
