import { threeAccounts } from './shared-configs';

/**
 * The three accounts' deploy config (shared-configs.ts) with Boutique Dakar's recipients set to
 * `recipients`: how the buttons' and the link key's tests give one account a chat or a number.
 */
export function withDakarRecipients(recipients: Record<string, unknown>) {
  return {
    ...threeAccounts,
    accounts: threeAccounts.accounts.map((a) =>
      a.name === 'Boutique Dakar' ? { ...a, recipients } : a,
    ),
  };
}
