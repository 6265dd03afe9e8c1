import { topUpAdvice, type Pace } from '../alerting/top-up';
import type { Locale, TopUpAdvice } from '../alerting/types';
import { catalogOf } from './locales/all';
import { formatAmount } from './text';

/**
 * One answer to "how much", worded by every channel with the same two labels: the minimum that
 * closes the alert (exact, alerting/top-up.ts), and the advised amount that also covers some
 * hours at the current pace. The e-mail, chat, Telegram and webhook texts, the SMS and the
 * acknowledge page all take their sentence from here and the catalogs' `topUp`.
 */

/** The amounts to state, formatted; each absent when there is nothing to say of it. */
export interface HowMuchFacts {
  /** Closes the alert: only while one is open and the balance is below the recovery level. */
  readonly minimum?: string;
  /** Covers `hours` at the current pace: only with a draining pace, and above the minimum. */
  readonly advised?: { readonly amount: string; readonly hours: number };
}

/**
 * Where the alert closes, for the sentence that explains it: the recovery level, and whether a
 * margin lies above LOW (it may be 0; unknown LOW is taken to have one, the default 5%).
 */
export interface ClosingFacts {
  readonly recovery: string;
  readonly margin: boolean;
}

export function closingFacts(
  recovery: number,
  low: number | undefined,
  amount: (value: number) => string,
): ClosingFacts {
  return { recovery: amount(recovery), margin: low === undefined || recovery > low };
}

/**
 * What to state of `advice`. `closing`: the alert is open and a minimum may be asked for (not
 * in a FORECAST, where no alert is open; not in the recovery band, where it closes by itself).
 * Undefined when there is nothing to state.
 */
export function howMuchFacts(
  advice: TopUpAdvice | undefined,
  closing: boolean,
  amount: (value: number) => string,
): HowMuchFacts | undefined {
  if (advice === undefined) return undefined;
  const minimum = closing && advice.toRecover > 0 ? advice.toRecover : undefined;
  const { toCover, hours } = advice;
  const advised =
    toCover !== undefined && hours !== undefined && toCover > (minimum ?? 0)
      ? { amount: amount(toCover), hours }
      : undefined;
  if (minimum === undefined && advised === undefined) return undefined;
  return {
    ...(minimum === undefined ? {} : { minimum: amount(minimum) }),
    ...(advised === undefined ? {} : { advised }),
  };
}

/**
 * The sentence, for a page or any text outside an alert's draft: "Minimum XOF 4,250 to close
 * the alert; advised XOF 150,000 to cover 24 hours at the current pace." `closing` as above.
 */
export function howMuchSentence(
  advice: TopUpAdvice | undefined,
  closing: boolean,
  currency: string,
  locale: Locale,
): string | undefined {
  const facts = howMuchFacts(advice, closing, (value) => formatAmount(value, currency, locale));
  return facts === undefined ? undefined : catalogOf(locale).topUp.amounts(facts);
}

/** What a page knows of an account now, to say how much to add from it. */
export interface AccountNow {
  readonly balance: number;
  readonly currency: string;
  readonly low: number;
  /** The recovery level (policy.ts recoveryLevel). */
  readonly recovery: number;
  /** The forecast's pace, when there is one (Forecast.perHour and coverActiveMinutes). */
  readonly pace?: Pace;
  /** topUpCoverHours. */
  readonly hours: number;
}

/**
 * The sentence for an open alert as it stands now, worked out as a check does (top-up.ts):
 * below LOW, the minimum and the advised; in the recovery band, the advised alone, as advice
 * (nothing is asked there); undefined when there is nothing to say.
 */
export function howMuchNow(now: AccountNow, locale: Locale): string | undefined {
  const advice = topUpAdvice(now.balance, now.recovery, now.currency, now.pace, now.hours);
  return howMuchSentence(advice, now.balance < now.low, now.currency, locale);
}
