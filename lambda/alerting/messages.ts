import {
  describeFailure,
  failureAction,
  formatDuration,
  formatTime,
  minutesBetween,
} from './format';
import { formatAmount, SMS_MAX_SEPTETS, toAsciiSubject, toGsm7, gsm7Length } from './text';
import type { AlertEvent, Locale, Runway } from './types';

/** The texts of one notification, as SNS takes them with MessageStructure "json". */
export interface RenderedAlert {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
  readonly default: string;
}

interface Draft {
  readonly subject: string;
  readonly email: readonly string[];
  readonly sms: string;
}

interface Words {
  readonly amount: (value: number) => string;
  readonly time: (iso: string) => string;
  /** How long from `iso` to the event. */
  readonly since: (iso: string) => string;
  /** A duration in minutes. */
  readonly duration: (minutes: number) => string;
  /** The time `minutes` after the event: "17:40 UTC", with the date if another day. */
  readonly clock: (minutes: number) => string;
}

/** "At the current pace, empty in about 3 h 20 min (2 h 50 min to 4 h)." for e-mails. */
function runwayEmail(runway: Runway | undefined, w: Words, locale: Locale): string[] {
  if (runway === undefined) return [];
  const range = `${w.duration(runway.earliest)} ${locale === 'fr' ? 'à' : 'to'} ${w.duration(runway.latest)}`;
  return locale === 'fr'
    ? [`Au rythme actuel, il sera vide dans environ ${w.duration(runway.minutes)} (${range}).`]
    : [`At the current pace it will be empty in about ${w.duration(runway.minutes)} (${range}).`];
}

/** " Empty in about 3 h 20 min." for SMS. */
function runwaySms(runway: Runway | undefined, w: Words, locale: Locale): string {
  if (runway === undefined) return '';
  return locale === 'fr'
    ? ` Vide dans env. ${w.duration(runway.minutes)}.`
    : ` Empty in about ${w.duration(runway.minutes)}.`;
}

