import type { IssueSink } from './recipient-checks';
import type { DeployConfig } from './schema';

/**
 * Telegram's "I'm on it" button is signed with the acknowledge links' key and records what the
 * page records, and it needs a Telegram chat to be pressed in: without either, `telegramButtons`
 * would build a webhook nobody can use, so it is refused, naming the way out.
 */
export function telegramButtonsHaveWhatTheyNeed(config: DeployConfig, ctx: IssueSink): void {
  if (!config.telegramButtons) return;
  if (!config.acknowledgeLinks)
    ctx.addIssue({
      code: 'custom',
      path: ['telegramButtons'],
      message:
        'is true with acknowledgeLinks false: the buttons are signed with the "I\'m on it" links\' key and record what the page records; set acknowledgeLinks to true, or telegramButtons to false',
    });
  const anyChat = config.accounts.some(
    (account) => (account.recipients ?? config).telegram.length > 0,
  );
  if (!anyChat)
    ctx.addIssue({
      code: 'custom',
      path: ['telegramButtons'],
      message:
        "is true but no account has a Telegram chat (telegram, or an account's recipients.telegram); add one, or set telegramButtons to false",
    });
}
