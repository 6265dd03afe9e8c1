import type { WhatsAppCatalog } from '../whatsapp/catalog';
import { durationInWords } from './en-duration';

/** WhatsApp's templates in English (lambda/messages/whatsapp/catalog.ts). */
export const whatsappEn = {
  language: 'en',
  bodies: {
    low: 'Low balance alert on the DEXCHANGE account {{1}}. Balance: {{2}}, below the low threshold of {{3}} (balance read on {{4}}). Top up at least {{5}} to close the alert; {{6}} is advised to cover the next hours at the current pace.',
    critical:
      'URGENT: critical balance alert on the DEXCHANGE account {{1}}. Balance: {{2}}, below the critical threshold of {{3}} (balance read on {{4}}). Payouts may fail. Top up now: at least {{5}} to close the alert; {{6}} is advised at the current pace.',
    reminder:
      'Reminder: the balance of the DEXCHANGE account {{1}} is {{2}} and has been below {{3}} since {{4}}. Top up at least {{5}} to close the alert; {{6}} is advised at the current pace.',
    recovered:
      'The balance of the DEXCHANGE account {{1}} is back above the alert level: {{2}}, read on {{3}}. The alert is closed.',
    forecast:
      'Forecast: the balance of the DEXCHANGE account {{1}} is {{2}}. At the current pace it may fall below {{3}} within about {{4}}. Topping up now avoids the alert.',
    unusual_outflow:
      'Unusual outflow on the DEXCHANGE account {{1}}, where {{2}} went out in {{3}}; the balance is now {{4}}. Check that these payouts are expected.',
    failing:
      'The monitor has not been able to read the balance of the DEXCHANGE account {{1}} since {{2}}, after {{3}} failed checks in a row. Payouts are not watched while this lasts.',
    failing_reminder:
      'Reminder: the monitor has still not been able to read the balance of the DEXCHANGE account {{1}} since {{2}}, after {{3}} failed checks in a row.',
    failing_resolved:
      'The monitor can read the balance of the DEXCHANGE account {{1}} again. Balance: {{2}}, read on {{3}}.',
    stale:
      'The balance shown for the DEXCHANGE account {{1}} is {{2}}, and DEXCHANGE has not updated it since {{3}}. Ask DEXCHANGE whether the figures are current.',
    stale_resolved:
      'DEXCHANGE is updating the balance of the account {{1}} again. Balance: {{2}}, read on {{3}}.',
    acknowledged:
      'On the DEXCHANGE account {{1}}, the alert is being handled: {{2}} has been on it since {{3}}. The reminders stop.',
    digest:
      'Daily summary of the DEXCHANGE account {{1}}. Balance: {{2}}; checks in 24 hours: {{3}}, of which {{4}} failed.',
    held: 'The monitor held back {{1}} on the DEXCHANGE account {{2}}; still true on {{3}}. Balance: {{4}}.',
    test: 'Test from the DEXCHANGE balance monitor for the account {{1}}, sent on {{2}}: WhatsApp alerts reach this number.',
  },
  footer: 'DEXCHANGE balance monitor',
  acknowledgeButton: "I'm on it",
  overdrawn: (amount) => `overdrawn by ${amount}`,
  // Mid-sentence ("the alert is being handled: someone has been on it"): no capital.
  someone: 'someone',
  noReading: 'no successful reading in 24 hours',
  noBalance: 'no successful reading',
  duration: durationInWords,
  alertNames: {
    low: 'low balance',
    critical: 'critical balance',
    reminder: 'reminder of a low balance',
    recovered: 'alert closed',
    forecast: 'forecast',
    unusual_outflow: 'unusual outflow',
    failing: 'balance unreadable',
    failing_reminder: 'reminder: balance unreadable',
    failing_resolved: 'balance readable again',
    stale: 'balance not updated',
    stale_resolved: 'balance updated again',
    acknowledged: 'someone is on it',
    digest: 'daily summary',
    held: 'alerts held back',
    test: 'test',
  },
  heldAlerts: (count, names) =>
    `${count} ${count === 1 ? 'alert' : 'alerts'} (${names.join(', ')})`,
} satisfies WhatsAppCatalog;
