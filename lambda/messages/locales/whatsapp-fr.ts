import type { WhatsAppCatalog } from '../whatsapp/catalog';

/** Les modèles WhatsApp en français (lambda/messages/whatsapp/catalog.ts). */
export const whatsappFr = {
  language: 'fr',
  bodies: {
    low: "Compte DEXCHANGE « {{1}} » : solde {{2}}, sous le seuil bas de {{3}} ({{4}}). Rechargez au moins {{5}} pour clore l'alerte ; {{6}} conseillé pour couvrir les prochaines heures au rythme actuel.",
    critical:
      "URGENT, compte DEXCHANGE « {{1}} » : solde {{2}}, sous le seuil critique de {{3}} ({{4}}). Les paiements risquent d'échouer. Rechargez maintenant : au moins {{5}} pour clore l'alerte, {{6}} conseillé au rythme actuel.",
    reminder:
      "Rappel, compte DEXCHANGE « {{1}} » : solde {{2}}, toujours sous {{3}} depuis le {{4}}. Rechargez au moins {{5}} pour clore l'alerte ; {{6}} conseillé au rythme actuel.",
    recovered:
      "Compte DEXCHANGE « {{1}} » : solde {{2}} ({{3}}). Il est revenu au-dessus du niveau de fin d'alerte : l'alerte est close.",
    forecast:
      "Prévision, compte DEXCHANGE « {{1}} » : solde {{2}}. Au rythme actuel, il peut passer sous {{3}} d'ici environ {{4}}. Recharger maintenant évite l'alerte.",
    unusual_outflow:
      'Sorties inhabituelles sur le compte DEXCHANGE « {{1}} » : {{2}} sortis en {{3}} ; solde actuel {{4}}. Vérifiez que ces paiements sont prévus.',
    failing:
      "L'outil de suivi ne peut pas lire le solde DEXCHANGE du compte « {{1}} » depuis le {{2}} ({{3}} vérifications de suite en échec). Les paiements ne sont pas surveillés tant que cela dure.",
    failing_reminder:
      'Rappel : le solde DEXCHANGE du compte « {{1}} » est toujours illisible, depuis le {{2}} ({{3}} vérifications de suite en échec).',
    failing_resolved:
      "L'outil de suivi lit de nouveau le solde DEXCHANGE du compte « {{1}} » : {{2}} ({{3}}).",
    stale:
      'Compte DEXCHANGE « {{1}} » : solde {{2}}, sans actualisation par DEXCHANGE depuis le {{3}}. Demandez à DEXCHANGE si les chiffres sont à jour.',
    stale_resolved:
      'Compte DEXCHANGE « {{1}} » : le solde est de nouveau actualisé, {{2}} ({{3}}).',
    acknowledged: "Compte DEXCHANGE « {{1}} » : {{2}} s'en occupe ({{3}}). Les rappels s'arrêtent.",
    digest:
      'Résumé du jour, compte DEXCHANGE « {{1}} » : solde {{2}} ; {{3}} vérifications en 24 heures, dont {{4}} en échec.',
    held: 'Compte DEXCHANGE « {{1}} » : {{2}} alertes retenues sont toujours valables ({{3}}). Les autres canaux en donnent le détail.',
    test: "Essai de l'outil de suivi du solde DEXCHANGE pour le compte « {{1}} » ({{2}}) : les alertes WhatsApp arrivent bien à ce numéro.",
  },
  footer: 'Outil de suivi du solde DEXCHANGE',
  acknowledgeButton: "Je m'en occupe",
  overdrawn: (amount) => `débiteur de ${amount}`,
  someone: "Quelqu'un",
  noReading: 'non lu depuis 24 heures',
} satisfies WhatsAppCatalog;
