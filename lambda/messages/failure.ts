import type { FailureDetail } from '../alerting/failure-detail';
import type { FailureInfo, Locale } from '../alerting/types';

/**
 * A failed read, in the reader's language: a few words for an SMS ("the API key was rejected
 * (401)"), a full sentence for an e-mail, and what to do. Built from the failure's data, never
 * from its English log message; the provider's own words are quoted as such.
 */

type Words = Record<Locale, string>;

const secret = (d: FailureDetail): Words => ({
  en: `secret ${d.secretId ?? ''}`,
  fr: `le secret ${d.secretId ?? ''}`,
});

/** The full sentence for one detail code, without the provider's words or the attempts. */
function sentence(d: FailureDetail): Words {
  const s = secret(d);
  const status = d.status === undefined ? '' : ` (${d.status})`;
  switch (d.code) {
    case 'secret-binary':
      return {
        en: `${s.en} holds binary data, not the key`,
        fr: `${s.fr} contient des données binaires, pas la clé`,
      };
    case 'secret-empty':
      return {
        en: `${s.en} is empty: the key was never put in it`,
        fr: `${s.fr} est vide : la clé n'y a jamais été mise`,
      };
    case 'secret-not-json':
      return {
        en: `${s.en} starts with "{" but is not valid JSON`,
        fr: `${s.fr} commence par « { » mais n'est pas du JSON valide`,
      };
    case 'secret-no-api-key':
      return {
        en: `${s.en} is JSON without an "apiKey" field`,
        fr: `${s.fr} est du JSON sans champ « apiKey »`,
      };
    case 'secret-key-length':
      return {
        en: `the key in ${s.en} is ${d.limit ?? '?'} characters long; a key has 8 to 1024`,
        fr: `la clé dans ${s.fr} fait ${d.limit ?? '?'} caractères ; une clé en a de 8 à 1024`,
      };
    case 'secret-key-control':
      return {
        en: `the key in ${s.en} contains a line break or another control character`,
        fr: `la clé dans ${s.fr} contient un retour à la ligne ou un autre caractère de contrôle`,
      };
    case 'secret-key-space':
      return {
        en: `the key in ${s.en} contains a space`,
        fr: `la clé dans ${s.fr} contient une espace`,
      };
    case 'secret-key-not-ascii':
      return {
        en: `the key in ${s.en} contains characters a key cannot have (accents, symbols)`,
        fr: `la clé dans ${s.fr} contient des caractères qu'une clé ne peut pas avoir (accents, symboles)`,
      };
    case 'secret-not-found':
      return {
        en: `${s.en} was not found, or holds no value yet`,
        fr: `${s.fr} est introuvable, ou n'a pas encore de valeur`,
      };
    case 'secret-access-denied':
      return {
        en: `the monitor may not read ${s.en}`,
        fr: `le moniteur n'a pas le droit de lire ${s.fr}`,
      };
    case 'secret-decryption':
      return {
        en: `${s.en} cannot be decrypted (its KMS key refuses)`,
        fr: `${s.fr} ne peut pas être déchiffré (sa clé KMS refuse)`,
      };
    case 'secret-unreadable':
      return {
        en: `${s.en} could not be read (${d.errorName ?? 'error'})`,
        fr: `${s.fr} n'a pas pu être lu (${d.errorName ?? 'erreur'})`,
      };
    case 'api-redirect':
      return {
        en: `the API answered with a redirect${status} to ${d.location ?? 'another address'}`,
        fr: `l'API a répondu par une redirection${status} vers ${d.location ?? 'une autre adresse'}`,
      };
    case 'api-key-rejected':
      return { en: `the API key was rejected${status}`, fr: `la clé API a été refusée${status}` };
    case 'api-key-expired':
      return { en: `the API key has expired${status}`, fr: `la clé API a expiré${status}` };
    case 'api-permission':
      return {
        en: `the API key may not read the balance${status}`,
        fr: `la clé API n'a pas le droit de lire le solde${status}`,
      };
    case 'api-maintenance':
      return {
        en: `the API is under maintenance${status}`,
        fr: `l'API est en maintenance${status}`,
      };
    case 'api-not-found':
      return {
        en: `the balance address was not found${status}`,
        fr: `l'adresse du solde est introuvable${status}`,
      };
    case 'api-rate-limited':
      return {
        en: `the API is limiting the requests of this key${status}`,
        fr: `l'API limite les requêtes de cette clé${status}`,
      };
    case 'api-retry-after-too-long':
      return {
        en: `the API asked to wait ${d.seconds ?? '?'} s before asking again${status}`,
        fr: `l'API a demandé d'attendre ${d.seconds ?? '?'} s avant de redemander${status}`,
      };
    case 'api-failed':
      return { en: `the API is failing${status}`, fr: `l'API est en panne${status}` };
    case 'api-unexpected-status':
      return {
        en: `the API answered with an unexpected status${status}`,
        fr: `l'API a répondu avec un statut inattendu${status}`,
      };
    case 'api-empty-body':
      return {
        en: `the API answered with an empty body${status}`,
        fr: `l'API a répondu sans contenu${status}`,
      };
    case 'api-not-json':
      return {
        en: `the API answered with something other than JSON${status}`,
        fr: `l'API a répondu autre chose que du JSON${status}`,
      };
    case 'api-bad-shape':
      return {
        en: `the balance answer is not the documented shape (${d.field ?? '?'})`,
        fr: `la réponse du solde n'a pas la forme documentée (${d.field ?? '?'})`,
      };
    case 'api-success-false':
      return {
        en: 'the API reported the balance as failed (success=false)',
        fr: "l'API a signalé l'échec du solde (success=false)",
      };
    case 'api-wrong-currency':
      return {
        en: `the balance is in ${d.currency ?? '?'}, not ${d.expected ?? '?'}`,
        fr: `le solde est en ${d.currency ?? '?'}, pas en ${d.expected ?? '?'}`,
      };
    case 'api-body-too-large':
      return {
        en: `the API answered with more than ${d.limit ?? '?'} bytes`,
        fr: `l'API a répondu plus de ${d.limit ?? '?'} octets`,
      };
    case 'api-timeout':
      return {
        en: `the API did not answer within ${d.seconds ?? '?'} s`,
        fr: `l'API n'a pas répondu en ${d.seconds ?? '?'} s`,
      };
    case 'api-unreachable':
      return {
        en: `the API could not be reached (${d.errorName ?? 'network'})`,
        fr: `l'API est injoignable (${d.errorName ?? 'réseau'})`,
      };
    case 'api-no-time':
      return {
        en: 'no time was left to ask the API',
        fr: "il ne restait pas de temps pour interroger l'API",
      };
    case 'api-future-update':
      return {
        en: `the balance's last update is ${d.minutes ?? '?'} min in the future`,
        fr: `la dernière mise à jour du solde est ${d.minutes ?? '?'} min dans le futur`,
      };
  }
}

