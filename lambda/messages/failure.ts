import type { FailureInfo, Locale } from '../alerting/types';
import { failureActionKey } from './facts';
import { inertFailure } from './inert';
import { catalogOf } from './locales/all';

/**
 * A failed read, in the reader's language: a few words for an SMS ("the API key was rejected
 * (401)"), a full sentence for an e-mail, and what to do. Built from the failure's data, never
 * from its English log message; the provider's own words are quoted as such. The words are the
 * catalog's (locales/); which of them a failure calls for is decided here, for every language.
 * What the provider said (its words, its code, a redirect's address) is made inert here, once
 * for every channel's text: no link or markup of theirs reaches a recipient (inert.ts).
 */

/** " (401)", or nothing without a status. */
const statusOf = (status: number | undefined) => (status === undefined ? '' : ` (${status})`);

/**
 * The full sentence, without the provider's words or the attempts. `inProse`: for the e-mail's
 * cause, where durations may be written out; the SMS keeps the short ones.
 */
function sentence(failure: FailureInfo, locale: Locale, inProse: boolean): string {
  const say = catalogOf(locale).failure;
  const d = inertFailure(failure).detail;
  if (d === undefined) return say.byKind[failure.kind](statusOf(failure.status));
  return say.sentence[d.code]({ ...d, status: statusOf(d.status), inProse });
}

/** A few words that fit an SMS: "the API key was rejected (401)". */
export function failureHeadline(failure: FailureInfo, locale: Locale): string {
  const say = catalogOf(locale).failure.short;
  const d = inertFailure(failure).detail;
  // Long names (a secret's ARN, a redirect's address) stay in the e-mail: an SMS has no room.
  if (d?.code === 'secret-unreadable') return say.secretUnreadable(d.errorName);
  if (d?.code === 'api-redirect') return say.redirect(statusOf(d.status));
  // Secret problems are long to say; an SMS only needs to know the key is missing or wrong.
  if (d?.code.startsWith('secret-') === true) return say.secretMissing;
  return sentence(failure, locale, false);
}

/**
 * The cause, said once, for an e-mail's headline after its colon: the full sentence with the
 * attempts and the provider's own words ("l'API ne répond pas (503), après 3 tentatives.
 * DEXCHANGE a répondu : « ... »."). No "Details" line repeats it.
 */
export function failureCause(failure: FailureInfo, locale: Locale): string {
  const say = catalogOf(locale).failure;
  const d = inertFailure(failure).detail;
  const attempts =
    failure.attempts !== undefined && failure.attempts > 1 ? say.attempts(failure.attempts) : '';
  const said =
    d?.provider === undefined || d.provider === ''
      ? ''
      : say.providerSaid(d.provider, d.providerCode === undefined ? '' : ` (${d.providerCode})`);
  return `${sentence(failure, locale, true)}${attempts}.${said}`;
}

/** The cause as a sentence of its own: "The API does not answer (503), after 3 attempts." */
export function failureSentence(failure: FailureInfo, locale: Locale): string {
  const cause = failureCause(failure, locale);
  return cause.charAt(0).toUpperCase() + cause.slice(1);
}

/** What the operator should do about a failure. */
export function failureAction(failure: FailureInfo, locale: Locale): string {
  return catalogOf(locale).failure.action[failureActionKey(failure)];
}
