import type { AlarmCatalog, AlarmFacts } from '../alarm-catalog';

const queries = (f: AlarmFacts) =>
  `CloudWatch Logs Insights, requêtes enregistrées du dossier ${f.queries ?? ''}`;
const footer = 'ALARM : en panne maintenant. OK : fonctionne de nouveau, rien à faire.';

/** Les textes des alarmes en français (alarm-catalog.ts dit ce que chacun doit dire). */
export const fr = {
  'no-completed-check': {
    name: 'aucun-controle-termine',
    description: (f) =>
      `Ce qui ne va pas : un compte DEXCHANGE n'a terminé aucun contrôle de solde au-delà des pauses prévues, ou la surveillance des abonnements n'a rien terminé depuis ${f.jobOverdueHours ?? ''} heures (arrêtée, ou incapable de signaler une adresse désabonnée), ou le chien de garde s'est arrêté. En attendant, aucun solde bas de ce compte n'est signalé, ni aucune adresse privée d'alarmes. Une panne DEXCHANGE donne une alerte ÉCHEC. À faire : dans ${queries(f)}, « overdue » les nomme ; vérifiez que leur planification EventBridge Scheduler est activée ; lisez les erreurs : « errors » (contrôles), « watchdog-errors » (chien de garde, abonnements). La file de lettres mortes ${f.deadLetterQueueName ?? ''} garde la raison de Scheduler s'il n'a pu lancer une exécution. ALARM : en panne (abonnements en retard : une heure par jour au plus, puis OK). OK : aucun compte en retard ; « overdue » nomme ce qui l'est encore.`,
  },
  'schedule-dropped': {
    name: 'planification-bloquee',
    description: (f) => {
      // (Sans la liste : tout ce qu'elle peut couvrir. La pile ne crée cette alarme que si elle couvre quelque chose.)
      const covers = f.deadLetterCovers ?? ['digests', 'whatsapp'];
      const what = [
        covers.includes('digests')
          ? "EventBridge Scheduler n'a pas pu lancer un résumé du jour, même après ses relances"
          : '',
        covers.includes('whatsapp')
          ? "la fonction des événements WhatsApp a échoué trois fois sur un événement (un envoi WhatsApp en échec ou un appui sur « Je m'en occupe », alors non enregistré)"
          : '',
      ].filter((part) => part !== '');
      return `Ce qui ne va pas : ${what.join(', ou ')} ; chacun est gardé 14 jours dans la file de lettres mortes ${f.deadLetterQueueName ?? ''}. (Un contrôle, le chien de garde ou la surveillance des abonnements que Scheduler ne peut lancer n'est pas compté ici : il déclenche aucun-controle-termine une fois en retard.) À faire : lisez un message de la file : il nomme la fonction et la raison ; ${covers.includes('digests') ? "pour un résumé du jour, vérifiez que la fonction existe et que son rôle de planification peut l'appeler ; " : ''}${covers.includes('whatsapp') ? 'pour la fonction des événements WhatsApp, lisez son journal à cette heure-là ; ' : ''}puis videz la file. ALARM : une exécution manquée ces 5 dernières minutes. OK : aucune depuis.`;
    },
  },
  'sms-spend': {
    name: 'budget-sms-presque-atteint',
    description: (f) =>
      `Ce qui est menacé : ce compte AWS a dépensé plus de ${f.thresholdUsd ?? ''} USD en SMS ce mois-ci, près de sa limite de ${f.limitUsd ?? ''} USD. Au-delà, SNS n'envoie plus aucune alerte SMS jusqu'au mois prochain. À faire : relevez la limite de dépense SMS (une demande au support AWS, puis SNS > Text messaging (SMS) > Edit) et mettez smsMonthlySpendLimitUsd à la même valeur. ${footer}`,
  },
  'alert-parked': {
    name: 'alerte-abandonnee',
    description: (f) =>
      `Ce qui ne va pas : un contrôle de solde a abandonné une alerte : un canal l'a refusée définitivement (politique de la rubrique SNS modifiée, clé KMS désactivée, mauvaise adresse de webhook) ou elle a échoué pendant 6 heures. L'alerte est notée comme non livrable dans l'état du compte, avec son erreur, et les alertes suivantes partent quand même. À faire : les messages de la file SQS ${f.queueName ?? ''} (gardés 14 jours), ou la requête « undeliverable » (${queries(f)}), donnent le compte, le canal et l'erreur ; réparez ce canal, puis envoyez une alerte de test. ALARM : une alerte abandonnée ces 5 dernières minutes. OK : aucune depuis.`,
  },
  'alerts-undelivered': {
    name: 'alertes-non-livrees',
    description: (f) =>
      `Ce qui ne va pas : SNS n'a pas pu livrer certaines alertes de solde de la rubrique ${f.topicName ?? ''} (un destinataire e-mail ou SMS refuse, un numéro désinscrit ou non vérifié, la limite de dépense SMS). À faire : regardez les abonnements de la rubrique et, pour les SMS, la page Text messaging (SMS) de la console SNS (numéros désinscrits, sandbox, dépense) ; corrigez l'abonnement, puis envoyez une alerte de test. ALARM : une livraison a échoué ces 5 dernières minutes. OK : aucune depuis.`,
  },
  'callbacks-unavailable': {
    name: 'notifications-sans-effet',
    description: (f) =>
      `Ce qui ne va pas : les notifications de DEXCHANGE (callbacks) ne lancent plus de contrôle : leur fonction de réception (${f.functionName ?? ''}) a répondu par une erreur 5xx (sa clé, un secret de signature, la table d'état ou Lambda n'ont pas pu être utilisés, ou elle s'est arrêtée). Aucune alerte n'est perdue : les contrôles planifiés continuent, mais un paiement n'est plus remarqué en quelques secondes, seulement au contrôle planifié suivant. À faire : dans son groupe de journaux ${f.logGroupName ?? ''}, les lignes « callback » de statut 503 nomment la partie en cause (failure) et l'erreur AWS (error). Une clé supprimée ou remplacée change toutes les URL : lancez la commande de la sortie CallbackUrlsCommand de la pile et recollez l'URL de chaque compte. ALARM : une notification a échoué dans les 5 dernières minutes. OK : aucune depuis.`,
  },
  'callbacks-refused': {
    name: 'notifications-refusees',
    description: (f) =>
      `Ce qui ne va pas : les notifications de DEXCHANGE (callbacks) sont refusées et ne lancent plus de contrôle : leur fonction de réception (${f.functionName ?? ''}) en a refusé au moins 3 dans l'heure (réponse 4xx) : une signature qui ne correspond pas (callbackSigningSecret ou callbacks.signatureHeader diffère de ce qu'envoie DEXCHANGE), un contenu qu'elle ne reconnaît pas (un champ ou un type que le SDK de DEXCHANGE ne nomme pas), l'URL d'une ancienne clé (404), ou plus de notifications qu'elle n'en prend à la fois (429). Aucune alerte n'est perdue : les contrôles planifiés continuent, mais un paiement n'est plus remarqué en quelques secondes, seulement au contrôle planifié suivant. À faire : dans son groupe de journaux ${f.logGroupName ?? ''}, les lignes « callback » donnent le statut et la raison (signature, not-a-callback, unknown) ; corrigez le secret, l'en-tête ou l'URL (CallbackUrlsCommand). ALARM : 3 refus dans la dernière heure. OK : moins depuis.`,
  },
} satisfies AlarmCatalog;
