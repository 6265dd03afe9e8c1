import type { IssueSink } from './recipient-checks';
import type { DeployConfig } from './schema';

/**
 * The "I'm on it" page is a public Function URL (its link is in every alert and every
 * forwarded mail) and nothing rate-limits a Function URL but the function's reserved
 * concurrency. With `reservedConcurrency: 0` (an AWS account that cannot spare reservations)
 * the page could reserve none either, and anyone holding a link could take the unreserved pool
 * the checks and the watchdog run on. So that pair is refused, naming both ways out.
 */
export function acknowledgePageHasItsOwnCap(config: DeployConfig, ctx: IssueSink): void {
  if (!config.acknowledgeLinks || config.reservedConcurrency > 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['acknowledgeLinks'],
    message:
      'is true (the default) with reservedConcurrency 0: the public "I\'m on it" page would have no concurrency of its own, and anyone holding a link could use up the AWS account\'s unreserved concurrency the checks and the watchdog run on; set acknowledgeLinks to false, or reservedConcurrency to 1',
  });
}

/**
 * The most accounts the callback receiver serves: its environment names each account's check
 * function (up to 200 bytes with its name: 16 make 3.2 KB), and Lambda caps it at 4 KB.
 */
export const CALLBACK_MAX_ACCOUNTS = 16;

/** The callback receiver is a public Function URL too: the same reason, the same refusal. */
export function callbackReceiverHasItsOwnCap(config: DeployConfig, ctx: IssueSink): void {
  if (config.callbacks !== undefined && config.accounts.length > CALLBACK_MAX_ACCOUNTS)
    ctx.addIssue({
      code: 'custom',
      path: ['callbacks'],
      message: `serves at most ${CALLBACK_MAX_ACCOUNTS} accounts (its environment names each account's check function, and Lambda caps it at 4 KB), and this stack has ${config.accounts.length}; split the accounts over two stacks, or drop callbacks`,
    });
  if (config.callbacks === undefined || config.reservedConcurrency > 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['callbacks'],
    message:
      "is set with reservedConcurrency 0: the public callback receiver would have no concurrency of its own, and a flood of callbacks could use up the AWS account's unreserved concurrency the checks and the watchdog run on; drop callbacks, or set reservedConcurrency to 1",
  });
}
