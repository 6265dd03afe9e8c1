/**
 * What each alarm tells the operator, in the deploy config's locale: what is broken, what it
 * means for the alerts, and what to do. CloudWatch puts the description in the body of every
 * ALARM and OK notification (its own frame around it is English), and the alarm's name in the
 * subject, so both carry the meaning. Written here, in the template, because an alarm must
 * reach a person even when the function it watches is broken.
 */

export type Locale = 'en' | 'fr';

export type AlarmKind =
  | 'function-errors'
  | 'function-throttled'
  | 'no-completed-check'
  | 'schedule-dropped'
  | 'sms-spend'
  | 'alerts-undelivered'
  | 'alert-parked';

export interface AlarmFacts {
  readonly account?: string;
  readonly functionName?: string;
  readonly logGroupName?: string;
  readonly scheduleName?: string;
  /** "35 h 45 min" */
  readonly window?: string;
  readonly limitUsd?: number;
  readonly thresholdUsd?: number;
  readonly topicName?: string;
  /** The function's reserved concurrency (0: none). */
  readonly reservedConcurrency?: number;
}

/** The alarm name's last part: short, ASCII, readable in the e-mail subject. */
export const ALARM_NAME: Record<Locale, Record<AlarmKind, string>> = {
  en: {
    'function-errors': 'function-failing',
    'function-throttled': 'function-throttled',
    'no-completed-check': 'no-completed-check',
    'schedule-dropped': 'schedule-cannot-invoke',
    'sms-spend': 'sms-spend-near-limit',
    'alerts-undelivered': 'alerts-undelivered',
    'alert-parked': 'alert-given-up',
  },
  fr: {
    'function-errors': 'fonction-en-echec',
    'function-throttled': 'fonction-limitee',
    'no-completed-check': 'aucun-controle-termine',
    'schedule-dropped': 'planification-bloquee',
    'sms-spend': 'budget-sms-presque-atteint',
    'alerts-undelivered': 'alertes-non-livrees',
    'alert-parked': 'alerte-abandonnee',
  },
};

function en(kind: AlarmKind, f: AlarmFacts): string {
  const account = `the DEXCHANGE balance monitor of account "${f.account ?? ''}"`;
  const logs = `Read the function's log group ${f.logGroupName ?? ''} (CloudWatch Logs) for the error.`;
  const footer = 'ALARM: broken now. OK: working again, nothing to do.';
  switch (kind) {
    case 'function-errors':
      return `What is broken: ${account} failed twice in a row. This is the monitor itself (its state table, its alert topic, its configuration or a bug), not DEXCHANGE: a DEXCHANGE outage is reported by a FAILING alert instead. While it lasts, low-balance alerts may not go out. What to do: ${logs} ${footer}`;
    case 'function-throttled':
      return `What is broken: Lambda refused to run ${account} (throttled); EventBridge Scheduler retries a refused run twice, and a manual test alert that overlaps a check can be refused too. What to do: ${(f.reservedConcurrency ?? 1) > 0 ? 'the function may run one at a time (reserved concurrency 1); if this repeats, check what else invokes it' : "check the AWS account's Lambda concurrency: other functions may be using all of it"}. ${footer}`;
    case 'no-completed-check':
      return `What is broken: ${account} has not completed a check for ${f.window ?? ''}, longer than its schedule ever pauses. Nobody will be warned of a low balance until this is fixed. What to do: check that the schedule ${f.scheduleName ?? ''} (EventBridge Scheduler) is enabled and that the function ${f.functionName ?? ''} exists, then: ${logs} ${footer}`;
    case 'schedule-dropped':
      return `What is broken: EventBridge Scheduler could not start ${account}, even after retrying; each missed run is kept 14 days in its dead-letter queue. What to do: check that the function ${f.functionName ?? ''} exists and that the scheduler role may invoke it; read a message of the dead-letter queue for the reason, then purge the queue. ALARM: a run was missed in the last 5 minutes. OK: no run missed since.`;
    case 'sms-spend':
      return `What is at risk: this AWS account has spent more than USD ${f.thresholdUsd ?? ''} on SMS this month, near its limit of USD ${f.limitUsd ?? ''}. Past the limit, SNS stops sending SMS alerts until next month. What to do: raise the SMS spend limit (an AWS support case, then SNS > Text messaging (SMS) > Edit), and set smsMonthlySpendLimitUsd to match. ${footer}`;
    case 'alert-parked':
      return `What is broken: ${account} gave up on an alert: a channel refused it for good (a changed topic policy, a disabled KMS key, a bad webhook address) or it kept failing for 6 hours. The alert is recorded in the state item as undeliverable, with its error, and newer alerts still go out. What to do: read "alert undeliverable" in the function's log group ${f.logGroupName ?? ''} for the channel and the error, fix that channel, then send a test alert. ALARM: an alert was given up in the last period. OK: none since.`;
    case 'alerts-undelivered':
      return `What is broken: SNS could not deliver some balance alerts of topic ${f.topicName ?? ''} (an e-mail or SMS recipient refused, an opted-out or unverified number, the SMS spend limit). What to do: look at the topic's subscriptions and, for SMS, the SNS console's Text messaging (SMS) page (opted-out numbers, sandbox, spend); fix the subscription, then send a test alert. ALARM: a delivery failed in the last 5 minutes. OK: none since.`;
  }
}

