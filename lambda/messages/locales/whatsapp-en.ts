import type { WhatsAppCatalog } from '../whatsapp/catalog';

/** WhatsApp's templates in English (lambda/messages/whatsapp/catalog.ts). */
export const whatsappEn = {
  language: 'en',
  bodies: {
    low: 'DEXCHANGE account "{{1}}": balance {{2}}, below the LOW threshold of {{3}} ({{4}}). Top up at least {{5}} to close the alert; {{6}} is advised to cover the next hours at the current pace.',
    critical:
      'URGENT, DEXCHANGE account "{{1}}": balance {{2}}, below the critical threshold of {{3}} ({{4}}). Payouts may fail. Top up now: at least {{5}} to close the alert, {{6}} advised at the current pace.',
    reminder:
      'Reminder, DEXCHANGE account "{{1}}": balance {{2}}, still below {{3}} since {{4}}. Top up at least {{5}} to close the alert; {{6}} advised at the current pace.',
    recovered:
      'DEXCHANGE account "{{1}}": balance {{2}} ({{3}}). It is back above the alert level: the alert is closed.',
    forecast:
      'Forecast, DEXCHANGE account "{{1}}": balance {{2}}. At the current pace it may fall below {{3}} within about {{4}}. Topping up now avoids the alert.',
    unusual_outflow:
      'Unusual outflow on DEXCHANGE account "{{1}}": {{2}} went out in {{3}}; balance now {{4}}. Check that these payouts are expected.',
    failing:
      'The monitor cannot read the DEXCHANGE balance of account "{{1}}" since {{2}} ({{3}} failed checks in a row). Payouts are not watched while this lasts.',
    failing_reminder:
      'Reminder: the DEXCHANGE balance of account "{{1}}" still cannot be read, since {{2}} ({{3}} failed checks in a row).',
    failing_resolved:
      'The monitor reads the DEXCHANGE balance of account "{{1}}" again: {{2}} ({{3}}).',
    stale:
      'DEXCHANGE account "{{1}}": balance {{2}}, not updated by DEXCHANGE since {{3}}. Ask DEXCHANGE whether the figures are current.',
    stale_resolved: 'DEXCHANGE account "{{1}}": the balance is updated again, {{2}} ({{3}}).',
    acknowledged: 'DEXCHANGE account "{{1}}": {{2}} is on it ({{3}}). The reminders stop.',
    digest:
      'Daily summary, DEXCHANGE account "{{1}}": balance {{2}}; {{3}} checks in 24 hours, {{4}} of them failed.',
    held: 'DEXCHANGE account "{{1}}": {{2}} alerts held back are still true ({{3}}). The other channels carry their details.',
    test: 'Test from the DEXCHANGE balance monitor for account "{{1}}" ({{2}}): WhatsApp alerts reach this number.',
  },
  footer: 'DEXCHANGE balance monitor',
  acknowledgeButton: "I'm on it",
  overdrawn: (amount) => `overdrawn by ${amount}`,
  someone: 'Someone',
  noReading: 'not read in 24 hours',
} satisfies WhatsAppCatalog;
