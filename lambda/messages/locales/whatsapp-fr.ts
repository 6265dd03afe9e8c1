import type { WhatsAppCatalog } from '../whatsapp/catalog';
import { fr } from './fr';

/** Les modèles WhatsApp en français (lambda/messages/whatsapp/catalog.ts). */
export const whatsappFr = {
  language: 'fr',
  bodies: {
    low: "Alerte solde bas sur le compte DEXCHANGE {{1}}. Solde : {{2}}, sous le seuil bas de {{3}} (solde lu le {{4}}). Rechargez au moins {{5}} pour clore l'alerte ; il est conseillé de recharger {{6}} pour couvrir les prochaines heures au rythme actuel.",
    critical:
      "URGENT : alerte solde critique sur le compte DEXCHANGE {{1}}. Solde : {{2}}, sous le seuil critique de {{3}} (solde lu le {{4}}). Les paiements risquent d'échouer. Rechargez maintenant : au moins {{5}} pour clore l'alerte ; il est conseillé de recharger {{6}} au rythme actuel.",
    reminder:
      "Rappel : alerte toujours ouverte sur le compte DEXCHANGE {{1}}. Solde : {{2}}, sous {{3}} depuis le {{4}}. Rechargez au moins {{5}} pour clore l'alerte ; il est conseillé de recharger {{6}} au rythme actuel.",
    recovered:
      "Alerte close sur le compte DEXCHANGE {{1}}. Solde : {{2}}, revenu au-dessus du niveau de fin d'alerte (solde lu le {{3}}).",
    forecast:
      "Prévision sur le compte DEXCHANGE {{1}}. Solde : {{2}}. Au rythme actuel, il peut passer sous {{3}} d'ici environ {{4}}. Recharger maintenant évite l'alerte.",
    unusual_outflow:
      'Sorties inhabituelles sur le compte DEXCHANGE {{1}}, où {{2}} sont sortis en {{3}}. Solde restant : {{4}}. Vérifiez que ces paiements sont prévus.',
    failing:
      "L'outil de suivi ne peut plus lire le solde du compte DEXCHANGE {{1}} depuis le {{2}}, après {{3}} contrôles de suite en échec. Les paiements ne sont pas surveillés tant que cela dure.",
    failing_reminder:
      'Rappel : le solde du compte DEXCHANGE {{1}} est toujours illisible depuis le {{2}}, après {{3}} contrôles de suite en échec.',
    failing_resolved:
      "L'outil de suivi lit de nouveau le solde du compte DEXCHANGE {{1}}. Solde : {{2}}, lu le {{3}}.",
    stale:
      "Sur le compte DEXCHANGE {{1}}, le solde affiché ({{2}}) n'est plus actualisé par DEXCHANGE depuis le {{3}}. Demandez à DEXCHANGE si les chiffres sont à jour.",
    stale_resolved:
      'DEXCHANGE actualise de nouveau le solde du compte {{1}}. Solde : {{2}}, lu le {{3}}.',
    acknowledged:
      "Sur le compte DEXCHANGE {{1}}, c'est {{2}} qui s'en occupe depuis le {{3}}. Les rappels s'arrêtent.",
    digest:
      'Résumé du jour du compte DEXCHANGE {{1}}. Solde : {{2}} ; contrôles en 24 heures : {{3}}, dont {{4}} en échec.',
    held: "L'outil de suivi a retenu {{1}} sur le compte DEXCHANGE {{2}}, toujours d'actualité le {{3}}. Solde : {{4}}.",
    test: "Essai de l'outil de suivi du solde DEXCHANGE pour le compte {{1}}, envoyé le {{2}} : les alertes WhatsApp arrivent bien à ce numéro.",
  },
  footer: 'Outil de suivi du solde DEXCHANGE',
  acknowledgeButton: "Je m'en occupe",
  overdrawn: (amount) => `débiteur de ${amount}`,
  // Mid-sentence (« c'est quelqu'un qui s'en occupe »): no capital.
  someone: "quelqu'un",
  noReading: 'aucune lecture réussie en 24 heures',
  noBalance: 'aucune lecture réussie',
  // « 4 heures », « 1 jour et 6 heures » : les mots des e-mails (locales/fr.ts).
  duration: fr.words.duration,
  alertNames: {
    low: 'solde bas',
    critical: 'solde critique',
    reminder: 'rappel de solde bas',
    recovered: 'alerte close',
    forecast: 'prévision',
    unusual_outflow: 'sorties inhabituelles',
    failing: 'solde illisible',
    failing_reminder: 'rappel : solde illisible',
    failing_resolved: 'solde de nouveau lisible',
    stale: 'solde non actualisé',
    stale_resolved: 'solde de nouveau actualisé',
    acknowledged: "quelqu'un s'en occupe",
    digest: 'résumé du jour',
    held: 'alertes en attente',
    test: 'essai',
  },
  heldAlerts: (count, names) =>
    `${count} ${count === 1 ? 'alerte' : 'alertes'} (${names.join(', ')})`,
} satisfies WhatsAppCatalog;
