import { callbackEnvironmentProblem, LONGEST_FUNCTION_NAME } from '../callback-environment';
import { LONGEST_ARN } from '../function-environment';
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
 * The callback receiver's environment names each account, its check function and its signing
 * secret, and Lambda caps an environment at 4 KB: measured here on the config's own names (the
 * functions' at their longest, 64 characters), so a config over it is refused before synth,
 * naming what to change. About 26 accounts with 32-letter names, 31 with 12-letter ones.
 */
export function callbackReceiverHasItsOwnCap(config: DeployConfig, ctx: IssueSink): void {
  const problem =
    config.callbacks === undefined
      ? undefined
      : callbackEnvironmentProblem({
          tableName: LONGEST_ARN,
          keySecretArn: LONGEST_ARN,
          windowSeconds: config.callbacks.windowSeconds,
          ...(config.callbacks.signatureHeader === undefined
            ? {}
            : { signatureHeader: config.callbacks.signatureHeader }),
          accounts: config.accounts.map((a) => ({
            account: a.name,
            functionName: LONGEST_FUNCTION_NAME,
            ...(a.callbackSigningSecret === undefined
              ? {}
              : { signingSecretName: a.callbackSigningSecret }),
          })),
        });
  if (problem !== undefined)
    ctx.addIssue({ code: 'custom', path: ['callbacks'], message: `is set, but ${problem}` });
  if (config.callbacks === undefined || config.reservedConcurrency > 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['callbacks'],
    message:
      "is set with reservedConcurrency 0: the public callback receiver would have no concurrency of its own, and a flood of callbacks could use up the AWS account's unreserved concurrency the checks and the watchdog run on; drop callbacks, or set reservedConcurrency to 1",
  });
}
