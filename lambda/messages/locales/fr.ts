import type { Catalog } from '../catalog';
import type { BalanceFacts, DurationFacts } from '../facts';
import { durationFacts } from '../facts';
import { oneTodoBlock } from '../todo';
import type { LateFailureMeaning } from '../whatsapp/late-failure';

/**
 * Les textes en français, tout entiers : les motifs d'échec aussi ; seules les paroles de
 * DEXCHANGE sont citées telles quelles, entre guillemets. Chaque « sous », « au-dessus »
 * (strictement) ou « au moins » est vrai du montant qu'il accompagne (un test le vérifie) : un
 * solde égal au seuil bas n'est plus bas, et l'alerte prend fin dès que le solde atteint le
 * niveau de sortie. Les mots sont ceux de docs/glossaire.md (un test les tient). Les durées s'écrivent « 6 heures », jamais « 6 h » (une heure).
 */

const decoration = 'Solde DEXCHANGE de';
/** Ce qu'un échec de lecture veut dire pour le lecteur du SMS : plus d'alerte de solde. */
const NO_BALANCE_ALERTS = "Sans lecture, pas d'alerte de solde bas.";
const WHILE_UNREADABLE =
  'Tant que le solde est illisible, aucune alerte de solde bas ne peut partir.';
/** Un seul « À faire » par message (docs/glossaire.md). */
const TODO = 'À faire : ';
const oneTodo = (lines: readonly string[]) => oneTodoBlock(lines, TODO, 'À faire :');

/** « 45 000 F CFA », « vide (0 F CFA) », « débiteur de 5 000 F CFA » (un solde est débiteur). */
function balance(b: BalanceFacts): string {
  if (b.state === 'overdrawn') return `débiteur de ${b.amount}`;
  if (b.state === 'empty') return `vide (${b.amount})`;
  return b.amount;
}

/**
 * Un nombre entier d'heures ou de jours s'écrit en toutes lettres (« 6 heures », « 2 jours et
 * 4 heures ») : « depuis 6 h » se lirait « depuis 6 heures du matin » ; « 3 h 20 min » garde
 * son « min » et ne se lit pas comme une heure.
 */
function duration({ days, hours, minutes }: DurationFacts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  if (days > 0)
    return hours > 0
      ? `${plural(days, 'jour')} et ${plural(hours, 'heure')}`
      : plural(days, 'jour');
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : plural(hours, 'heure');
  return `${minutes} min`;
}

/** « 3 h 20 min (entre 2 h 50 min et 4 heures) » */
const runwayRange = (likely: string, earliest: string, latest: string) =>
  `${likely} (entre ${earliest} et ${latest})`;

const secret = (id: string | undefined) => `le secret ${id ?? ''}`;
const someone = (name: string) => (name === '' ? "Quelqu'un" : name);
/** Ce que veut dire le code Meta d'un échec WhatsApp signalé après coup. */
const LATE_MEANING: Readonly<Record<LateFailureMeaning, string>> = {
  recipient:
    "Ce numéro ne peut pas recevoir de messages WhatsApp (il n'est pas sur WhatsApp, ou son application est trop ancienne).",
  payment: 'Le compte WhatsApp Business a un problème de paiement chez Meta.',
  engagement:
    "Meta ne l'a pas remis, pour ne pas dépasser le nombre de messages d'entreprise qu'une personne reçoit (une limite que Meta fixe seul) ; rien de notre côté ne l'a refusé.",
  experiment:
    "Ce numéro fait partie d'une expérience menée par Meta, qui ne lui remet pas ces messages.",
  template: 'Meta a refusé le modèle WhatsApp ou ses paramètres.',
  meta: 'Une limite de débit ou un incident chez Meta : ce message est perdu et ne sera pas renvoyé.',
  unknown:
    "Un code que l'outil de suivi ne connaît pas : le titre donné par Meta dit ce qui s'est passé.",
};
const hoursWord = (hours: number) => `${hours} heure${hours > 1 ? 's' : ''}`;
/** Revenu au seuil bas ou au-dessus : « au-dessus » seulement d'un solde strictement au-dessus. */
const backOver = (balance: number, low: number, amount: string) =>
  balance > low
    ? `repassé au-dessus du seuil bas de ${amount}`
    : `revenu au seuil bas de ${amount}`;
/** Entre le seuil bas et le niveau de sortie, rien n'est demandé : l'alerte prend fin seule. */
const NOTHING_TO_CLOSE =
  "À faire : rien pour l'instant ; aucune recharge n'est nécessaire pour clore l'alerte.";

/**
 * « à 13 h 40 », mais « le 2 déc. à 13 h 40 » un autre jour (`near` met déjà l'article).
 */
const atNear = (time: string) => (time.startsWith('le ') ? time : `à ${time}`);

/**
 * Sans ses accents, le français trompe là où « à » devient « a » : « 1 000 F CFA a 0 h 26 ».
 * Devant une heure le « à » devient une virgule. Les objets évitent les autres pièges par leurs
 * mots (« debiteur », « sans actualisation » : docs/glossaire.md).
 */
const plainFrench = (text: string) => text.replace(/ à (?=\d{1,2} h \d{2})/g, ', ');

