import type { WhatsAppCatalog } from '../whatsapp/catalog';

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
    held: 'Le compte DEXCHANGE {{1}} a {{2}} alertes retenues qui sont toujours valables le {{3}}. Les autres canaux en donnent le détail.',
    test: "Essai de l'outil de suivi du solde DEXCHANGE pour le compte {{1}}, envoyé le {{2}} : les alertes WhatsApp arrivent bien à ce numéro.",
  },
  footer: 'Outil de suivi du solde DEXCHANGE',
  acknowledgeButton: "Je m'en occupe",
  overdrawn: (amount) => `débiteur de ${amount}`,
  // Mid-sentence (« c'est quelqu'un qui s'en occupe »): no capital.
  someone: "quelqu'un",
  noReading: 'aucune lecture réussie en 24 heures',
} satisfies WhatsAppCatalog;
