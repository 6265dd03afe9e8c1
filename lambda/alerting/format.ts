import type { FailureInfo, Locale } from './types';

/** Words for durations, times and failures, in both locales. Pure. */

/** "2026-11-28 10:05 UTC": Dakar keeps UTC all year, so UTC is also the operators' local time. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "45 min", "3 h 20 min", "2 d 4 h" ("2 j 4 h" in French). */
export function formatDuration(minutes: number, locale: Locale): string {
  const total = Math.max(0, Math.round(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return `${days} ${locale === 'fr' ? 'j' : 'd'}${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins > 0 ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

export function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}

/** What went wrong, in a few plain words that fit an SMS: "the API key was rejected (401)". */
export function describeFailure(failure: FailureInfo, locale: Locale): string {
  const fr = locale === 'fr';
  const status = failure.status === undefined ? '' : ` (${failure.status})`;
  switch (failure.kind) {
    case 'authentication':
      if (failure.code === 'EXPIRED_API_KEY')
        return fr ? `la clé API a expiré${status}` : `the API key has expired${status}`;
      if (failure.status === 403)
        return fr
          ? `la clé API n'a pas les droits${status}`
          : `the API key lacks permission${status}`;
      return fr ? `la clé API a été refusée${status}` : `the API key was rejected${status}`;
    case 'unavailable':
      if (failure.status === 403)
        return fr ? `l'API est en maintenance${status}` : `the API is under maintenance${status}`;
      if (failure.status === 429)
        return fr ? `l'API limite les requêtes${status}` : `the API is rate limiting${status}`;
      if (failure.status !== undefined)
        return fr ? `l'API est en panne${status}` : `the API is failing${status}`;
      if (/secret/i.test(failure.reason))
        return fr ? 'le secret est illisible' : 'the secret cannot be read';
      return fr ? "l'API ne répond pas" : 'the API does not answer';
    case 'invalid-response':
      return fr ? "l'API a renvoyé un solde invalide" : 'the API answered with an invalid balance';
    case 'configuration':
      return fr ? 'le moniteur est mal configuré' : 'the monitor is misconfigured';
  }
}

/** What the operator should do about a failure. */
export function failureAction(failure: FailureInfo, locale: Locale): string {
  const fr = locale === 'fr';
  switch (failure.kind) {
    case 'authentication':
      return fr
        ? 'mettez une clé API DEXCHANGE valide dans le secret (voir le README, « Put the key »).'
        : 'put a valid DEXCHANGE API key in the secret (see the README, "Put the key").';
    case 'unavailable':
      return fr
        ? 'rien si DEXCHANGE a un incident : le moniteur réessaie à chaque contrôle. Si cela dure, contactez le support DEXCHANGE.'
        : 'nothing if DEXCHANGE has an incident: the monitor retries at every check. If it lasts, contact DEXCHANGE support.';
    case 'invalid-response':
      return fr
        ? 'contactez le support DEXCHANGE ; la réponse reçue est dans les journaux de la fonction.'
        : "contact DEXCHANGE support; the answer received is in the function's logs.";
    case 'configuration':
      return fr
        ? 'corrigez la configuration du moniteur ; le détail ci-dessus nomme ce qui ne va pas.'
        : "fix the monitor's configuration; the details above name what is wrong.";
  }
}