export const fr = {
  intl: { tag: 'fr-FR', currencyDisplay: 'symbol' },

  words: {
    clockTime: ({ hour, minute }) => `${hour} h ${minute}`,
    // Le premier du mois est « 1er déc. ».
    day: ({ day, month }) => `${day === '1' ? '1er' : day} ${month}`,
    dateTime: (day, time) => `${day} à ${time}`,
    // « vers 2 déc. à 3 h 00 » manque d'article : un autre jour, c'est « le 2 déc. à 3 h 00 ».
    nearDate: (dateTime) => `le ${dateTime}`,
    atTime: (time) => `à ${time}`,
    onDate: (day, time) => `le ${day} à ${time}`,
    duration,
    balance,
    is: (b) => (b.state === 'credit' ? `est de ${b.amount}` : `est ${balance(b)}`),
    aBalance: (b) => (b.state === 'credit' ? `un solde de ${b.amount}` : `un solde ${balance(b)}`),
    runwayRange,
    // La prose écrit déjà les heures entières en toutes lettres : elle garde ses durées.
    durationInProse: duration,
    runwayInProse: (likely, earliest, latest) =>
      runwayRange(
        duration(durationFacts(likely)),
        duration(durationFacts(earliest)),
        duration(durationFacts(latest)),
      ),
  },

  topUp: {
    // Deux réponses, jamais confondues : le minimum exact, et le montant conseillé au rythme
    // actuel. « pour 24 h » se lirait comme une heure : les heures s'écrivent en toutes lettres.
    amounts: ({ minimum, advised }) => {
      const cover =
        advised === undefined
          ? undefined
          : `${advised.amount} pour couvrir ${hoursWord(advised.hours)} au rythme actuel`;
      return minimum === undefined
        ? `Conseillé ${cover ?? ''}.`
        : `Minimum ${minimum} pour clore l'alerte${cover === undefined ? '' : ` ; conseillé ${cover}`}.`;
    },
    closesAt: ({ recovery, margin }) =>
      margin
        ? `L'alerte prend fin quand le solde atteint ${recovery} : le seuil bas plus une marge, pour qu'un solde qui oscille autour du seuil ne relance pas l'alerte à chaque contrôle.`
        : `L'alerte prend fin quand le solde atteint ${recovery}, le seuil bas.`,
    url: (url) => `Recharger : ${url}`,
    contact: (contact) => `Contact : ${contact}`,
    // Le minimum d'abord ; le conseillé seulement s'il reste de la place dans le SMS (render.ts).
    sms: ({ minimum, advised, withVerb }) => [
      ...(minimum === undefined
        ? []
        : [`${withVerb ? 'Rechargez : minimum' : 'Minimum'} ${minimum} pour clore l'alerte.`]),
      ...(advised === undefined
        ? []
        : [
            `${withVerb && minimum === undefined ? 'Rechargez : conseillé' : 'Conseillé'} ${advised.amount} pour ${hoursWord(advised.hours)}.`,
          ]),
    ],
  },

  failure: {
    sentence: {
      'secret-binary': (d) => `${secret(d.secretId)} contient des données binaires, pas la clé`,
      'secret-empty': (d) => `${secret(d.secretId)} est vide : la clé n'y a jamais été mise`,
      'secret-not-json': (d) =>
        `${secret(d.secretId)} commence par « { » mais n'est pas du JSON valide`,
      'secret-no-api-key': (d) => `${secret(d.secretId)} est du JSON sans champ « apiKey »`,
      'secret-key-length': (d) =>
        `la clé dans ${secret(d.secretId)} fait ${d.limit ?? '?'} caractères ; une clé en a de 8 à 1024`,
      'secret-key-control': (d) =>
        `la clé dans ${secret(d.secretId)} contient un retour à la ligne ou un autre caractère de contrôle`,
      'secret-key-space': (d) => `la clé dans ${secret(d.secretId)} contient une espace`,
      'secret-key-not-ascii': (d) =>
        `la clé dans ${secret(d.secretId)} contient des caractères qu'une clé ne peut pas avoir (accents, symboles)`,
      'secret-not-found': (d) =>
        `${secret(d.secretId)} est introuvable, ou n'a pas encore de valeur`,
      'secret-access-denied': (d) =>
        `l'outil de suivi n'a pas le droit de lire ${secret(d.secretId)}`,
      'secret-decryption': (d) =>
        `${secret(d.secretId)} ne peut pas être déchiffré (sa clé KMS refuse)`,
      'secret-unreadable': (d) =>
        `${secret(d.secretId)} n'a pas pu être lu (${d.errorName ?? 'erreur'})`,
      'api-redirect': (d) =>
        `l'API a répondu par une redirection${d.status} vers ${d.location ?? 'une autre adresse'}`,
      'api-key-rejected': (d) => `la clé API a été refusée${d.status}`,
      'api-key-expired': (d) => `la clé API a expiré${d.status}`,
      'api-permission': (d) => `la clé API n'a pas le droit de lire le solde${d.status}`,
      'api-maintenance': (d) => `l'API est en maintenance${d.status}`,
      'api-not-found': (d) => `l'adresse du solde est introuvable${d.status}`,
      'api-rate-limited': (d) => `l'API limite les requêtes de cette clé${d.status}`,
      'api-retry-after-too-long': (d) =>
        `l'API a demandé d'attendre ${d.seconds ?? '?'} s avant de redemander${d.status}`,
      'api-failed': (d) => `l'API est en panne${d.status}`,
      'api-unexpected-status': (d) => `l'API a répondu avec un statut inattendu${d.status}`,
      'api-empty-body': (d) => `l'API a répondu sans contenu${d.status}`,
      'api-not-json': (d) => `l'API a répondu autre chose que du JSON${d.status}`,
      'api-bad-shape': (d) => `la réponse du solde n'a pas la forme documentée (${d.field ?? '?'})`,
      'api-success-false': () => "l'API a signalé l'échec du solde (success=false)",
      'api-wrong-currency': (d) =>
        `le solde est en ${d.currency ?? '?'}, pas en ${d.expected ?? '?'}`,
      'api-body-too-large': (d) => `l'API a répondu plus de ${d.limit ?? '?'} octets`,
      'api-timeout': (d) => `l'API n'a pas répondu en ${d.seconds ?? '?'} s`,
      'api-unreachable': (d) => `l'API est injoignable (${d.errorName ?? 'réseau'})`,
      'api-no-time': () => "il ne restait pas de temps pour interroger l'API",
      'api-future-update': (d) =>
        `la dernière mise à jour du solde est ${d.minutes ?? '?'} min dans le futur`,
    },
    byKind: {
      authentication: (status) => `la clé API a été refusée${status}`,
      unavailable: (status) => `l'API ne répond pas${status}`,
      'invalid-response': () => "l'API a renvoyé un solde invalide",
      configuration: () => "l'outil de suivi est mal configuré",
    },
    short: {
      secretUnreadable: (errorName) =>
        `le secret de la clé API n'a pas pu être lu (${errorName ?? 'erreur'})`,
      redirect: (status) => `l'API a répondu par une redirection${status}`,
      secretMissing: 'la clé API est absente ou invalide dans son secret',
    },
    attempts: (attempts) => `, après ${attempts} tentatives`,
    providerSaid: (provider, code) => ` DEXCHANGE a répondu : « ${provider} »${code}.`,
    action: {
      'put-key-in-secret':
        'mettez la clé API DEXCHANGE dans son secret, seule, sans espace ni retour à la ligne (la commande « PutApiKeyCommand » des sorties du déploiement, voir le README, section « Deploy », étape 5).',
      'let-read-secret':
        "donnez à l'outil de suivi le droit de lire ce secret (et sa clé KMS) : c'est la pile qui le fait, redéployez-la.",
      'fix-api-address':
        "corrigez l'adresse de l'API (apiUrl dans la configuration du déploiement) et redéployez.",
      'check-currency':
        'vérifiez que la clé est celle du bon compte DEXCHANGE, et la devise attendue (expectedCurrency).',
      'renew-key':
        'renouvelez la clé API auprès de DEXCHANGE, puis mettez la nouvelle clé dans le secret (la commande « PutApiKeyCommand » des sorties du déploiement).',
      'ask-permission':
        "demandez à DEXCHANGE le droit de lire le solde pour cette clé API, ou mettez dans le secret une clé qui l'a (la commande « PutApiKeyCommand » des sorties du déploiement).",
      authentication:
        'mettez une clé API DEXCHANGE valide dans le secret (la commande « PutApiKeyCommand » des sorties du déploiement), ou demandez à DEXCHANGE les droits de lecture du solde.',
      unavailable:
        "rien dans l'immédiat (l'outil de suivi réessaie à chaque contrôle) ; si cela se prolonge, contactez le support DEXCHANGE.",
      'invalid-response':
        "contactez le support DEXCHANGE ; la réponse reçue est dans les journaux de l'outil de suivi.",
      configuration:
        "corrigez la configuration de l'outil de suivi ; la cause ci-dessus dit ce qui ne va pas.",
    },
  },

  alerts: {
    level: ({ event: e, critical, empty, standing, low, belowEarlier, urgent }, w) => {
      const name = `Le solde DEXCHANGE du compte « ${e.account} »`;
      const level = empty
        ? 'vide'
        : `sous le seuil ${critical ? 'critique' : 'bas'} de ${w.amount(e.threshold)}`;
      return {
        // Un CRITIQUE repassé au-dessus de son seuil (retenu, dit à la levée) en est au seuil bas.
        tag: urgent ? '[CRITIQUE]' : '[BAS]',
        decoration,
        subjectTail: ` : ${w.balance(e.balance)} ${atNear(w.near(e.at))}`,
        headline: {
          lifted:
            low === undefined
              ? `${name} ${w.is(e.balance)} : il n'est plus ${level}, mais toujours sous ${w.amount(e.recovery)}, où l'alerte prend fin.`
              : `${name} ${w.is(e.balance)} : il n'est plus ${level}, mais toujours sous le seuil bas de ${w.amount(low)}.`,
          // Dit seulement dans un résumé EN ATTENTE, qui ne montre que la phrase de tête : où
          // l'alerte prend fin y est dit, en une incise.
          recovering: `${name} ${w.is(e.balance)} : il est ${backOver(e.balance, low ?? e.threshold, w.amount(low ?? e.threshold))} ; l'alerte prend fin à ${w.amount(e.recovery)} (le seuil bas plus une marge).`,
          recovered: `${name} ${w.is(e.balance)} : il a atteint le niveau de fin d'alerte (${w.amount(e.recovery)}).`,
          'run-out': `${name} est épuisé : il est ${w.balance(e.balance)}.`,
          below: `${name} ${w.is(e.balance)}, ${level}.`,
        }[standing],
        details: [
          ...(e.unstable === undefined
            ? []
            : [
                `Le solde avait atteint le niveau de fin d'alerte (${w.amount(e.recovery)}) le ${w.at(e.unstable.endedAt)}, puis il est retombé en moins de ${w.duration(e.unstable.coolOffMinutes)} : c'est donc la même alerte qui continue (la personne qui s'en occupe et les rappels restent les mêmes). Sa fin ne sera annoncée qu'après ${w.duration(e.unstable.coolOffMinutes)} sans rechute.`,
              ]),
          ...(belowEarlier ? [`Il est sous le seuil bas depuis le ${w.at(e.since)}.`] : []),
          ...(e.runway === undefined
            ? []
            : [`Au rythme actuel, il sera vide dans environ ${w.runway(e.runway)}.`]),
        ],
        action:
          standing === 'recovering'
            ? [NOTHING_TO_CLOSE, ...w.adviceLines(e.topUp)]
            : [
                urgent
                  ? 'À faire : rechargez le compte DEXCHANGE tout de suite ; les paiements échouent ou vont échouer.'
                  : 'À faire : rechargez le compte DEXCHANGE avant que les paiements échouent.',
                ...w.topUpLines(e.topUp, e.recovery, low),
              ],
        sms: {
          core:
            standing === 'recovering'
              ? `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, ${backOver(e.balance, low ?? e.threshold, w.amount(low ?? e.threshold))}.`
              : empty
                ? `CRITIQUE DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}. Rechargez vite.`
                : critical
                  ? `CRITIQUE DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, sous ${w.amount(e.threshold)}. Rechargez vite.`
                  : `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, sous ${w.amount(e.threshold)}. Rechargez.`,
          // Combien d'abord : la note « puis retombé » ne doit jamais chasser le minimum.
          extras: [
            ...(standing === 'recovering'
              ? [`L'alerte prend fin à ${w.amount(e.recovery)}.`]
              : w.topUpSms(e.topUp, e.recovery)),
            ...(e.unstable === undefined
              ? []
              : [
                  `Remonté à au moins ${w.amount(e.recovery)} ${atNear(w.near(e.unstable.endedAt))}, puis retombé.`,
                ]),
            ...(e.runway === undefined ? [] : [`Vide dans env. ${w.duration(e.runway.minutes)}.`]),
          ],
        },
      };
    },

    failureReminder: (e, w) => ({
      tag: '[RAPPEL ÉCHEC]',
      decoration,
      subjectTail: ` toujours illisible, depuis le ${w.at(e.since)}`,
      // Trop long, l'objet dit la durée plutôt que la date : jamais une heure coupée.
      shorterTails: [` illisible depuis ${w.since(e.since)}`],
      // La cause, une fois, en entier : pas de ligne « Détail » qui la répète.
      headline: `L'outil de suivi ne peut toujours pas lire le solde DEXCHANGE du compte « ${e.account} » : ${w.failureCause(e.failure)}`,
      details: [
        `${e.failedChecks} contrôles de suite ont échoué, depuis ${w.since(e.since)} (le ${w.at(e.since)}).`,
      ],
      action: [`${TODO}${w.failureAction(e.failure)}`, WHILE_UNREADABLE],
      sms: {
        core: `Rappel DEXCHANGE ${e.account} : solde illisible depuis ${w.since(e.since)} : ${w.failureHeadline(e.failure)}.`,
        extras: [NO_BALANCE_ALERTS],
      },
    }),

    balanceReminder: ({ event: e, standing }, w) => {
      const name = `Le solde DEXCHANGE du compte « ${e.account} »`;
      return {
        // Revenu au seuil bas ou au-dessus, le solde n'est plus bas : l'objet dit où il en est.
        tag:
          standing === 'recovering'
            ? '[RAPPEL]'
            : `[RAPPEL ${e.remindsOf === 'CRITICAL' ? 'CRITIQUE' : 'BAS'}]`,
        decoration,
        subjectTail:
          standing === 'recovering'
            ? ` : ${w.balance(e.balance)}, ${e.balance > e.low ? 'au-dessus du' : 'au'} seuil bas`
            : ` : ${w.balance(e.balance)} ${atNear(w.near(e.at))}`,
        headline: {
          recovering: `${name} ${w.is(e.balance)} : il est ${backOver(e.balance, e.low, w.amount(e.low))}.`,
          'no-longer-empty': `${name} ${w.is(e.balance)} : il n'est plus vide, mais toujours sous le seuil bas de ${w.amount(e.low)}.`,
          'above-critical': `${name} ${w.is(e.balance)} : il n'est plus sous le seuil critique de ${w.amount(e.threshold)}, mais toujours sous le seuil bas de ${w.amount(e.low)}.`,
          'still-empty': `${name} est toujours épuisé : il est ${w.balance(e.balance)}.`,
          'still-below': `${name} est toujours ${e.remindsOf === 'CRITICAL' ? 'critique' : 'bas'} : ${w.balance(e.balance)}, sous ${w.amount(e.threshold)}.`,
        }[standing],
        details: [
          // Revenu au seuil bas ou au-dessus, il n'est plus « bas » : c'est l'alerte qui dure.
          // `since` est le passage sous le seuil bas, pas sous le seuil critique : dit comme tel.
          ...(standing === 'recovering' ? [w.closesAt(e.recovery, e.low)] : []),
          standing === 'recovering'
            ? `L'alerte est ouverte depuis ${w.since(e.since)} (le ${w.at(e.since)}).`
            : e.remindsOf === 'CRITICAL'
              ? `Il est sous le seuil bas depuis ${w.since(e.since)} (le ${w.at(e.since)}).`
              : `Il est bas depuis ${w.since(e.since)} (le ${w.at(e.since)}).`,
          ...(e.runway === undefined
            ? []
            : [`Au rythme actuel, il sera vide dans environ ${w.runway(e.runway)}.`]),
        ],
        action:
          standing === 'recovering'
            ? [NOTHING_TO_CLOSE, ...w.adviceLines(e.topUp)]
            : [
                'À faire : rechargez le compte DEXCHANGE.',
                ...w.topUpLines(e.topUp, e.recovery, e.low),
              ],
        sms: {
          core:
            standing === 'recovering'
              ? `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, ${backOver(e.balance, e.low, w.amount(e.low))}.`
              : standing !== 'still-below'
                ? `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, toujours sous ${w.amount(e.low)}, bas depuis ${w.since(e.since)}.`
                : e.remindsOf === 'CRITICAL'
                  ? `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, sous ${w.amount(e.threshold)} ; bas depuis ${w.since(e.since)}.`
                  : `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, sous ${w.amount(e.threshold)} depuis ${w.since(e.since)}.`,
          // Le noyau tient avec le nom et les montants les plus longs ; la suite, si elle tient.
          extras:
            standing === 'recovering'
              ? [`L'alerte prend fin à ${w.amount(e.recovery)}.`, 'Rien à faire.']
              : w.topUpSms(e.topUp, e.recovery, false),
        },
      };
    },

    forecast: ({ event: e, toLow: low, madeAt }, w) => {
      const pace = `sorties de ${w.amount(-e.perHour)} par heure`;
      const crossing =
        low === undefined
          ? `sera vide vers ${w.inMinutes(e.toZero.minutes)} (entre ${w.inMinutes(e.toZero.earliest)} et ${w.inMinutes(e.toZero.latest)})`
          : `passera sous le seuil bas de ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)} (entre ${w.inMinutes(low.earliest)} et ${w.inMinutes(low.latest)})`;
      // Dite plus tard qu'établie (retenue) : son solde et son rythme sont datés, jamais « actuels ».
      if (madeAt !== undefined)
        return {
          tag: '[PRÉVISION]',
          decoration,
          subjectTail: '',
          headline: `Prévision du ${w.at(madeAt)}, d'après ${w.aBalance(e.balance)} et des ${pace} : le solde DEXCHANGE du compte « ${e.account} » ${crossing}.`,
          details: [],
          action: [
            'À faire : rechargez le compte DEXCHANGE avant cette heure-là.',
            ...w.topUpLines(e.topUp, undefined),
          ],
          sms: {
            core:
              low === undefined
                ? `DEXCHANGE ${e.account} : prévision du ${w.at(madeAt)}, solde vide vers ${w.inMinutes(e.toZero.minutes)}. Rechargez.`
                : `DEXCHANGE ${e.account} : prévision du ${w.at(madeAt)}, solde sous ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)}. Rechargez.`,
            extras: [],
          },
        };
      return {
        tag: '[PRÉVISION]',
        decoration,
        subjectTail:
          low === undefined
            ? ` vide vers ${w.inMinutes(e.toZero.minutes)}`
            : ` sous ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)}`,
        headline:
          low === undefined
            ? `Au rythme actuel (${pace}), le solde DEXCHANGE du compte « ${e.account} », actuellement ${w.balance(e.balance)}, sera vide dans environ ${w.runway(e.toZero)}, vers ${w.inMinutes(e.toZero.minutes)}.`
            : `Au rythme actuel (${pace}), le solde DEXCHANGE du compte « ${e.account} », actuellement ${w.balance(e.balance)}, passera sous le seuil bas de ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)} (entre ${w.inMinutes(low.earliest)} et ${w.inMinutes(low.latest)}), dans environ ${w.duration(low.minutes)}.`,
        details: [],
        action: [
          'À faire : rechargez le compte DEXCHANGE avant cette heure-là.',
          ...w.topUpLines(e.topUp, undefined),
        ],
        sms: {
          core:
            low === undefined
              ? `DEXCHANGE ${e.account} : à ce rythme, le solde sera vide vers ${w.inMinutes(e.toZero.minutes)} (dans ${w.duration(e.toZero.minutes)}). Rechargez.`
              : `DEXCHANGE ${e.account} : à ce rythme, solde sous ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)} (dans ${w.duration(low.minutes)}). Rechargez.`,
          extras: w.topUpSms(e.topUp, undefined),
        },
      };
    },

    outflow: ({ event: e, times }, w) => {
      const pace = `${w.amount(e.outPerHour)} par heure`;
      const usual =
        times === undefined || e.usualOutPerHour === undefined
          ? ''
          : ` : plus de ${times} fois le rythme habituel à cette heure (${w.amount(e.usualOutPerHour)} par heure)`;
      const usualSentence =
        e.usualOutPerHour === undefined
          ? ''
          : ` À cette heure, il sort d'habitude environ ${w.amount(e.usualOutPerHour)} par heure.`;
      // La limite que la règle du montant ou de la part a franchie, telle que fixée pour le compte.
      const limit =
        e.reason === 'share' && e.sharePercent !== undefined && e.limit !== undefined
          ? `les ${String(e.sharePercent).replace('.', ',')} % du solde fixés (${w.amount(e.limit)})`
          : e.limit !== undefined
            ? `les ${w.amount(e.limit)} fixés`
            : e.reason === 'amount'
              ? 'le montant fixé'
              : 'la part du solde fixée';
      // Un paiement en une seule fois, annoncé par une notification ; le solde lu a baissé d'autant.
      const debit =
        e.reason === 'debit' && e.debit !== undefined && e.debitAt !== undefined
          ? { amount: w.amount(e.debit), at: w.atNear(e.debitAt) }
          : undefined;
      const seen =
        debit !== undefined
          ? `Le solde DEXCHANGE du compte « ${e.account} » a baissé de ${w.amount(e.outflow)} en ${w.duration(e.minutes)}, dont un paiement de ${debit.amount} en une seule fois ${debit.at}, selon la notification de DEXCHANGE.${usualSentence}`
          : e.reason === 'pace'
            ? `${w.amount(e.outflow)} sont sortis du solde DEXCHANGE du compte « ${e.account} » en ${w.duration(e.minutes)}, soit ${pace}${usual}.`
            : `${w.amount(e.outflow)} sont sortis du solde DEXCHANGE du compte « ${e.account} » en ${w.duration(e.minutes)}, plus que ${limit} pour ce compte.${usualSentence}`;
      return {
        tag: '[SORTIES INHABITUELLES]',
        decoration,
        subjectTail:
          debit !== undefined
            ? ` : un paiement de ${debit.amount} en une fois`
            : ` : ${w.amount(e.outflow)} sortis en ${w.duration(e.minutes)}`,
        shorterTails: [
          debit !== undefined ? ' : un gros paiement' : ` : ${w.amount(e.outflow)} sortis`,
        ],
        headline: seen,
        details: [`Le solde ${w.is(e.balance)} à ce contrôle.`],
        action: [
          "À faire : vérifiez les paiements en cours (un envoi groupé, un paiement qui se répète) et les clés API : si personne ici n'envoie de paiements, une clé a pu fuiter ; révoquez-la dans le tableau de bord DEXCHANGE.",
        ],
        sms: {
          core:
            debit !== undefined
              ? `DEXCHANGE ${e.account} : ${w.amount(e.outflow)} de moins en ${w.duration(e.minutes)}, dont un paiement de ${debit.amount}. Vérifiez paiements et clés API.`
              : `DEXCHANGE ${e.account} : ${w.amount(e.outflow)} sortis en ${w.duration(e.minutes)}${times === undefined ? '' : `, ${times} fois le rythme habituel`}. Vérifiez paiements et clés API.`,
          extras: [],
        },
      };
    },

    recovered: (e, w) => ({
      tag: '[RÉTABLI]',
      decoration,
      subjectTail: ` : ${w.balance(e.balance)} ${atNear(w.near(e.at))}`,
      // L'épisode prend fin quand le solde atteint le niveau de sortie : au moins, pas au-dessus.
      headline: `Le solde DEXCHANGE du compte « ${e.account} » ${w.is(e.balance)} : il a atteint le niveau de fin d'alerte (${w.amount(e.threshold)}) et l'alerte est close.`,
      details: [
        // Combien de temps l'alerte est restée ouverte, pas le temps sous le seuil bas : le solde a
        // pu attendre entre le seuil bas et le niveau de fin d'alerte (le résumé ne compte que le
        // temps sous le seuil bas).
        `L'alerte est restée ouverte ${w.since(e.since)} (depuis le ${w.at(e.since)}).`,
        ...(e.acknowledgedBy === undefined ? [] : [`${someone(e.acknowledgedBy)} s'en occupait.`]),
      ],
      action: ['Rien à faire.'],
      sms: {
        core: `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, remonté à au moins ${w.amount(e.threshold)} : alerte close.`,
        extras: [`Alerte ouverte pendant ${w.since(e.since)}.`, 'Rien à faire.'],
      },
    }),

    failing: (e, w) => ({
      tag: '[ÉCHEC]',
      decoration,
      subjectTail: ` illisible depuis le ${w.at(e.since)}`,
      shorterTails: [` illisible depuis ${w.since(e.since)}`],
      // La cause, une fois, en entier : pas de ligne « Détail » qui la répète.
      headline: `L'outil de suivi ne peut pas lire le solde DEXCHANGE du compte « ${e.account} » : ${w.failureCause(e.failure)}`,
      details: [
        e.unstable === undefined
          ? `${e.failedChecks} contrôles de suite ont échoué, depuis le ${w.at(e.since)}.`
          : `Les lectures avaient repris le ${w.at(e.unstable.endedAt)}, puis ${e.failedChecks} contrôles de suite ont de nouveau échoué en moins de ${w.duration(e.unstable.coolOffMinutes)} : c'est donc la même alerte qui continue, commencée le ${w.at(e.since)} (la personne qui s'en occupe et les rappels restent les mêmes). Sa fin ne sera annoncée qu'après ${w.duration(e.unstable.coolOffMinutes)} de lectures réussies.`,
      ],
      action: [`${TODO}${w.failureAction(e.failure)}`, WHILE_UNREADABLE],
      sms: {
        core: `DEXCHANGE ${e.account} : solde illisible, ${e.failedChecks} échecs : ${w.failureHeadline(e.failure)}.`,
        extras: [
          ...(e.unstable === undefined
            ? []
            : [`Lisible ${atNear(w.near(e.unstable.endedAt))}, puis de nouveau en échec.`]),
          NO_BALANCE_ALERTS,
        ],
      },
    }),

    failingResolved: (e, w) => ({
      tag: '[RÉSOLU]',
      decoration,
      subjectTail: ` lisible : ${w.balance(e.balance)} ${atNear(w.near(e.at))}`,
      headline: `L'outil de suivi lit de nouveau le solde DEXCHANGE du compte « ${e.account} », après ${w.since(e.since)} d'échecs (depuis le ${w.at(e.since)}).`,
      details: [
        `Le solde ${w.is(e.balance)}.`,
        ...(e.acknowledgedBy === undefined ? [] : [`${someone(e.acknowledgedBy)} s'en occupait.`]),
      ],
      action: ['Rien à faire.'],
      sms: {
        core: `DEXCHANGE ${e.account} : solde de nouveau lisible après ${w.since(e.since)} d'échecs : ${w.balance(e.balance)}.`,
        extras: [],
      },
    }),

    stale: (e, w) => ({
      // Sans accents, « non mis a jour » se lirait « a » du verbe avoir : « sans actualisation ».
      tag: '[NON ACTUALISÉ]',
      decoration,
      subjectTail: ` sans actualisation depuis le ${w.at(e.lastUpdate)}`,
      shorterTails: [` sans actualisation depuis ${w.since(e.lastUpdate)}`],
      headline: `DEXCHANGE indique ${w.aBalance(e.balance)} pour le compte « ${e.account} », mais ne l'a plus actualisé depuis le ${w.at(e.lastUpdate)}, il y a ${w.since(e.lastUpdate)} : au-delà de ${w.duration(e.staleAfterMinutes)} sans actualisation, l'outil de suivi le signale.`,
      details: ["Ce montant n'est peut-être plus à jour ; les alertes de solde reposent dessus."],
      action: [
        'À faire : comparez avec le solde du tableau de bord DEXCHANGE ; contactez le support DEXCHANGE si cela dure. Un compte sans paiements peut aussi en être la cause.',
      ],
      sms: {
        core: `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)} sans actualisation depuis le ${w.at(e.lastUpdate)}.`,
        // Tient dès que le montant n'est pas démesuré (un découvert de 999 milliards, non).
        extras: ['Vérifiez auprès de DEXCHANGE.'],
      },
    }),

    staleResolved: (e, w) => ({
      tag: '[ACTUALISÉ]',
      decoration,
      subjectTail: ` : nouvelle actualisation ${atNear(w.near(e.lastUpdate))}`,
      headline: `DEXCHANGE actualise de nouveau le solde du compte « ${e.account} » : dernière actualisation le ${w.at(e.lastUpdate)}, solde ${w.balance(e.balance)}.`,
      // L'actualisation restée en arrière, comme l'alerte NON ACTUALISÉ l'a dite ; un événement
      // plus ancien ne sait que l'heure de l'alerte.
      details: [
        e.staleUpdate === undefined
          ? `L'alerte « non actualisé » est partie le ${w.at(e.since)}.`
          : `Il n'était plus actualisé depuis le ${w.at(e.staleUpdate)}.`,
      ],
      action: ['Rien à faire.'],
      sms: {
        core: `DEXCHANGE ${e.account} : solde de nouveau actualisé le ${w.at(e.lastUpdate)} : ${w.balance(e.balance)}.`,
        extras: [],
      },
    }),

    acknowledged: ({ event: e, shorterNames }, w) => {
      const what = {
        FAILING: 'solde illisible',
        CRITICAL: 'solde critique',
        LOW: 'solde bas',
      }[e.about];
      const who = someone(e.by);
      // Après un deux-points, pas de majuscule : « Boutique Thiès : quelqu'un s'en occupe ».
      const midWho = e.by === '' ? "quelqu'un" : e.by;
      return {
        // « Pris en charge » se lirait « les frais sont payés » (docs/glossaire.md).
        tag: '[EN COURS]',
        decoration,
        subjectTail: ` : ${midWho} s'en occupe`,
        // Trop long, le sujet raccourcit le nom par mots entiers (deux au moins), puis garde le
        // nom entier sans « s'en occupe » : jamais de mot coupé.
        shorterTails: [...shorterNames.map((part) => ` : ${part} s'en occupe`), ` : ${midWho}`],
        // Le nom, simplement : « Awa s'en occupe », jamais « il ou elle ».
        headline: `${who} s'occupe du ${what} du compte « ${e.account} » depuis le ${w.at(e.acknowledgedAt)}.`,
        details: [`L'alerte a commencé le ${w.at(e.since)}.`],
        action: [
          {
            LOW: "Les rappels de cette alerte s'arrêtent ; une chute sous le seuil critique donne toujours une alerte, et la clôture de l'alerte est toujours annoncée.",
            CRITICAL: "Les rappels de cette alerte s'arrêtent ; sa clôture est toujours annoncée.",
            FAILING:
              "Les rappels de cette alerte s'arrêtent ; le retour d'un solde lisible est toujours annoncé.",
          }[e.about],
        ],
        sms: { core: `DEXCHANGE ${e.account} : ${midWho} s'en occupe (${what}).`, extras: [] },
      };
    },

    digest: ({ event: e, change }, w) => {
      const onIt = (by: string | undefined) =>
        by === undefined ? "personne ne s'en occupe encore" : `${by || "quelqu'un"} s'en occupe`;
      const acknowledged = (by: string | undefined) => `, ${onIt(by)}`;
      const lines: string[] = [];
      if (e.balance !== undefined)
        lines.push(
          `Solde : ${w.balance(e.balance)}${e.lastReadAt === undefined ? '' : ` (lu le ${w.at(e.lastReadAt)})`}.`,
        );
      else lines.push('Aucune lecture réussie ces dernières 24 heures.');
      if (change !== undefined)
        lines.push(
          change.direction === 'none'
            ? 'Sur 24 heures : inchangé.'
            : `Sur 24 heures : ${change.direction === 'up' ? 'en hausse de' : 'en baisse de'} ${w.amount(change.by)}.`,
        );
      if (e.lowest !== undefined && e.highest !== undefined)
        lines.push(`Plus bas ${w.amount(e.lowest)}, plus haut ${w.amount(e.highest)}.`);
      // Sans lecture, nul ne sait s'il est passé sous le seuil.
      if (e.balance !== undefined)
        lines.push(
          e.belowLowMinutes > 0
            ? `Sous le seuil bas de ${w.amount(e.low)} pendant ${w.duration(e.belowLowMinutes)}.`
            : `Jamais sous le seuil bas de ${w.amount(e.low)}.`,
        );
      if (e.runway !== undefined)
        lines.push(`Au rythme actuel, vide dans environ ${w.runway(e.runway)}.`);
      if (e.episode !== undefined)
        lines.push(
          // `since` est le passage sous le seuil bas, quel que soit le niveau actuel : dit comme tel.
          [
            `Alerte ouverte depuis le ${w.at(e.episode.since)} (passage sous le seuil bas)`,
            ...(e.episode.level === 'CRITICAL' ? ['niveau actuel : critique'] : []),
            onIt(e.episode.acknowledgedBy),
          ].join(' ; ') + '.',
        );
      if (e.failing !== undefined)
        lines.push(
          `En échec : le solde est illisible depuis le ${w.at(e.failing.since)} (${e.failing.failedChecks === 1 ? '1 contrôle en échec' : `${e.failing.failedChecks} contrôles de suite en échec`})${acknowledged(e.failing.acknowledgedBy)}.`,
        );
      lines.push(
        `Contrôles : ${e.checks}, dont ${e.failedChecks} en échec${e.callbackChecks === undefined ? '' : ` ; et ${e.callbackChecks} de plus, lancés par les notifications d'opérations de DEXCHANGE`}.`,
      );
      const waiting = e.unconfirmedRecipients;
      if (waiting !== undefined)
        lines.push(
          `${waiting === 1 ? '1 destinataire de ces alertes ne reçoit' : `${waiting} destinataires de ces alertes ne reçoivent`} rien : abonnement non confirmé depuis plus d'un jour, ou retiré puis réabonné. À faire : lancez npm run confirm -- '<le lien de leur e-mail « AWS Notification - Subscription Confirmation »>' (le service informatique a reçu la liste des adresses).`,
        );
      return {
        tag: '[RÉSUMÉ]',
        decoration,
        subjectTail:
          e.balance === undefined ? ', sur 24 heures' : ` : ${w.balance(e.balance)}, sur 24 heures`,
        headline: `Les dernières 24 heures du solde DEXCHANGE du compte « ${e.account} ».`,
        details: lines,
        action: [],
        sms: {
          core:
            e.balance === undefined
              ? `DEXCHANGE ${e.account}, 24 heures : aucune lecture, ${e.failedChecks} ${e.failedChecks > 1 ? 'contrôles' : 'contrôle'} en échec.`
              : `DEXCHANGE ${e.account}, 24 heures : ${w.balance(e.balance)}${change === undefined || change.direction === 'none' ? '' : ` (${change.direction === 'up' ? '+' : '-'}${w.amount(change.by)})`}, sous le seuil bas pendant ${w.duration(e.belowLowMinutes)}.`,
          // Seulement s'il tient dans le même SMS (render.ts) : l'e-mail le dit en entier.
          extras: e.failing === undefined ? [] : [`Illisible depuis le ${w.at(e.failing.since)}.`],
        },
      };
    },

    held: (f, w) => {
      const e = f.event;
      const why = {
        silence: 'la mise en silence',
        // « Heures calmes » est un calque de « quiet hours » (docs/glossaire.md).
        quiet: 'les heures de repos',
        cap:
          e.capPerHour === undefined
            ? "l'heure où la limite d'alertes a été atteinte"
            : `l'heure où la limite de ${e.capPerHour} ${e.capPerHour === 1 ? 'alerte' : 'alertes'} a été atteinte`,
      }[e.reason];
      const latest = e.latest;
      const when =
        latest === undefined
          ? `, toujours vrai ${atNear(w.near(e.at))}`
          : `, ${f.fresh ? 'solde actuel' : 'dernier solde lu'} ${w.balance(latest.balance)} ${atNear(w.near(latest.at))}`;
      const nowSms =
        latest === undefined
          ? ''
          : ` ${f.fresh ? 'Solde actuel' : 'Dernier solde lu'} ${w.balance(latest.balance)}.`;
      const core = (list: string) =>
        `DEXCHANGE ${e.account}, après ${why} : ${list}.${nowSms}${f.topUp ? ' Rechargez.' : ''}`;
      return {
        tag: '[EN ATTENTE]',
        decoration,
        subjectTail: ` : ${f.tags.join(', ')}${when}`,
        // Beaucoup de sortes retenues : le niveau le plus haut, et combien d'autres.
        ...(f.tags.length > 1
          ? { shorterTails: [` : ${f.first} +${f.tags.length - 1}${when}`] }
          : {}),
        headline: `Pendant ${why}, les alertes du compte « ${e.account} » ont été retenues. Toujours vrai maintenant :`,
        details: [
          ...f.lines,
          // Le solde une fois : la ligne d'une alerte de niveau le donne ; lu maintenant,
          // « Vérifié le » le date.
          ...(latest === undefined || (f.balanceSaid && f.fresh)
            ? []
            : f.balanceSaid
              ? [`Le solde ci-dessus est le dernier lu, le ${w.at(latest.at)}.`]
              : [
                  f.fresh
                    ? `Solde maintenant : ${w.balance(latest.balance)}, lu le ${w.at(latest.at)}.`
                    : `Dernier solde lu : ${w.balance(latest.balance)}, le ${w.at(latest.at)}.`,
                ]),
        ],
        // Les actions de chaque alerte retenue, sous un seul « À faire ».
        action: oneTodo(f.action),
        sms: { core: f.smsCore(core), extras: f.smsExtras },
      };
    },

    test: (e, w) => ({
      tag: '[TEST]',
      decoration: 'Alertes de solde DEXCHANGE pour',
      subjectTail: '',
      headline: `Ceci est une alerte de test de l'outil de suivi du solde DEXCHANGE pour le compte « ${e.account} », envoyée le ${w.at(e.at)}.`,
      details: [],
      action: ['Si vous la lisez, ce canal fonctionne. Rien à faire.'],
      sms: {
        core: `Test du suivi de solde DEXCHANGE, compte ${e.account} : les alertes arrivent sur ce téléphone. Rien à faire.`,
        extras: [],
      },
    }),
  },

  render: {
    acknowledgeLine: (link) => `Je m'en occupe (arrête les rappels de cette alerte) : ${link}`,
    acknowledgeButton: "Je m'en occupe",
    checked: (on, zone) => `Vérifié ${on}. Heures de ${zone}.`,
    beforeAscii: plainFrench,
    operatorsTold: {
      email: 'Cette alerte est aussi envoyée au service informatique.',
      sms: "Copie envoyée à l'informatique.",
    },
  },

  ack: {
    what: {
      FAILING: 'le solde ne se lit plus',
      CRITICAL: 'solde critique',
      LOW: 'solde bas',
    },
    since: (dateTime) => `depuis le ${dateTime}`,
    stillComes: {
      LOW: 'Une chute sous le seuil critique alertera toujours.',
      CRITICAL: "La clôture de l'alerte sera toujours signalée.",
      FAILING: 'Quand le solde se lira de nouveau, ce sera toujours signalé.',
    },
    subject: (account, what, since) => `Compte « ${account} » : ${what}, ${since}.`,
    confirmTitle: "Je m'en occupe",
    confirmText: (stillComes) =>
      `En confirmant, les rappels de cette alerte s'arrêtent ; les autres destinataires apprennent au prochain contrôle que vous vous en occupez. ${stillComes}`,
    nameLabel: 'Votre nom (facultatif)',
    button: "Je m'en occupe",
    doneTitle: "C'est noté",
    refusalTitle: "Rien n'a été enregistré",
    refusal: {
      malformed: "Ce lien est incomplet. Ouvrez-le de nouveau depuis l'alerte, en entier.",
      tampered:
        "Ce lien n'est pas valide : il a été modifié, ou les liens ont été renouvelés depuis. Le dernier message de cette alerte en contient un qui fonctionne.",
      expired:
        "Ce lien a expiré (un lien vaut 72 heures). Le dernier message de cette alerte en porte un nouveau ; dès que quelqu'un s'en occupe, il n'en part plus.",
      ended:
        "Cette alerte est close (le solde est remonté, ou il se lit de nouveau) : il n'y a plus rien à faire.",
      method: 'Cette page ne prend que GET et POST.',
    },
  },

  parked: {
    subject: (account, count) =>
      `[NON LIVRÉE] ${count === 1 ? 'une alerte' : `${count} alertes`} du compte ${account} n'${count === 1 ? 'a' : 'ont'} pas pu être ${count === 1 ? 'livrée' : 'livrées'}`,
    intro: (account, count) =>
      `L'outil de suivi a renoncé à ${count === 1 ? 'une alerte' : `${count} alertes`} du compte ${account} : les destinataires ne ${count === 1 ? "l'ont" : 'les ont'} pas reçue${count === 1 ? '' : 's'} par ce canal.`,
    line: (f) =>
      `- ${f.severity} du ${f.raisedAt}, canal ${f.channel}, après ${f.attempts} tentative${f.attempts === 1 ? '' : 's'} : ${f.error}`,
    action:
      "Réparez le canal (l'erreur indique ce qui l'a refusée), puis transmettez le contenu de l'alerte aux personnes à qui elle était destinée. La requête enregistrée « undeliverable » liste toutes les alertes abandonnées.",
    original: "L'alerte telle qu'elle a été rédigée :",
    // L'outil de suivi les a envoyées ; Meta les a acceptées puis n'a pas pu les remettre :
    // l'outil n'a renoncé à rien.
    late: {
      alerts: {
        LOW: 'Alerte solde bas',
        CRITICAL: 'Alerte solde critique',
        REMINDER: 'Rappel',
        RECOVERED: "Avis d'alerte close",
        FORECAST: 'Prévision',
        UNUSUAL_OUTFLOW: 'Alerte sorties inhabituelles',
        FAILING: 'Alerte solde illisible',
        FAILING_RESOLVED: 'Avis de solde de nouveau lisible',
        STALE: 'Alerte solde non actualisé',
        STALE_RESOLVED: 'Avis de solde de nouveau actualisé',
        ACKNOWLEDGED: "Avis « Je m'en occupe »",
        DIGEST: 'Résumé du jour',
        HELD: 'Récapitulatif des alertes en attente',
        TEST: 'Essai',
      },
      subject: (account, count) =>
        `[NON LIVRÉE] WhatsApp n'a pas remis ${count === 1 ? 'une alerte' : `${count} alertes`} du compte ${account}`,
      intro: (account, count) =>
        `Meta a accepté ${count === 1 ? 'une alerte WhatsApp' : `${count} alertes WhatsApp`} du compte ${account}, puis a signalé ne pas avoir pu ${count === 1 ? 'la' : 'les'} remettre :`,
      line: (f) =>
        `- ${f.alert} du ${f.raisedAt}, canal ${f.channel} : ${f.code === undefined ? 'sans code' : `code Meta ${f.code}`}${f.title === '' ? '' : ` (« ${f.title} »)`}. ${LATE_MEANING[f.meaning]}`,
      todo: (meaning, recipients) => {
        const names = recipients.map((n) => `« ${n} »`).join(', ');
        return {
          recipient: `À faire : corrigez ou retirez le numéro WhatsApp ${names} dans la configuration de déploiement (la liste whatsapp du compte, ou de l'installation), puis redéployez ; tant que ce n'est pas fait, joignez ${recipients.length === 1 ? 'cette personne' : 'ces personnes'} par un autre moyen.`,
          payment:
            "À faire : régularisez le moyen de paiement du compte WhatsApp Business dans le Business Manager de Meta (Facturation et paiements) ; tant que ce n'est pas fait, aucune alerte WhatsApp ne peut partir.",
          engagement:
            'À faire : rien à réparer ; si cette personne ne reçoit les alertes que par WhatsApp, joignez-la par un autre moyen.',
          experiment:
            'À faire : rien à réparer ; si cette personne ne reçoit les alertes que par WhatsApp, joignez-la par un autre moyen.',
          template:
            'À faire : soumettez de nouveau les modèles (npm run whatsapp-templates) et vérifiez leur statut dans la console AWS End User Messaging Social.',
          meta: "À faire : rien à réparer si cela ne se répète pas ; sinon, voyez l'état du compte WhatsApp Business dans le Business Manager de Meta.",
          unknown:
            "À faire : cherchez ce code parmi les codes d'erreur de WhatsApp Business publiés par Meta.",
        }[meaning];
      },
      todos: oneTodo,
      where:
        "Les autres canaux du compte ont reçu l'alerte comme d'habitude (seul WhatsApp a échoué) : son texte s'y trouve. L'entrée reste dans l'enregistrement du compte : la requête enregistrée « undeliverable » la liste.",
    },
  },

  reach: {
    subject: (problems) =>
      // Sans accents, « a verifier » se lirait « il a vérifier » : un nom à la place.
      `Suivi DEXCHANGE : ${problems === 1 ? "1 adresse d'alerte pose" : `${problems} adresses d'alerte posent`} problème`,
    intro:
      "L'outil de suivi du solde DEXCHANGE a comparé les abonnements de ses rubriques SNS à la configuration déployée. Certains destinataires risquent de ne pas recevoir ce qui leur est destiné :",
    where: (endpoint, audience, account) =>
      audience === 'operators'
        ? `${endpoint} (service informatique : les alarmes sur l'outil de suivi)`
        : `${endpoint} (alertes de solde ${account === undefined ? 'des comptes sans destinataires propres' : `du compte « ${account} »`})`,
    whereOperatorCopy: (endpoint, account) =>
      `${endpoint} (copie du service informatique des alertes ${account === undefined ? 'des comptes sans destinataires propres' : `du compte « ${account} »`})`,
    whereEscalation: (endpoint, tier, account) =>
      `${endpoint} (niveau de remontée « ${tier} » du compte « ${account} »)`,
    resubscribed: (where, protocol) =>
      protocol === 'email'
        ? `- L'adresse ${where} n'était plus abonnée : quelqu'un a cliqué sur le lien de désabonnement en bas d'un e-mail, ou un antivirus de messagerie l'a suivi. L'outil de suivi l'a réabonnée et AWS lui a envoyé un nouvel e-mail de confirmation ; elle ne reçoit rien tant que ce n'est pas confirmé.`
        : `- Le numéro ${where} n'était plus abonné. L'outil de suivi l'a réabonné ; il reçoit de nouveau les alertes. S'il disparaît encore, le numéro s'est peut-être désinscrit (en répondant STOP) : voyez SNS > Messagerie texte (SMS) > Numéros de téléphone désinscrits.`,
    resubscribeFailed: (where, protocol) =>
      `- ${protocol === 'email' ? "L'adresse" : 'Le numéro'} ${where} n'est plus ${protocol === 'email' ? 'abonnée' : 'abonné'} et le réabonnement a échoué (le journal de la surveillance des abonnements en donne la raison) : plus rien ne lui parvient. L'outil de suivi réessaie toutes les heures.`,
    pending: (where, hours) =>
      `- L'adresse ${where} attend toujours la confirmation de son abonnement, depuis ${hours} heures : elle ne reçoit rien tant que ce n'est pas fait. AWS supprime un abonnement non confirmé au bout de quelques jours ; l'outil de suivi réabonne alors l'adresse, avec un nouvel e-mail.`,
    unauthenticated: (where) =>
      `- L'adresse ${where} a été confirmée d'un simple clic sur le lien de son e-mail de confirmation : le lien de désabonnement en bas de chaque e-mail peut donc la retirer en un clic (un clic par erreur, ou un antivirus de messagerie). Ce message n'est envoyé qu'une fois.`,
    todo: {
      prefix: 'À faire : ',
      heading: 'À faire :',
      resubscribed: (endpoints) =>
        `pour ${endpoints} : demandez au destinataire de vous transférer le nouvel e-mail (objet « AWS Notification - Subscription Confirmation ») sans cliquer sur son lien, puis lancez npm run confirm -- '<le lien>' avec vos identifiants AWS. Confirmée ainsi, l'adresse ne peut plus être retirée par le lien de désabonnement.`,
      pending: (endpoints) =>
        `pour ${endpoints} : retrouvez l'e-mail « AWS Notification - Subscription Confirmation » (regardez aussi dans les courriers indésirables) et lancez npm run confirm -- '<son lien Confirm subscription>' avec vos identifiants AWS.`,
      unauthenticated: (endpoints) =>
        `pour ${endpoints} : supprimez cet abonnement (console SNS > Abonnements > Supprimer ; l'outil de suivi, lui, n'en a pas le droit) ; dans l'heure, il réabonne l'adresse et AWS envoie une nouvelle confirmation : confirmez-la avec npm run confirm -- '<le lien>', sans cliquer.`,
      list: (items) =>
        items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`,
    },
    footer:
      "L'outil de suivi compare les abonnements toutes les heures et réabonne de lui-même une adresse disparue. Aucune de ses fonctions n'a le droit de désabonner qui que ce soit.",
  },

  escalation: {
    usual: 'les destinataires habituels',
    tierName: (tier) => `« ${tier} »`,
    toldAt: (who, at) => `${who} ${at}`,
    list: (items) =>
      items.length < 2
        ? (items[0] ?? '')
        : `${items.slice(0, -1).join(', ')}, puis ${items.at(-1)}`,
    // « transmise jusqu'à vous » est un calque : l'alerte est transmise à un niveau nommé.
    headline: (tier, waited, told) =>
      `Alerte transmise au niveau ${tier} : personne ne s'en occupe depuis ${waited}. Déjà prévenus : ${told}.`,
    sms: (waited) => `Personne ne s'en occupe depuis ${waited} :`,
  },
  ackPage: {
    balanceTitle: 'Solde',
    balanceNow: (amount, readAt) => `${amount}, lu le ${readAt}.`,
    noReading: "Aucun solde n'a encore été lu.",
    levelsTitle: 'Seuils',
    lowLevel: (amount) => `Seuil bas : ${amount}`,
    criticalLevel: (amount) => `Seuil critique : ${amount}`,
    criticalEmpty: 'Seuil critique : solde à zéro',
    recoveryLevel: (amount) => `L'alerte prend fin à ${amount}`,
    toAddTitle: 'Combien recharger',
    recovering: (recovery) =>
      `Le solde est repassé au-dessus du seuil ; l'alerte prend fin dès qu'il atteint ${recovery}.`,
    topUpTitle: 'Comment recharger',
    topUpLink: 'Ouvrir la page de recharge',
    contact: (contact) => `Contact : ${contact}`,
    chartTitle: 'Solde des dernières 48 heures',
    chartDesc: (f) =>
      `Solde du ${f.from} au ${f.to} : au plus bas ${f.lowest}, au plus haut ${f.highest}. Les lignes sont les seuils${f.forecast ? ' ; la ligne en pointillés, la prévision au rythme actuel' : ''}.`,
    chart: {
      low: 'seuil bas',
      critical: 'seuil critique',
      recovery: "fin d'alerte",
      forecast: 'prévision',
      hoursAgo: (hours) => `il y a ${hours} h`,
      now: 'dernière lecture',
    },
    thanks: (by) => `Merci${by === '' ? '' : `, ${by}`}. Les rappels de cette alerte s'arrêtent.`,
    othersTold: (f) => {
      const at = `vers ${f.otherDay.at ? 'le ' : ''}${f.at}`;
      const first =
        f.silencedUntil === undefined
          ? `Les autres destinataires seront prévenus au prochain contrôle, ${at}.`
          : `Une mise en silence retient les alertes de ce compte jusqu'${f.otherDay.silencedUntil ? 'au ' : 'à '}${f.silencedUntil} : les autres destinataires seront prévenus au contrôle suivant, ${at}.`;
      const later =
        f.capEnds !== undefined
          ? `Sur un canal qui a déjà envoyé son maximum de messages pour l'heure, ce sera après ${f.capEnds} ; sur un canal en heures de repos, cela peut attendre la fin de celles-ci.`
          : f.silencedUntil !== undefined
            ? 'Sur un canal en heures de repos, cela peut attendre la fin de celles-ci.'
            : "Sur un canal en heures de repos, ou qui a déjà envoyé son maximum de messages pour l'heure, cela peut attendre la fin de ces heures de repos, ou de l'heure.";
      return `${first} ${later}`;
    },
    takenBy: (who, at) => `${who} s'en occupe depuis ${at}.`,
    takenBySomeone: (at) => `Quelqu'un s'en occupe depuis ${at}.`,
    undoButton: 'Annuler',
    undoUntil: (time) => `Une erreur ? Vous pouvez annuler jusqu'à ${time}.`,
    undoneTitle: 'Annulé',
    undone: (told) =>
      told
        ? "Plus personne ne s'en occupe : les rappels reprennent à leur rythme habituel. Les autres destinataires avaient déjà été prévenus que vous vous en occupiez ; les rappels leur montreront que l'alerte reste ouverte."
        : "Plus personne ne s'en occupe : les rappels reprennent à leur rythme habituel, et les autres destinataires ne reçoivent rien.",
    undoTooLateTitle: 'Trop tard pour annuler',
    undoTooLate: (at, minutes) =>
      `C'est noté depuis ${at}, il y a plus de ${minutes} minutes : on ne peut plus l'annuler ici. Cela reste valable jusqu'à la fin de l'alerte.`,
    undoNothingTitle: 'Rien à annuler',
    undoNothing: "Personne ne s'occupe de cette alerte : il n'y a rien à annuler.",
  },
  button: {
    taken: (name) =>
      `C'est noté${name === '' ? '' : `, ${name}`} : vous vous en occupez. Les rappels de cette alerte s'arrêtent ; les autres sont prévenus au prochain contrôle.`,
    already: (by) => `${someone(by)} s'en occupe déjà.`,
    ended: 'Cette alerte est close : plus rien à prendre.',
    // Le lien du même message a expiré en même temps : le dernier rappel en porte de nouveaux.
    expired:
      'Ce bouton a expiré : utilisez le bouton ou le lien du dernier rappel de cette alerte.',
    refused: "Ce bouton n'est pas reconnu ici.",
  },
} satisfies Catalog;