function english(e: AlertEvent, w: Words): Draft {
  const checked = `Checked at ${w.time(e.at)}.`;
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL': {
      const critical = e.severity === 'CRITICAL';
      return {
        subject: `[${e.severity}] DEXCHANGE balance of ${e.account}: ${w.amount(e.balance)}`,
        email: [
          `The DEXCHANGE balance of account "${e.account}" is ${w.amount(e.balance)}, below the ${critical ? 'critical' : 'low'} threshold of ${w.amount(e.threshold)}.`,
          e.since === e.at
            ? checked
            : `It has been below the low threshold since ${w.time(e.since)}. ${checked}`,
          ...runwayEmail(e.runway, w, 'en'),
          '',
          critical
            ? 'What to do: top up the DEXCHANGE account now; payouts are about to fail.'
            : 'What to do: top up the DEXCHANGE account before payouts start to fail.',
        ],
        sms:
          (critical
            ? `CRITICAL DEXCHANGE ${e.account}: balance ${w.amount(e.balance)}, below ${w.amount(e.threshold)}. Top up now.`
            : `DEXCHANGE ${e.account}: balance ${w.amount(e.balance)}, below ${w.amount(e.threshold)}. Top up.`) +
          runwaySms(e.runway, w, 'en'),
      };
    }
    case 'REMINDER':
      if (e.remindsOf === 'FAILING') {
        return {
          subject: `[REMINDER FAILING] DEXCHANGE balance of ${e.account} still cannot be read`,
          email: [
            `The monitor still cannot read the DEXCHANGE balance of account "${e.account}": ${describeFailure(e.failure, 'en')}.`,
            `${e.failedChecks} checks in a row have failed, for ${w.since(e.since)} (since ${w.time(e.since)}). ${checked}`,
            `Details: ${e.failure.reason}`,
            '',
            `What to do: ${failureAction(e.failure, 'en')}`,
          ],
          sms: `Reminder DEXCHANGE ${e.account}: balance unreadable for ${w.since(e.since)}: ${describeFailure(e.failure, 'en')}.`,
        };
      }
      return {
        subject: `[REMINDER ${e.remindsOf}] DEXCHANGE balance of ${e.account} still ${w.amount(e.balance)}`,
        email: [
          `The DEXCHANGE balance of account "${e.account}" is still ${e.remindsOf === 'CRITICAL' ? 'critical' : 'low'}: ${w.amount(e.balance)}, below ${w.amount(e.threshold)}.`,
          `It has been low for ${w.since(e.since)} (since ${w.time(e.since)}). ${checked}`,
          ...runwayEmail(e.runway, w, 'en'),
          '',
          'What to do: top up the DEXCHANGE account.',
        ],
        sms:
          `Reminder DEXCHANGE ${e.account}: ${w.amount(e.balance)}, below ${w.amount(e.threshold)} for ${w.since(e.since)}.` +
          runwaySms(e.runway, w, 'en'),
      };
    case 'FORECAST':
      return {
        subject: `[FORECAST] DEXCHANGE balance of ${e.account} below ${w.amount(e.threshold)} around ${w.clock(e.toLow.minutes)}`,
        email: [
          `At the current pace (${w.amount(-e.perHour)} an hour going out), the DEXCHANGE balance of account "${e.account}", now ${w.amount(e.balance)}, will fall below the low threshold of ${w.amount(e.threshold)} around ${w.clock(e.toLow.minutes)} (between ${w.clock(e.toLow.earliest)} and ${w.clock(e.toLow.latest)}), in about ${w.duration(e.toLow.minutes)}.`,
          checked,
          '',
          'What to do: top up the DEXCHANGE account before then.',
        ],
        sms: `DEXCHANGE ${e.account}: at this pace, balance below ${w.amount(e.threshold)} around ${w.clock(e.toLow.minutes)} (in ${w.duration(e.toLow.minutes)}). Top up soon.`,
      };
    case 'RECOVERED':
      return {
        subject: `[RECOVERED] DEXCHANGE balance of ${e.account}: ${w.amount(e.balance)}`,
        email: [
          `The DEXCHANGE balance of account "${e.account}" is back to ${w.amount(e.balance)}, above ${w.amount(e.threshold)}.`,
          `It was low for ${w.since(e.since)} (since ${w.time(e.since)}). ${checked}`,
          '',
          'Nothing to do.',
        ],
        sms: `DEXCHANGE ${e.account}: balance back to ${w.amount(e.balance)} after ${w.since(e.since)} low. Nothing to do.`,
      };
    case 'FAILING':
      return {
        subject: `[FAILING] DEXCHANGE balance of ${e.account} cannot be read`,
        email: [
          `The monitor cannot read the DEXCHANGE balance of account "${e.account}": ${describeFailure(e.failure, 'en')}.`,
          `${e.failedChecks} checks in a row have failed, since ${w.time(e.since)}. ${checked}`,
          `Details: ${e.failure.reason}`,
          '',
          `What to do: ${failureAction(e.failure, 'en')}`,
          'Until then, low-balance alerts cannot be sent.',
        ],
        sms: `DEXCHANGE ${e.account}: balance unreadable, ${e.failedChecks} failed checks: ${describeFailure(e.failure, 'en')}.`,
      };
    case 'FAILING_RESOLVED':
      return {
        subject: `[RESOLVED] DEXCHANGE balance of ${e.account} can be read again`,
        email: [
          `The monitor reads the DEXCHANGE balance of account "${e.account}" again, after ${w.since(e.since)} of failed checks (since ${w.time(e.since)}).`,
          `The balance is ${w.amount(e.balance)}. ${checked}`,
          '',
          'Nothing to do.',
        ],
        sms: `DEXCHANGE ${e.account}: balance readable again after ${w.since(e.since)}: ${w.amount(e.balance)}.`,
      };
    case 'STALE':
      return {
        subject: `[STALE] DEXCHANGE balance of ${e.account} not updated since ${w.time(e.lastUpdate)}`,
        email: [
          `DEXCHANGE reports the balance of account "${e.account}" as ${w.amount(e.balance)}, but last updated it at ${w.time(e.lastUpdate)}, ${w.since(e.lastUpdate)} ago.`,
          `The figure may be out of date, and the alerts rely on it. ${checked}`,
          '',
          'What to do: check the balance in the DEXCHANGE dashboard; ask DEXCHANGE support if it stays stale.',
        ],
        sms: `DEXCHANGE ${e.account}: balance ${w.amount(e.balance)} not updated since ${w.time(e.lastUpdate)}. Check with DEXCHANGE.`,
      };
    case 'TEST':
      return {
        subject: `[TEST] DEXCHANGE balance alerts for ${e.account}`,
        email: [
          `This is a test alert from the DEXCHANGE balance monitor for account "${e.account}", sent at ${w.time(e.at)}.`,
          'If you can read it, this subscription works. Nothing to do.',
        ],
        sms: `Test from the DEXCHANGE balance monitor, account ${e.account}: alerts reach this phone. Nothing to do.`,
      };
  }
}

