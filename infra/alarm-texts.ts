/**
 * What each alarm tells the operator, in the deploy config's locale: what is broken, what it
 * means for the alerts, and what to do. CloudWatch puts the description in the body of every
 * ALARM and OK notification (its own frame around it is English), and the alarm's name in the
 * subject, so both carry the meaning. Written here, in the template, because an alarm must
 * reach a person even when the function it watches is broken.
 */

export type Locale = 'en' | 'fr';

export type AlarmKind =
  'no-completed-check' | 'schedule-dropped' | 'sms-spend' | 'alerts-undelivered' | 'alert-parked';

export interface AlarmFacts {
  /** The watchdog function, its log group and its schedule. */
  readonly functionName?: string;
  readonly logGroupName?: string;
  readonly scheduleName?: string;
  /** The folder of the stack's saved Logs Insights queries ("DexchangeBalanceMonitor"). */
  readonly queries?: string;
  readonly limitUsd?: number;
  readonly thresholdUsd?: number;
  readonly topicName?: string;
}

/** The alarm name's last part: short, ASCII, readable in the e-mail subject. */
export const ALARM_NAME: Record<Locale, Record<AlarmKind, string>> = {
  en: {
    'no-completed-check': 'no-completed-check',
    'schedule-dropped': 'schedule-cannot-invoke',
    'sms-spend': 'sms-spend-near-limit',
    'alerts-undelivered': 'alerts-undelivered',
    'alert-parked': 'alert-given-up',
  },
  fr: {
    'no-completed-check': 'aucun-controle-termine',
    'schedule-dropped': 'planification-bloquee',
    'sms-spend': 'budget-sms-presque-atteint',
    'alerts-undelivered': 'alertes-non-livrees',
    'alert-parked': 'alerte-abandonnee',
  },
};

function en(kind: AlarmKind, f: AlarmFacts): string {
  const queries = `CloudWatch Logs Insights, saved queries, folder ${f.queries ?? ''}`;
  const footer = 'ALARM: broken now. OK: working again, nothing to do.';
  switch (kind) {
    case 'no-completed-check':
      return `What is broken: at least one DEXCHANGE account has not completed a balance check for longer than its schedule ever pauses (its check crashes, is throttled, or no longer runs), or the watchdog that counts them (function ${f.functionName ?? ''}) stopped. Nobody will be warned of a low balance on that account until this is fixed. A DEXCHANGE outage is not this: it is reported by a FAILING alert. What to do: the query "overdue" (${queries}) names the accounts and how long; then check that account's schedule is enabled and read its errors with the query "errors". If no account is named, read the watchdog's log group ${f.logGroupName ?? ''}. ${footer}`;
    case 'schedule-dropped':
      return `What is broken: EventBridge Scheduler could not start a balance check (or the watchdog), even after retrying; each missed run is kept 14 days in the stack's dead-letter queue. What to do: read a message of the dead-letter queue: it names the function and the reason; check that the function exists and that its scheduler role may invoke it, then purge the queue. ALARM: a run was missed in the last 5 minutes. OK: no run missed since.`;
    case 'sms-spend':
      return `What is at risk: this AWS account has spent more than USD ${f.thresholdUsd ?? ''} on SMS this month, near its limit of USD ${f.limitUsd ?? ''}. Past the limit, SNS stops sending SMS alerts until next month. What to do: raise the SMS spend limit (an AWS support case, then SNS > Text messaging (SMS) > Edit), and set smsMonthlySpendLimitUsd to match. ${footer}`;
    case 'alert-parked':
      return `What is broken: a balance check gave up on an alert: a channel refused it for good (a changed topic policy, a disabled KMS key, a bad webhook address) or it kept failing for 6 hours. The alert is recorded in that account's state item as undeliverable, with its error, and newer alerts still go out. What to do: the query "undeliverable" (${queries}) names the account, the channel and the error; fix that channel, then send a test alert. ALARM: an alert was given up in the last 5 minutes. OK: none since.`;
    case 'alerts-undelivered':
      return `What is broken: SNS could not deliver some balance alerts of topic ${f.topicName ?? ''} (an e-mail or SMS recipient refused, an opted-out or unverified number, the SMS spend limit). What to do: look at the topic's subscriptions and, for SMS, the SNS console's Text messaging (SMS) page (opted-out numbers, sandbox, spend); fix the subscription, then send a test alert. ALARM: a delivery failed in the last 5 minutes. OK: none since.`;
  }
}