function fr(kind: AlarmKind, f: AlarmFacts): string {
  const account = `le moniteur de solde DEXCHANGE du compte « ${f.account ?? ''} »`;
  const logs = `Lisez le groupe de journaux ${f.logGroupName ?? ''} de la fonction (CloudWatch Logs) pour trouver l'erreur.`;
  const footer = 'ALARM : en panne maintenant. OK : fonctionne de nouveau, rien à faire.';
  switch (kind) {
    case 'function-errors':
      return `Ce qui ne va pas : ${account} a échoué deux fois de suite. C'est le moniteur lui-même (sa table d'état, son sujet d'alertes, sa configuration ou un bogue), pas DEXCHANGE : une panne de DEXCHANGE est signalée par une alerte ECHEC. Tant que cela dure, les alertes de solde bas peuvent ne pas partir. À faire : ${logs} ${footer}`;
    case 'function-throttled':
      return `Ce qui ne va pas : Lambda a refusé d'exécuter ${account} (limitation) ; EventBridge Scheduler relance deux fois une exécution refusée, et une alerte de test lancée pendant un contrôle peut aussi être refusée. À faire : ${(f.reservedConcurrency ?? 1) > 0 ? "la fonction ne tourne qu'une fois à la fois (concurrence réservée 1) ; si cela se répète, cherchez ce qui l'appelle en plus" : "vérifiez la concurrence Lambda du compte AWS : d'autres fonctions l'utilisent peut-être toute"}. ${footer}`;
    case 'no-completed-check':
      return `Ce qui ne va pas : ${account} n'a terminé aucun contrôle depuis ${f.window ?? ''}, plus longtemps que toute pause prévue par sa planification. Personne ne sera prévenu d'un solde bas tant que ce n'est pas réparé. À faire : vérifiez que la planification ${f.scheduleName ?? ''} (EventBridge Scheduler) est activée et que la fonction ${f.functionName ?? ''} existe, puis : ${logs} ${footer}`;
    case 'schedule-dropped':
      return `Ce qui ne va pas : EventBridge Scheduler n'a pas pu lancer ${account}, même après ses relances ; chaque exécution manquée est gardée 14 jours dans sa file de lettres mortes. À faire : vérifiez que la fonction ${f.functionName ?? ''} existe et que le rôle de la planification peut l'appeler ; lisez un message de la file pour la raison, puis videz la file. ALARM : une exécution manquée ces 5 dernières minutes. OK : aucune depuis.`;
    case 'sms-spend':
      return `Ce qui est menacé : ce compte AWS a dépensé plus de ${f.thresholdUsd ?? ''} USD en SMS ce mois-ci, près de sa limite de ${f.limitUsd ?? ''} USD. Au-delà, SNS n'envoie plus aucune alerte SMS jusqu'au mois prochain. À faire : relevez la limite de dépense SMS (une demande au support AWS, puis SNS > Text messaging (SMS) > Edit) et mettez smsMonthlySpendLimitUsd à la même valeur. ${footer}`;
    case 'alert-parked':
      return `Ce qui ne va pas : ${account} a abandonné une alerte : un canal l'a refusée définitivement (politique du sujet modifiée, clé KMS désactivée, mauvaise adresse de webhook) ou elle a échoué pendant 6 heures. L'alerte est notée comme non livrable dans l'état, avec son erreur, et les alertes suivantes partent quand même. À faire : lisez « alert undeliverable » dans le groupe de journaux ${f.logGroupName ?? ''} de la fonction pour le canal et l'erreur, réparez ce canal, puis envoyez une alerte de test. ALARM : une alerte abandonnée pendant la dernière période. OK : aucune depuis.`;
    case 'alerts-undelivered':
      return `Ce qui ne va pas : SNS n'a pas pu livrer certaines alertes de solde du sujet ${f.topicName ?? ''} (un destinataire e-mail ou SMS refuse, un numéro désinscrit ou non vérifié, la limite de dépense SMS). À faire : regardez les abonnements du sujet et, pour les SMS, la page Text messaging (SMS) de la console SNS (numéros désinscrits, sandbox, dépense) ; corrigez l'abonnement, puis envoyez une alerte de test. ALARM : une livraison a échoué ces 5 dernières minutes. OK : aucune depuis.`;
  }
}

/** The alarm's description (CloudWatch allows 1024 characters). */
export function alarmDescription(kind: AlarmKind, locale: Locale, facts: AlarmFacts): string {
  return locale === 'fr' ? fr(kind, facts) : en(kind, facts);
}