function french(e: AlertEvent, w: Words): Draft {
  const checked = `Vérifié le ${w.time(e.at)}.`;
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL': {
      const critical = e.severity === 'CRITICAL';
      return {
        subject: `[${critical ? 'CRITIQUE' : 'BAS'}] Solde DEXCHANGE de ${e.account} : ${w.amount(e.balance)}`,
        email: [
          `Le solde DEXCHANGE du compte « ${e.account} » est de ${w.amount(e.balance)}, sous le seuil ${critical ? 'critique' : 'bas'} de ${w.amount(e.threshold)}.`,
          e.since === e.at
            ? checked
            : `Il est sous le seuil bas depuis le ${w.time(e.since)}. ${checked}`,
          ...runwayEmail(e.runway, w, 'fr'),
          '',
          critical
            ? 'À faire : rechargez le compte DEXCHANGE tout de suite ; les paiements vont échouer.'
            : 'À faire : rechargez le compte DEXCHANGE avant que les paiements échouent.',
        ],
        sms:
          (critical
            ? `CRITIQUE DEXCHANGE ${e.account} : solde ${w.amount(e.balance)}, sous ${w.amount(e.threshold)}. Rechargez vite.`
            : `DEXCHANGE ${e.account} : solde ${w.amount(e.balance)}, sous ${w.amount(e.threshold)}. Rechargez.`) +
          runwaySms(e.runway, w, 'fr'),
      };
    }
    case 'REMINDER':
      if (e.remindsOf === 'FAILING') {
        return {
          subject: `[RAPPEL ECHEC] Le solde DEXCHANGE de ${e.account} reste illisible`,
          email: [
            `Le moniteur ne peut toujours pas lire le solde DEXCHANGE du compte « ${e.account} » : ${describeFailure(e.failure, 'fr')}.`,
            `${e.failedChecks} contrôles de suite ont échoué, depuis ${w.since(e.since)} (le ${w.time(e.since)}). ${checked}`,
            `Détail : ${e.failure.reason}`,
            '',
            `À faire : ${failureAction(e.failure, 'fr')}`,
          ],
          sms: `Rappel DEXCHANGE ${e.account} : solde illisible depuis ${w.since(e.since)} : ${describeFailure(e.failure, 'fr')}.`,
        };
      }
      return {
        subject: `[RAPPEL ${e.remindsOf === 'CRITICAL' ? 'CRITIQUE' : 'BAS'}] Solde DEXCHANGE de ${e.account} toujours a ${w.amount(e.balance)}`,
        email: [
          `Le solde DEXCHANGE du compte « ${e.account} » est toujours ${e.remindsOf === 'CRITICAL' ? 'critique' : 'bas'} : ${w.amount(e.balance)}, sous ${w.amount(e.threshold)}.`,
          `Il est bas depuis ${w.since(e.since)} (le ${w.time(e.since)}). ${checked}`,
          ...runwayEmail(e.runway, w, 'fr'),
          '',
          'À faire : rechargez le compte DEXCHANGE.',
        ],
        sms:
          `Rappel DEXCHANGE ${e.account} : ${w.amount(e.balance)}, sous ${w.amount(e.threshold)} depuis ${w.since(e.since)}.` +
          runwaySms(e.runway, w, 'fr'),
      };
    case 'FORECAST':
      return {
        subject: `[PREVISION] Solde DEXCHANGE de ${e.account} sous ${w.amount(e.threshold)} vers ${w.clock(e.toLow.minutes)}`,
        email: [
          `Au rythme actuel (${w.amount(-e.perHour)} sortis par heure), le solde DEXCHANGE du compte « ${e.account} », actuellement ${w.amount(e.balance)}, passera sous le seuil bas de ${w.amount(e.threshold)} vers ${w.clock(e.toLow.minutes)} (entre ${w.clock(e.toLow.earliest)} et ${w.clock(e.toLow.latest)}), dans environ ${w.duration(e.toLow.minutes)}.`,
          checked,
          '',
          'À faire : rechargez le compte DEXCHANGE avant.',
        ],
        sms: `DEXCHANGE ${e.account} : à ce rythme, solde sous ${w.amount(e.threshold)} vers ${w.clock(e.toLow.minutes)} (dans ${w.duration(e.toLow.minutes)}). Rechargez.`,
      };
    case 'RECOVERED':
      return {
        subject: `[RETABLI] Solde DEXCHANGE de ${e.account} : ${w.amount(e.balance)}`,
        email: [
          `Le solde DEXCHANGE du compte « ${e.account} » est remonté à ${w.amount(e.balance)}, au-dessus de ${w.amount(e.threshold)}.`,
          `Il était bas depuis ${w.since(e.since)} (le ${w.time(e.since)}). ${checked}`,
          '',
          'Rien à faire.',
        ],
        sms: `DEXCHANGE ${e.account} : solde remonté à ${w.amount(e.balance)} après ${w.since(e.since)}. Rien à faire.`,
      };
    case 'FAILING':
      return {
        subject: `[ECHEC] Le solde DEXCHANGE de ${e.account} est illisible`,
        email: [
          `Le moniteur ne peut pas lire le solde DEXCHANGE du compte « ${e.account} » : ${describeFailure(e.failure, 'fr')}.`,
          `${e.failedChecks} contrôles de suite ont échoué, depuis le ${w.time(e.since)}. ${checked}`,
          `Détail : ${e.failure.reason}`,
          '',
          `À faire : ${failureAction(e.failure, 'fr')}`,
          "D'ici là, aucune alerte de solde bas ne peut partir.",
        ],
        sms: `DEXCHANGE ${e.account} : solde illisible, ${e.failedChecks} échecs : ${describeFailure(e.failure, 'fr')}.`,
      };
    case 'FAILING_RESOLVED':
      return {
        subject: `[RESOLU] Le solde DEXCHANGE de ${e.account} est de nouveau lisible`,
        email: [
          `Le moniteur lit de nouveau le solde DEXCHANGE du compte « ${e.account} », après ${w.since(e.since)} d'échecs (depuis le ${w.time(e.since)}).`,
          `Le solde est de ${w.amount(e.balance)}. ${checked}`,
          '',
          'Rien à faire.',
        ],
        sms: `DEXCHANGE ${e.account} : solde de nouveau lisible après ${w.since(e.since)} : ${w.amount(e.balance)}.`,
      };
    case 'STALE':
      return {
        subject: `[PERIME] Solde DEXCHANGE de ${e.account} non mis a jour depuis ${w.time(e.lastUpdate)}`,
        email: [
          `DEXCHANGE indique un solde de ${w.amount(e.balance)} pour le compte « ${e.account} », mais sa dernière mise à jour date du ${w.time(e.lastUpdate)}, il y a ${w.since(e.lastUpdate)}.`,
          `Ce chiffre peut être périmé, et les alertes en dépendent. ${checked}`,
          '',
          'À faire : vérifiez le solde dans le tableau de bord DEXCHANGE ; contactez le support DEXCHANGE si cela dure.',
        ],
        sms: `DEXCHANGE ${e.account} : solde ${w.amount(e.balance)} non mis à jour depuis le ${w.time(e.lastUpdate)}. Voyez DEXCHANGE.`,
      };
    case 'TEST':
      return {
        subject: `[TEST] Alertes de solde DEXCHANGE pour ${e.account}`,
        email: [
          `Ceci est une alerte de test du moniteur de solde DEXCHANGE pour le compte « ${e.account} », envoyée le ${w.time(e.at)}.`,
          'Si vous la lisez, cet abonnement fonctionne. Rien à faire.',
        ],
        sms: `Test du moniteur de solde DEXCHANGE, compte ${e.account} : les alertes arrivent sur ce téléphone. Rien à faire.`,
      };
  }
}

