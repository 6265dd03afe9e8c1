import type { IssueSink } from './recipient-checks';
import type { DeployConfig } from './schema';

/**
 * An account's `recipients` block replaces the stack's lists, all of them. When every account
 * has one, the stack's own lists reach no account: a list written there would look configured
 * and hear nothing (give one account only a Telegram chat, and the finance address of the
 * stack's alertEmails is never subscribed anywhere). Refused, naming the list. alertEmails
 * still serves without operatorEmails: its addresses are then the operators.
 */
const STACK_LISTS = [
  'alertEmails',
  'smsNumbers',
  'chat',
  'telegram',
  'webhooks',
  'whatsapp',
] as const;

export function stackListsReachAnAccount(config: DeployConfig, ctx: IssueSink): void {
  if (config.accounts.some((account) => account.recipients === undefined)) return;
  for (const field of STACK_LISTS) {
    if (config[field].length === 0) continue;
    if (field === 'alertEmails' && config.operatorEmails === undefined) continue;
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message: `reaches no account: every account has its own recipients (accounts[].recipients), which replaces all of the stack's lists; list these in the recipients of the accounts that should hear them, or remove ${field} here`,
    });
  }
}
