import { App, Stack, Token } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  callbackEnvironmentBytes,
  callbackReceiverEnvironment,
  LONGEST_FUNCTION_NAME,
  type CallbackEnvironmentSettings,
} from '../../infra/callback-environment';
import { DeployConfigError } from '../../infra/config';
import { ENVIRONMENT_MAX_BYTES } from '../../infra/function-environment';
import { callbackEnvironmentSchema } from '../../lambda/contract/callback-environment';

/**
 * The receiver's environment is checked at synth with the receiver's own schema, as the checks'
 * is (infra/function-environment.ts): what it would refuse at every request fails the synth
 * instead, naming the variable. And its size is measured with every token at its longest, which
 * is the real limit on accounts with callbacks.
 */

const stack = new Stack(new App(), 'Receiver');
const settings = (
  accounts: number,
  name: (i: number) => string,
  more: Partial<CallbackEnvironmentSettings> = {},
): CallbackEnvironmentSettings => ({
  tableName: Token.asString({ Ref: 'Table' }),
  keySecretArn: Token.asString({ Ref: 'Key' }),
  windowSeconds: 20,
  accounts: Array.from({ length: accounts }, (_, i) => ({
    account: name(i),
    functionName: Token.asString({ Ref: `Check${i}` }),
  })),
  ...more,
});
/** The most accounts that fit, names made by `name`. */
const fits = (name: (i: number) => string, more: Partial<CallbackEnvironmentSettings> = {}) => {
  let n = 1;
  while (callbackEnvironmentBytes(settings(n + 1, name, more)) <= ENVIRONMENT_MAX_BYTES) n += 1;
  return n;
};

describe("the callback receiver's environment at synth", () => {
  it("names each account's check function (a token until deploy), and the window", () => {
    const env = stack.resolve(
      callbackReceiverEnvironment(settings(2, (i) => `Boutique Thiès ${i}`)),
    ) as Record<string, unknown>;
    expect(JSON.stringify(env.CALLBACK_ACCOUNTS)).toContain('{"Ref":"Check1"}');
    expect(env.CALLBACK_WINDOW_SECONDS).toBe('20');
  });

  it('refuses what the receiver would refuse, naming the variable and its rule', () => {
    const refuse = (more: Partial<CallbackEnvironmentSettings>, pattern: RegExp) => {
      let thrown: unknown;
      try {
        callbackReceiverEnvironment(settings(1, () => 'main', more));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DeployConfigError);
      expect((thrown as DeployConfigError).problems.join('\n')).toMatch(pattern);
    };
    refuse(
      { windowSeconds: 5 },
      /^callbacks: the callback receiver would refuse the environment the stack gives it: CALLBACK_WINDOW_SECONDS/,
    );
    refuse({ signatureHeader: 'x signature' }, /CALLBACK_SIGNATURE_HEADER must be a header name/);
    refuse({ accounts: [{ account: 'a#b', functionName: 'check' }] }, /CALLBACK_ACCOUNTS/);
  });

  it('holds 26 accounts of 32 letters, 31 of 12, 21 of 32 mostly accented ones (2 bytes each)', () => {
    expect(LONGEST_FUNCTION_NAME).toHaveLength(64);
    expect(fits((i) => `${i}`.padEnd(32, 'x'))).toBe(26);
    expect(fits((i) => `shop-dakar-${i}`.slice(0, 12).padEnd(12, 'x'))).toBe(31);
    expect(fits((i) => `${i}`.padEnd(32, 'é'))).toBe(21);
    // One past the limit fails the synth with what to change.
    expect(() => callbackReceiverEnvironment(settings(27, (i) => `${i}`.padEnd(32, 'x')))).toThrow(
      /callbacks: the callback receiver's environment would be about \d+ bytes, over Lambda's 4096: .*split the accounts over two stacks/,
    );
    // What the schema takes of a list at the limit.
    const literal = JSON.stringify(
      Array.from({ length: 26 }, (_, i) => ({
        account: `${i}`.padEnd(32, 'x'),
        function: LONGEST_FUNCTION_NAME,
      })),
    );
    expect(
      callbackEnvironmentSchema.safeParse({
        STATE_TABLE_NAME: 't',
        CALLBACK_KEY_SECRET_ID: 'k',
        CALLBACK_ACCOUNTS: literal,
      }).success,
    ).toBe(true);
  });
});
