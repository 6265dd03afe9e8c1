import type { WhatsAppCatalog } from '../whatsapp/catalog';

/** WhatsApp's templates in English (lambda/messages/whatsapp/catalog.ts). */
export const whatsappEn = {
  language: 'en',
  bodies: {
    low: 'The DEXCHANGE account {{1}} has a balance of {{2}}, below the LOW threshold of {{3}} on {{4}}. Top up at least {{5}} to close the alert; {{6}} is advised to cover the next hours at the current pace.',
    critical:
      'URGENT: the DEXCHANGE account {{1}} has a balance of {{2}}, below the critical threshold of {{3}} on {{4}}. Payouts may fail. Top up now: at least {{5}} to close the alert, and {{6}} is advised at the current pace.',
    reminder:
      'Reminder: the DEXCHANGE account {{1}} has a balance of {{2}}, still below {{3}} since {{4}}. Top up at least {{5}} to close the alert; {{6}} is advised at the current pace.',
    recovered:
      'The DEXCHANGE account {{1}} has a balance of {{2}} again, back above the alert level on {{3}}. The alert is closed.',
    forecast:
      'Forecast: the DEXCHANGE account {{1}} has a balance of {{2}}. At the current pace it may fall below {{3}} within about {{4}}. Topping up now avoids the alert.',
    unusual_outflow:
      'Unusual outflow on the DEXCHANGE account {{1}}, where {{2}} went out in {{3}}, leaving a balance of {{4}}. Check that these payouts are expected.',
    failing:
      'The monitor cannot read the balance of the DEXCHANGE account {{1}} since {{2}}, after {{3}} failed checks in a row. Payouts are not watched while this lasts.',
    failing_reminder:
      'Reminder: the balance of the DEXCHANGE account {{1}} still cannot be read since {{2}}, after {{3}} failed checks in a row.',
    failing_resolved:
      'The monitor reads the balance of the DEXCHANGE account {{1}} again: it is {{2}} on {{3}}.',
    stale:
      'The DEXCHANGE account {{1}} shows a balance of {{2}}, not updated by DEXCHANGE since {{3}}. Ask DEXCHANGE whether the figures are current.',
    stale_resolved:
      'The balance of the DEXCHANGE account {{1}} is updated again: it is {{2}} on {{3}}.',
    acknowledged:
      'On the DEXCHANGE account {{1}}, the person on it is {{2}}, since {{3}}. The reminders stop.',
    digest:
      'Daily summary of the DEXCHANGE account {{1}}: a balance of {{2}}, and {{3}} checks in 24 hours, of which {{4}} failed.',
    held: 'The DEXCHANGE account {{1}} has {{2}} alerts held back that are still true on {{3}}. The other channels carry their details.',
    test: 'Test from the DEXCHANGE balance monitor for the account {{1}}, sent on {{2}}: WhatsApp alerts reach this number.',
  },
  footer: 'DEXCHANGE balance monitor',
  acknowledgeButton: "I'm on it",
  overdrawn: (amount) => `overdrawn by ${amount}`,
  // Mid-sentence ("the person on it is someone"): no capital.
  someone: 'someone',
  noReading: 'not read in 24 hours',
} satisfies WhatsAppCatalog;