/** When a failure carries no detail (an older stored one): its kind in plain words. */
function byKind(failure: FailureInfo): Words {
  const status = failure.status === undefined ? '' : ` (${failure.status})`;
  switch (failure.kind) {
    case 'authentication':
      return { en: `the API key was rejected${status}`, fr: `la clé API a été refusée${status}` };
    case 'unavailable':
      return { en: `the API does not answer${status}`, fr: `l'API ne répond pas${status}` };
    case 'invalid-response':
      return {
        en: 'the API answered with an invalid balance',
        fr: "l'API a renvoyé un solde invalide",
      };
    case 'configuration':
      return { en: 'the monitor is misconfigured', fr: 'le moniteur est mal configuré' };
  }
}

/** A few words that fit an SMS: "the API key was rejected (401)". */
export function failureHeadline(failure: FailureInfo, locale: Locale): string {
  const d = failure.detail;
  if (d === undefined) return byKind(failure)[locale];
  // Long names (a secret's ARN, a redirect's address) stay in the e-mail: an SMS has no room.
  if (d.code === 'secret-unreadable')
    return locale === 'fr'
      ? `le secret de la clé API n'a pas pu être lu (${d.errorName ?? 'erreur'})`
      : `the API key's secret could not be read (${d.errorName ?? 'error'})`;
  if (d.code === 'api-redirect') {
    const status = d.status === undefined ? '' : ` (${d.status})`;
    return locale === 'fr'
      ? `l'API a répondu par une redirection${status}`
      : `the API answered with a redirect${status}`;
  }
  // Secret problems are long to say; an SMS only needs to know the key is missing or wrong.
  if (d.code.startsWith('secret-'))
    return locale === 'fr'
      ? 'la clé API est absente ou invalide dans son secret'
      : 'the API key is missing or invalid in its secret';
  return sentence(d)[locale];
}