function fr(kind: AlarmKind, f: AlarmFacts): string {
  const queries = `CloudWatch Logs Insights, requêtes enregistrées, dossier ${f.queries ?? ''}`;
  const footer = 'ALARM : en panne maintenant. OK : fonctionne de nouveau, rien à faire.';
  switch (kind) {
    case 'no-completed-check':
      return `Ce qui ne va pas : au moins un compte DEXCHANGE n'a terminé aucun contrôle de solde depuis plus longtemps que toute pause prévue par sa planification (son contrôle échoue, est limité ou ne tourne plus), ou le chien de garde qui les compte (fonction ${f.functionName ?? ''}) s'est arrêté. Personne ne sera prévenu d'un solde bas sur ce compte tant que ce n'est pas réparé. Une panne de DEXCHANGE n'est pas cela : elle est signalée par une alerte ECHEC. À faire : la requête « overdue » (${queries}) nomme les comptes et depuis combien de temps ; vérifiez ensuite que la planification du compte est activée et lisez ses erreurs avec la requête « errors ». Si aucun compte n'est nommé, lisez le groupe de journaux ${f.logGroupName ?? ''} du chien de garde. ${footer}`;
    case 'schedule-dropped':
      return `Ce qui ne va pas : EventBridge Scheduler n'a pas pu lancer un contrôle de solde (ou le chien de garde), même après ses relances ; chaque exécution manquée est gardée 14 jours dans la file de lettres mortes de la pile. À faire : lisez un message de la file : il nomme la fonction et la raison ; vérifiez que la fonction existe et que son rôle de planification peut l'appeler, puis videz la file. ALARM : une exécution manquée ces 5 dernières minutes. OK : aucune depuis.`;
    case 'sms-spend':
      return `Ce qui est menacé : ce compte AWS a dépensé plus de ${f.thresholdUsd ?? ''} USD en SMS ce mois-ci, près de sa limite de ${f.limitUsd ?? ''} USD. Au-delà, SNS n'envoie plus aucune alerte SMS jusqu'au mois prochain. À faire : relevez la limite de dépense SMS (une demande au support AWS, puis SNS > Text messaging (SMS) > Edit) et mettez smsMonthlySpendLimitUsd à la même valeur. ${footer}`;
    case 'alert-parked':
      return `Ce qui ne va pas : un contrôle de solde a abandonné une alerte : un canal l'a refusée définitivement (politique du sujet modifiée, clé KMS désactivée, mauvaise adresse de webhook) ou elle a échoué pendant 6 heures. L'alerte est notée comme non livrable dans l'état du compte, avec son erreur, et les alertes suivantes partent quand même. À faire : la requête « undeliverable » (${queries}) nomme le compte, le canal et l'erreur ; réparez ce canal, puis envoyez une alerte de test. ALARM : une alerte abandonnée ces 5 dernières minutes. OK : aucune depuis.`;
    case 'alerts-undelivered':
      return `Ce qui ne va pas : SNS n'a pas pu livrer certaines alertes de solde du sujet ${f.topicName ?? ''} (un destinataire e-mail ou SMS refuse, un numéro désinscrit ou non vérifié, la limite de dépense SMS). À faire : regardez les abonnements du sujet et, pour les SMS, la page Text messaging (SMS) de la console SNS (numéros désinscrits, sandbox, dépense) ; corrigez l'abonnement, puis envoyez une alerte de test. ALARM : une livraison a échoué ces 5 dernières minutes. OK : aucune depuis.`;
  }
}

/** The alarm's description (CloudWatch allows 1024 characters). */
export function alarmDescription(kind: AlarmKind, locale: Locale, facts: AlarmFacts): string {
  return locale === 'fr' ? fr(kind, facts) : en(kind, facts);
}
