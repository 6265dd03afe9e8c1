import { Token } from 'aws-cdk-lib';
import { callbackEnvironmentSchema } from '../lambda/contract/callback-environment';
import {
  checkedEnvironment,
  ENVIRONMENT_MAX_BYTES,
  environmentBytes,
  longestEnvironment,
} from './function-environment';

/**
 * The callback receiver's environment, checked at synth with the receiver's own schema
 * (lambda/contract/callback-environment.ts) and measured against Lambda's 4 KB, as
 * function-environment.ts does for the checks. Its size grows with the accounts: each one adds
 * its name, its check function's name and, when signed, its signing secret's name.
 *
 * The check functions are named, not given by ARN: Lambda invokes a function of the same
 * account and region by its name, which is at most 64 characters, where its ARN adds 52 more
 * (arn:aws:lambda:REGION:ACCOUNT:function:). That is 6 more accounts in the 4 KB.
 */

/** Lambda's limit on a function's name: what a CloudFormation-generated name is at its longest. */
export const LONGEST_FUNCTION_NAME = 'f'.repeat(64);

export interface CallbackAccountSettings {
  readonly account: string;
  /** The check function's name (a token until deploy). */
  readonly functionName: string;
  /** The signing secret's name, when the account's callbacks are signed. */
  readonly signingSecretName?: string;
}

export interface CallbackEnvironmentSettings {
  readonly tableName: string;
  readonly keySecretArn: string;
  readonly accounts: readonly CallbackAccountSettings[];
  readonly windowSeconds: number;
  readonly signatureHeader?: string;
}

const accountsJson = (accounts: readonly CallbackAccountSettings[], longest: boolean) =>
  JSON.stringify(
    accounts.map((a) => ({
      account: a.account,
      function:
        longest && Token.isUnresolved(a.functionName) ? LONGEST_FUNCTION_NAME : a.functionName,
      ...(a.signingSecretName === undefined ? {} : { signingSecretId: a.signingSecretName }),
    })),
  );

function build(settings: CallbackEnvironmentSettings): Record<string, string> {
  return {
    STATE_TABLE_NAME: settings.tableName,
    CALLBACK_KEY_SECRET_ID: settings.keySecretArn,
    CALLBACK_ACCOUNTS: accountsJson(settings.accounts, false),
    CALLBACK_WINDOW_SECONDS: String(settings.windowSeconds),
    ...(settings.signatureHeader === undefined
      ? {}
      : { CALLBACK_SIGNATURE_HEADER: settings.signatureHeader }),
  };
}

/** The accounts' list at its longest: each check function's name at 64 characters. */
const longestAccounts = (settings: CallbackEnvironmentSettings) => ({
  CALLBACK_ACCOUNTS: accountsJson(settings.accounts, true),
});

/**
 * The receiver's environment at its longest, in bytes: every other token as the longest ARN,
 * each check function's name at 64 characters, and what MonitorFunction adds.
 */
export function callbackEnvironmentBytes(settings: CallbackEnvironmentSettings): number {
  return environmentBytes(longestEnvironment(build(settings), longestAccounts(settings)));
}

/** Why an environment of `size` bytes is too large for the receiver, naming what to change. */
function tooLarge(settings: CallbackEnvironmentSettings, size: number): string {
  const signed = settings.accounts.filter((a) => a.signingSecretName !== undefined).length;
  return `the callback receiver's environment would be about ${size} bytes, over Lambda's ${ENVIRONMENT_MAX_BYTES}: it names each of the ${settings.accounts.length} accounts, its check function${signed > 0 ? ` and its callbackSigningSecret (${signed} of them)` : ''}; split the accounts over two stacks${signed > 0 ? ', give the signing secrets shorter names' : ''}, shorten the account names, or drop callbacks`;
}

/** Why the receiver's environment cannot be deployed, naming what to change; or undefined. */
export function callbackEnvironmentProblem(
  settings: CallbackEnvironmentSettings,
): string | undefined {
  const size = callbackEnvironmentBytes(settings);
  return size <= ENVIRONMENT_MAX_BYTES ? undefined : tooLarge(settings, size);
}

/**
 * The environment the stack gives the receiver, after checking it: a value the receiver would
 * refuse fails the synth with the variable and its rule; one over 4 KB with what to change.
 */
export function callbackReceiverEnvironment(
  settings: CallbackEnvironmentSettings,
): Record<string, string> {
  return checkedEnvironment(build(settings), {
    schema: callbackEnvironmentSchema,
    field: 'callbacks',
    name: 'the callback receiver',
    longest: longestAccounts(settings),
    tooLarge: (bytes) => tooLarge(settings, bytes),
  });
}
