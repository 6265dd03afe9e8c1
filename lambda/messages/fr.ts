import type { AlertEvent } from '../alerting/types';
import { heldFacts, runwayRange, topUpLines, topUpSms, type Draft, type Words } from './draft';
import { failureAction, failureDetails, failureHeadline } from './failure';

/** Ce qu'un échec de lecture veut dire pour le lecteur du SMS : plus d'alerte de solde. */
const NO_BALANCE_ALERTS = "Plus d'alerte de solde bas d'ici là.";

/** La ligne « Détail », sauf si elle ne fait que répéter la phrase de tête. */
const detailsLine = (failure: Parameters<typeof failureDetails>[0]) => {
  const details = failureDetails(failure, 'fr');
  return details === undefined ? [] : [`Détail : ${details}`];
};

/**
 * Les textes en français, tout entiers : les motifs d'échec aussi (failure.ts) ; seules les
 * paroles de DEXCHANGE sont citées telles quelles, entre guillemets. Chaque « sous »,
 * « au-dessus » (strictement) ou « au moins » est vrai du montant qu'il accompagne (un test le
 * vérifie) : un solde égal au seuil bas n'est plus bas, et l'épisode prend fin dès que le solde
 * atteint le niveau de sortie. Les durées s'écrivent « 6 heures », jamais « 6 h » (une heure).
 */