/** Cuts a GSM-7 text to one segment; the templates are tested to fit, this only guards. */
function fitOneSegment(text: string): string {
  if ((gsm7Length(text) ?? Number.POSITIVE_INFINITY) <= SMS_MAX_SEPTETS) return text;
  let cut = text;
  while ((gsm7Length(`${cut}...`) ?? Number.POSITIVE_INFINITY) > SMS_MAX_SEPTETS)
    cut = cut.slice(0, -1);
  return `${cut}...`;
}

export function renderAlert(event: AlertEvent, locale: Locale): RenderedAlert {
  const words: Words = {
    amount: (value) => formatAmount(value, 'currency' in event ? event.currency : 'XOF', locale),
    time: formatTime,
    since: (iso) => formatDuration(minutesBetween(iso, event.at), locale),
    duration: (minutes) => formatDuration(minutes, locale),
    clock: (minutes) => {
      const time = new Date(Date.parse(event.at) + minutes * 60_000).toISOString();
      return time.slice(0, 10) === event.at.slice(0, 10)
        ? `${time.slice(11, 16)} UTC`
        : formatTime(time);
    },
  };
  const draft = locale === 'fr' ? french(event, words) : english(event, words);
  const email = draft.email.join('\n');
  return {
    subject: toAsciiSubject(draft.subject),
    email,
    sms: fitOneSegment(toGsm7(draft.sms)),
    default: email,
  };
}