/** The full sentence for an e-mail, with the attempts and the provider's own words quoted. */
export function failureSentence(failure: FailureInfo, locale: Locale): string {
  const d = failure.detail;
  const base = d === undefined ? byKind(failure)[locale] : sentence(d)[locale];
  const attempts =
    failure.attempts !== undefined && failure.attempts > 1
      ? locale === 'fr'
        ? `, après ${failure.attempts} tentatives`
        : `, after ${failure.attempts} attempts`
      : '';
  const said =
    d?.provider === undefined || d.provider === ''
      ? ''
      : locale === 'fr'
        ? ` DEXCHANGE a répondu : « ${d.provider} »${d.providerCode === undefined ? '' : ` (${d.providerCode})`}.`
        : ` DEXCHANGE said: "${d.provider}"${d.providerCode === undefined ? '' : ` (${d.providerCode})`}.`;
  const capital = base.charAt(0).toUpperCase() + base.slice(1);
  return `${capital}${attempts}.${said}`;
}

/** What the operator should do about a failure. */
export function failureAction(failure: FailureInfo, locale: Locale): string {
  const fr = locale === 'fr';
  const code = failure.detail?.code;
  if (
    code?.startsWith('secret-') === true &&
    code !== 'secret-unreadable' &&
    code !== 'secret-access-denied' &&
    code !== 'secret-decryption'
  )
    return fr
      ? 'mettez la clé API DEXCHANGE dans son secret, seule, sans espace ni retour à la ligne (la commande « PutApiKeyCommand » des sorties du déploiement, voir le README, section « Deploy », étape 5).'
      : 'put the DEXCHANGE API key in its secret, alone, with no space or line break (the deploy output "PutApiKeyCommand", see the README, "Deploy", step 5).';
  if (code === 'secret-access-denied' || code === 'secret-decryption')
    return fr
      ? "donnez au moniteur le droit de lire ce secret (et sa clé KMS) : c'est la pile qui le fait, redéployez-la."
      : 'let the monitor read this secret (and its KMS key): the stack grants it; deploy it again.';
  if (code === 'api-redirect' || code === 'api-not-found')
    return fr
      ? "corrigez l'adresse de l'API (apiUrl dans la configuration du déploiement) et redéployez."
      : 'fix the API address (apiUrl in the deploy config) and deploy again.';
  if (code === 'api-wrong-currency')
    return fr
      ? 'vérifiez que la clé est celle du bon compte DEXCHANGE, et la devise attendue (expectedCurrency).'
      : 'check that the key belongs to the right DEXCHANGE account, and the expected currency (expectedCurrency).';
  switch (failure.kind) {
    case 'authentication':
      return fr
        ? 'mettez une clé API DEXCHANGE valide dans le secret (la commande « PutApiKeyCommand » des sorties du déploiement), ou demandez à DEXCHANGE les droits de lecture du solde.'
        : 'put a valid DEXCHANGE API key in the secret (the deploy output "PutApiKeyCommand"), or ask DEXCHANGE for the right to read the balance.';
    case 'unavailable':
      return fr
        ? 'rien si DEXCHANGE a un incident : le moniteur réessaie à chaque contrôle. Si cela dure, contactez le support DEXCHANGE.'
        : 'nothing if DEXCHANGE has an incident: the monitor retries at every check. If it lasts, contact DEXCHANGE support.';
    case 'invalid-response':
      return fr
        ? 'contactez le support DEXCHANGE ; la réponse reçue est dans les journaux du moniteur.'
        : "contact DEXCHANGE support; the answer received is in the monitor's logs.";
    case 'configuration':
      return fr
        ? 'corrigez la configuration du moniteur ; le détail ci-dessus dit ce qui ne va pas.'
        : "fix the monitor's configuration; the details above say what is wrong.";
  }
}

/**
 * The e-mail's "Details" sentence, unless it only repeats the headline ("the API does not answer
 * (503)" twice): it is worth a line when it adds the attempts, the provider's words or a name.
 */
export function failureDetails(failure: FailureInfo, locale: Locale): string | undefined {
  const details = failureSentence(failure, locale);
  const headline = `${failureHeadline(failure, locale)}.`;
  return details.toLowerCase() === headline.toLowerCase() ? undefined : details;
}