export function french(e: AlertEvent, w: Words): Draft {
  const decoration = 'Solde DEXCHANGE de';
  // Le solde comme le dit le texte : « à découvert de 12 500 F CFA », jamais « -12 500 F CFA ».
  // « à 13 h 40 », mais « le 2 déc. à 13 h 40 » un autre jour (w.near met l'article).
  const at = (iso: string) => {
    const time = w.near(iso);
    return time.startsWith('le ') ? time : `à ${time}`;
  };
  const subjectAmount = (balance: number) => ` : ${w.balance(balance)} ${at(e.at)}`;
  const name = `Le solde DEXCHANGE du compte « ${e.account} »`;
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL': {
      const critical = e.severity === 'CRITICAL';
      const empty = critical && e.threshold === 0;
      // Une alerte retenue se dit avec le solde lu à sa sortie (asOfLatest), qui peut ne plus
      // être sous son seuil : c'est l'épisode, toujours ouvert, qui reste vrai.
      const below = empty ? e.balance <= 0 : e.balance < e.threshold;
      const level = empty
        ? 'vide'
        : `sous le seuil ${critical ? 'critique' : 'bas'} de ${w.amount(e.threshold)}`;
      return {
        tag: critical ? '[CRITIQUE]' : '[BAS]',
        decoration,
        subjectTail: subjectAmount(e.balance),
        headline: !below
          ? e.balance < e.recovery
            ? `${name} ${w.is(e.balance)} : il n'est plus ${level}, mais toujours sous ${w.amount(e.recovery)}, où cet épisode prend fin.`
            : `${name} ${w.is(e.balance)} : remonté à au moins ${w.amount(e.recovery)}.`
          : empty
            ? `${name} est épuisé : il est ${w.balance(e.balance)}.`
            : `${name} ${w.is(e.balance)}, ${level}.`,
        details: [
          ...(e.since === e.at ? [] : [`Il est sous le seuil bas depuis le ${w.at(e.since)}.`]),
          ...(e.runway === undefined
            ? []
            : [`Au rythme actuel, il sera vide dans environ ${runwayRange(e.runway, w)}.`]),
        ],
        action: [
          critical
            ? 'À faire : rechargez le compte DEXCHANGE tout de suite ; les paiements échouent ou vont échouer.'
            : 'À faire : rechargez le compte DEXCHANGE avant que les paiements échouent.',
          ...topUpLines(e.topUp, e.recovery, w),
        ],
        sms: {
          core: empty
            ? `CRITIQUE DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}. Rechargez vite.`
            : critical
              ? `CRITIQUE DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, sous ${w.amount(e.threshold)}. Rechargez vite.`
              : `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, sous ${w.amount(e.threshold)}. Rechargez.`,
          extras: [
            ...topUpSms(e.topUp, w),
            ...(e.runway === undefined ? [] : [`Vide dans env. ${w.duration(e.runway.minutes)}.`]),
          ],
        },
      };
    }
    case 'REMINDER': {
      if (e.remindsOf === 'FAILING') {
        return {
          tag: '[RAPPEL ÉCHEC]',
          decoration,
          subjectTail: ` toujours illisible, depuis le ${w.at(e.since)}`,
          headline: `Le moniteur ne peut toujours pas lire le solde DEXCHANGE du compte « ${e.account} » : ${failureHeadline(e.failure, 'fr')}.`,
          details: [
            `${e.failedChecks} contrôles de suite ont échoué, depuis ${w.since(e.since)} (le ${w.at(e.since)}).`,
            ...detailsLine(e.failure),
          ],
          action: [
            `À faire : ${failureAction(e.failure, 'fr')}`,
            "D'ici là, aucune alerte de solde bas ne peut partir.",
          ],
          sms: {
            core: `Rappel DEXCHANGE ${e.account} : solde illisible depuis ${w.since(e.since)} : ${failureHeadline(e.failure, 'fr')}.`,
            extras: [NO_BALANCE_ALERTS],
          },
        };
      }
      const recovering = e.balance >= e.low;
      const emptyLevel = e.remindsOf === 'CRITICAL' && e.threshold === 0;
      const aboveCritical =
        e.remindsOf === 'CRITICAL' &&
        !recovering &&
        (emptyLevel ? e.balance > 0 : e.balance >= e.threshold);
      const headline = recovering
        ? `${name} ${w.is(e.balance)} : il n'est plus sous le seuil bas de ${w.amount(e.low)}, mais toujours sous ${w.amount(e.recovery)}, où cet épisode prend fin.`
        : aboveCritical
          ? emptyLevel
            ? `${name} ${w.is(e.balance)} : il n'est plus vide, mais toujours sous le seuil bas de ${w.amount(e.low)}.`
            : `${name} ${w.is(e.balance)} : il n'est plus sous le seuil critique de ${w.amount(e.threshold)}, mais toujours sous le seuil bas de ${w.amount(e.low)}.`
          : emptyLevel
            ? `${name} est toujours épuisé : il est ${w.balance(e.balance)}.`
            : `${name} est toujours ${e.remindsOf === 'CRITICAL' ? 'critique' : 'bas'} : ${w.balance(e.balance)}, sous ${w.amount(e.threshold)}.`;
      return {
        tag: `[RAPPEL ${e.remindsOf === 'CRITICAL' ? 'CRITIQUE' : 'BAS'}]`,
        decoration,
        subjectTail: subjectAmount(e.balance),
        headline,
        details: [
          // Revenu au seuil bas ou au-dessus, il n'est plus « bas » : c'est l'épisode qui dure.
          // `since` est le passage sous le seuil bas, pas sous le seuil critique : dit comme tel.
          recovering
            ? `L'épisode a commencé il y a ${w.since(e.since)} (le ${w.at(e.since)}).`
            : e.remindsOf === 'CRITICAL'
              ? `Il est sous le seuil bas depuis ${w.since(e.since)} (le ${w.at(e.since)}).`
              : `Il est bas depuis ${w.since(e.since)} (le ${w.at(e.since)}).`,
          ...(e.runway === undefined
            ? []
            : [`Au rythme actuel, il sera vide dans environ ${runwayRange(e.runway, w)}.`]),
        ],
        action: ['À faire : rechargez le compte DEXCHANGE.', ...topUpLines(e.topUp, e.recovery, w)],
        sms: {
          core: recovering
            ? `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, remonté à au moins ${w.amount(e.low)} mais encore sous ${w.amount(e.recovery)}.`
            : aboveCritical || emptyLevel
              ? `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, toujours sous ${w.amount(e.low)}, bas depuis ${w.since(e.since)}.`
              : e.remindsOf === 'CRITICAL'
                ? `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, sous ${w.amount(e.threshold)} ; bas depuis ${w.since(e.since)}.`
                : `Rappel DEXCHANGE ${e.account} : ${w.balance(e.balance)}, sous ${w.amount(e.threshold)} depuis ${w.since(e.since)}.`,
          extras: topUpSms(e.topUp, w, false),
        },
      };
    }
    case 'FORECAST': {
      const pace = `${w.amount(-e.perHour)} sortis par heure`;
      const low = e.reason === 'low' && e.toLow !== undefined ? e.toLow : undefined;
      return {
        tag: '[PRÉVISION]',
        decoration,
        subjectTail:
          low === undefined
            ? ` vide vers ${w.inMinutes(e.toZero.minutes)}`
            : ` sous ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)}`,
        headline:
          low === undefined
            ? `Au rythme actuel (${pace}), le solde DEXCHANGE du compte « ${e.account} », actuellement ${w.balance(e.balance)}, sera vide dans environ ${runwayRange(e.toZero, w)}, vers ${w.inMinutes(e.toZero.minutes)}.`
            : `Au rythme actuel (${pace}), le solde DEXCHANGE du compte « ${e.account} », actuellement ${w.balance(e.balance)}, passera sous le seuil bas de ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)} (entre ${w.inMinutes(low.earliest)} et ${w.inMinutes(low.latest)}), dans environ ${w.duration(low.minutes)}.`,
        details: [],
        action: [
          'À faire : rechargez le compte DEXCHANGE avant cette heure-là.',
          ...topUpLines(e.topUp, undefined, w),
        ],
        sms: {
          core:
            low === undefined
              ? `DEXCHANGE ${e.account} : à ce rythme, le solde sera vide vers ${w.inMinutes(e.toZero.minutes)} (dans ${w.duration(e.toZero.minutes)}). Rechargez.`
              : `DEXCHANGE ${e.account} : à ce rythme, solde sous ${w.amount(e.threshold)} vers ${w.inMinutes(low.minutes)} (dans ${w.duration(low.minutes)}). Rechargez.`,
          extras: topUpSms(e.topUp, w),
        },
      };
    }
    case 'RECOVERED':
      return {
        tag: '[RÉTABLI]',
        decoration,
        subjectTail: subjectAmount(e.balance),
        // L'épisode prend fin quand le solde atteint le niveau de sortie : au moins, pas au-dessus.
        headline: `${name} ${w.is(e.balance)} : remonté à au moins ${w.amount(e.threshold)}, ce qui clôt l'épisode.`,
        details: [
          `Il est resté bas pendant ${w.since(e.since)} (depuis le ${w.at(e.since)}).`,
          ...(e.acknowledgedBy === undefined
            ? []
            : [
                `${e.acknowledgedBy === '' ? "Quelqu'un" : e.acknowledgedBy} l'avait pris en charge.`,
              ]),
        ],
        action: ['Rien à faire.'],
        sms: {
          core: `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)}, remonté à au moins ${w.amount(e.threshold)} après ${w.since(e.since)}. Rien à faire.`,
          extras: [],
        },
      };
    case 'FAILING':
      return {
        tag: '[ÉCHEC]',
        decoration,
        subjectTail: ` illisible depuis le ${w.at(e.since)}`,
        headline: `Le moniteur ne peut pas lire le solde DEXCHANGE du compte « ${e.account} » : ${failureHeadline(e.failure, 'fr')}.`,
        details: [
          `${e.failedChecks} contrôles de suite ont échoué, depuis le ${w.at(e.since)}.`,
          ...detailsLine(e.failure),
        ],
        action: [
          `À faire : ${failureAction(e.failure, 'fr')}`,
          "D'ici là, aucune alerte de solde bas ne peut partir.",
        ],
        sms: {
          core: `DEXCHANGE ${e.account} : solde illisible, ${e.failedChecks} échecs : ${failureHeadline(e.failure, 'fr')}.`,
          extras: [NO_BALANCE_ALERTS],
        },
      };
    case 'FAILING_RESOLVED':
      return {
        tag: '[RÉSOLU]',
        decoration,
        subjectTail: ` lisible : ${w.balance(e.balance)} ${at(e.at)}`,
        headline: `Le moniteur lit de nouveau le solde DEXCHANGE du compte « ${e.account} », après ${w.since(e.since)} d'échecs (depuis le ${w.at(e.since)}).`,
        details: [
          `Le solde ${w.is(e.balance)}.`,
          ...(e.acknowledgedBy === undefined
            ? []
            : [
                `${e.acknowledgedBy === '' ? "Quelqu'un" : e.acknowledgedBy} l'avait pris en charge.`,
              ]),
        ],
        action: ['Rien à faire.'],
        sms: {
          core: `DEXCHANGE ${e.account} : solde de nouveau lisible après ${w.since(e.since)} d'échecs : ${w.balance(e.balance)}.`,
          extras: [],
        },
      };
    case 'STALE':
      return {
        tag: '[PÉRIMÉ]',
        decoration,
        subjectTail: ` non mis à jour depuis le ${w.at(e.lastUpdate)}`,
        headline: `DEXCHANGE indique ${w.aBalance(e.balance)} pour le compte « ${e.account} », mais sa dernière mise à jour date du ${w.at(e.lastUpdate)}, il y a ${w.since(e.lastUpdate)}, plus que le délai de ${w.duration(e.staleAfterMinutes)} au-delà duquel le moniteur le juge périmé.`,
        details: ['Ce chiffre peut être périmé, et les alertes en dépendent.'],
        action: [
          'À faire : comparez avec le solde du tableau de bord DEXCHANGE ; contactez le support DEXCHANGE si cela dure. Un compte sans paiements peut aussi en être la cause.',
        ],
        sms: {
          core: `DEXCHANGE ${e.account} : solde ${w.balance(e.balance)} non mis à jour depuis le ${w.at(e.lastUpdate)}.`,
          // Tient dès que le montant n'est pas démesuré (un découvert de 999 milliards, non).
          extras: ['Vérifiez auprès de DEXCHANGE.'],
        },
      };
    case 'STALE_RESOLVED':
      return {
        tag: '[À JOUR]',
        decoration,
        subjectTail: ` de nouveau à jour ${at(e.lastUpdate)}`,
        headline: `DEXCHANGE met de nouveau à jour le solde du compte « ${e.account} » : dernière mise à jour le ${w.at(e.lastUpdate)}, solde ${w.balance(e.balance)}.`,
        // L'événement porte l'heure de l'alerte PERIME, pas celle de la dernière mise à jour.
        details: [
          `Il était périmé au moins depuis le ${w.at(e.since)}, quand l'alerte de solde périmé est partie.`,
        ],
        action: ['Rien à faire.'],
        sms: {
          core: `DEXCHANGE ${e.account} : solde de nouveau à jour le ${w.at(e.lastUpdate)} : ${w.balance(e.balance)}.`,
          extras: [],
        },
      };
    case 'ACKNOWLEDGED': {
      const what =
        e.about === 'FAILING'
          ? 'les contrôles en échec'
          : e.about === 'CRITICAL'
            ? 'le solde critique'
            : 'le solde bas';
      const who = e.by === '' ? "Quelqu'un" : e.by;
      // Trop long, le sujet raccourcit le nom par mots entiers (deux au moins), puis garde le
      // nom entier sans « s'en occupe » : jamais de mot coupé.
      const words = who.split(' ');
      const shorter = words
        .slice(2)
        .map((_, i) => words.slice(0, words.length - 1 - i).join(' '))
        .map((part) => ` : ${part} s'en occupe`);
      return {
        tag: '[PRIS EN CHARGE]',
        decoration,
        subjectTail: ` : ${who} s'en occupe`,
        shorterTails: [...shorter, ` : ${who}`],
        headline: `${who} a pris en charge ${what} du compte « ${e.account} » le ${w.at(e.acknowledgedAt)} : il ou elle s'en occupe.`,
        details: [`L'épisode a commencé le ${w.at(e.since)}.`],
        action: [
          e.about === 'LOW'
            ? "Ses rappels s'arrêtent ; une chute sous le seuil critique alerte toujours, et la fin de l'épisode est toujours annoncée."
            : e.about === 'CRITICAL'
              ? "Ses rappels s'arrêtent ; la fin de l'épisode est toujours annoncée."
              : "Ses rappels s'arrêtent ; le retour d'un solde lisible est toujours annoncé.",
        ],
        sms: { core: `DEXCHANGE ${e.account} : ${who} s'en occupe (${what}).`, extras: [] },
      };
    }
    case 'DIGEST': {
      const lines: string[] = [];
      if (e.balance !== undefined)
        lines.push(
          `Solde : ${w.balance(e.balance)}${e.lastReadAt === undefined ? '' : ` (lu le ${w.at(e.lastReadAt)})`}.`,
        );
      else lines.push('Aucune lecture réussie ces dernières 24 heures.');
      if (e.change24h !== undefined)
        lines.push(
          e.change24h === 0
            ? 'Sur 24 heures : inchangé.'
            : `Sur 24 heures : ${e.change24h > 0 ? 'en hausse de' : 'en baisse de'} ${w.amount(Math.abs(e.change24h))}.`,
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
        lines.push(`Au rythme actuel, vide dans environ ${runwayRange(e.runway, w)}.`);
      if (e.episode !== undefined)
        lines.push(
          `Épisode en cours : ${e.episode.level === 'CRITICAL' ? 'critique' : 'bas'} depuis le ${w.at(e.episode.since)}${e.episode.acknowledgedBy === undefined ? ', non pris en charge' : `, pris en charge par ${e.episode.acknowledgedBy || "quelqu'un"}`}.`,
        );
      if (e.failing !== undefined)
        lines.push(
          `En échec : le solde est illisible depuis le ${w.at(e.failing.since)} (${e.failing.failedChecks === 1 ? '1 contrôle en échec' : `${e.failing.failedChecks} contrôles de suite en échec`})${e.failing.acknowledgedBy === undefined ? ', non pris en charge' : `, pris en charge par ${e.failing.acknowledgedBy || "quelqu'un"}`}.`,
        );
      lines.push(`Contrôles : ${e.checks}, dont ${e.failedChecks} en échec.`);
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
              ? `DEXCHANGE ${e.account}, 24 heures : aucune lecture, ${e.failedChecks} contrôles en échec.`
              : `DEXCHANGE ${e.account}, 24 heures : ${w.balance(e.balance)}${e.change24h === undefined || e.change24h === 0 ? '' : ` (${e.change24h > 0 ? '+' : '-'}${w.amount(Math.abs(e.change24h))})`}, sous le seuil bas pendant ${w.duration(e.belowLowMinutes)}.`,
          // Only while it fits the one segment (render.ts): the e-mail says it in full.
          extras: e.failing === undefined ? [] : [`Illisible depuis le ${w.at(e.failing.since)}.`],
        },
      };
    }
    case 'HELD': {
      const why = e.reason === 'silence' ? 'la mise en silence' : 'les heures calmes';
      const latest = e.latest;
      // Les BAS et CRITIQUE retenus, avec le dernier solde : leurs propres chiffres sont anciens.
      const { tags, fresh, first, topUp, lines, action, smsCore, smsExtras } = heldFacts(
        e,
        (x) => french(x, w),
        w,
      );
      const when =
        latest === undefined
          ? `, toujours vrai ${at(e.at)}`
          : `, ${fresh ? 'solde actuel' : 'dernier solde lu'} ${w.balance(latest.balance)} ${at(latest.at)}`;
      const nowSms =
        latest === undefined
          ? ''
          : ` ${fresh ? 'Solde actuel' : 'Dernier solde lu'} ${w.balance(latest.balance)}.`;
      // Beaucoup de sortes retenues et un long nom : le niveau le plus haut, et combien d'autres.
      const core = (list: string) =>
        `DEXCHANGE ${e.account}, après ${why} : ${list}.${nowSms}${topUp ? ' Rechargez.' : ''}`;
      return {
        tag: '[EN ATTENTE]',
        decoration,
        subjectTail: ` : ${tags.join(', ')}${when}`,
        // Beaucoup de sortes retenues : le niveau le plus haut, et combien d'autres.
        ...(tags.length > 1 ? { shorterTails: [` : ${first} +${tags.length - 1}${when}`] } : {}),
        headline: `Pendant ${why}, les alertes du compte « ${e.account} » ont été retenues. Toujours vrai maintenant :`,
        details: [
          ...lines,
          ...(latest === undefined
            ? []
            : [
                fresh
                  ? `Solde maintenant : ${w.balance(latest.balance)}, lu le ${w.at(latest.at)}.`
                  : `Dernier solde lu : ${w.balance(latest.balance)}, le ${w.at(latest.at)}.`,
              ]),
        ],
        action,
        sms: { core: smsCore(core), extras: smsExtras },
      };
    }
    case 'TEST':
      return {
        tag: '[TEST]',
        decoration: 'Alertes de solde DEXCHANGE pour',
        subjectTail: '',
        headline: `Ceci est une alerte de test du moniteur de solde DEXCHANGE pour le compte « ${e.account} », envoyée le ${w.at(e.at)}.`,
        details: [],
        action: ['Si vous la lisez, ce canal fonctionne. Rien à faire.'],
        sms: {
          core: `Test du moniteur de solde DEXCHANGE, compte ${e.account} : les alertes arrivent sur ce téléphone. Rien à faire.`,
          extras: [],
        },
      };
  }
}
