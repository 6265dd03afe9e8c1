import { scheduleExpressionProblem } from '../schedule-expression';
import { acknowledgePageHasItsOwnCap, callbackReceiverHasItsOwnCap } from './acknowledge-check';
import { accountSlug, plannedChecks, scheduleOf, schedulePathOf } from './accessors';
import {
  alarmsReachSomeone,
  checkRecipients,
  operatorEmailsListedOnce,
  type IssueSink,
} from './recipient-checks';
import type { AccountConfig, DeployConfig } from './schema';
import { stackListsReachAnAccount } from './stack-lists-check';
import { telegramButtonsHaveWhatTheyNeed } from './telegram-buttons-check';

/** The most often an account is checked: HISTORY_MAX_POINTS holds 48 hours of it. */
export const MIN_CHECK_INTERVAL_MINUTES = 5;

/**
 * The checks that read more than one field, run once every field is valid on its own. The
 * order is the order of the problems in the error.
 */
export function crossChecks(config: DeployConfig, ctx: IssueSink): void {
  alarmsReachSomeone(config, ctx);
  config.accounts.forEach((account, index) => {
    scheduleFits(config, account, index, ctx);
  });
  checkRecipients(config, ctx);
  operatorEmailsListedOnce(config, ctx);
  stackListsReachAnAccount(config, ctx);
  accountNamesDiffer(config, ctx);
  acknowledgePageHasItsOwnCap(config, ctx);
  callbackReceiverHasItsOwnCap(config, ctx);
  telegramButtonsHaveWhatTheyNeed(config, ctx);
}

/**
 * An account's schedule checks at most every MIN_CHECK_INTERVAL_MINUTES, keeps checking, and
 * leaves room for a dead-man switch that outlasts its gaps.
 */
function scheduleFits(
  config: DeployConfig,
  account: AccountConfig,
  index: number,
  ctx: IssueSink,
): void {
  const expression = scheduleOf(config, account);
  const where = schedulePathOf(config, account, index);
  // An expression the field refused has its own issue already.
  if (scheduleExpressionProblem(expression) !== undefined) return;
  const { gaps, window } = plannedChecks(expression, config);
  if (gaps === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: where,
      message: `${expression} plans fewer than two checks in the next four years; the monitor needs a recurring schedule`,
    });
    return;
  }
  if (gaps.shortestMinutes < MIN_CHECK_INTERVAL_MINUTES) {
    ctx.addIssue({
      code: 'custom',
      path: where,
      message: `${expression} checks every ${gaps.shortestMinutes} minute${gaps.shortestMinutes === 1 ? '' : 's'}; check at most every ${MIN_CHECK_INTERVAL_MINUTES} minutes (the state keeps 48 hours of 5-minute readings for the forecast and the digest, and each check costs)`,
    });
    return;
  }
  if (window !== undefined && 'problem' in window)
    ctx.addIssue({
      code: 'custom',
      path: config.deadManSwitchMinutes !== undefined ? ['deadManSwitchMinutes'] : where,
      message: window.problem,
    });
}

/** Names become resource names once slugged: two that slug alike would collide. */
function accountNamesDiffer(config: DeployConfig, ctx: IssueSink): void {
  const seen = new Map<string, number>();
  config.accounts.forEach((account, index) => {
    const slug = accountSlug(account.name);
    const first = seen.get(slug);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['accounts', index, 'name'],
        message: `"${account.name}" duplicates accounts.${first}.name "${config.accounts[first]?.name ?? ''}": both become "${slug}" in resource names (names must differ once lower-cased and without accents, with spaces and dots as dashes)`,
      });
    } else {
      seen.set(slug, index);
    }
  });
}
