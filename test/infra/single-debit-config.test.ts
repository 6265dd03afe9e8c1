import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { oneAccount } from '../support/shared-configs';
import { synthesize } from '../support/synth';

/**
 * `outflowSingleDebitAmount` (UNUSUAL_OUTFLOW for one large debit a callback names,
 * alerting/single-debit.ts): the stack's for every account without its own, an account's own
 * otherwise, in that account's function; off where neither is set (the function's default, 0);
 * anything but an amount refused with the field named. One synth.
 */

type Fn = { Properties: { Environment?: { Variables?: Record<string, unknown> } } };

describe('the single-debit amount in the deploy config', () => {
  it("reaches each account's function as OUTFLOW_SINGLE_DEBIT_AMOUNT: its own, else the stack's", () => {
    const { template } = synthesize({
      ...oneAccount,
      outflowSingleDebitAmount: 500000,
      accounts: [
        { name: 'Boutique Dakar', lowBalanceThreshold: 100000, outflowSingleDebitAmount: 300000 },
        { name: 'Boutique Thiès', lowBalanceThreshold: 50000 },
      ],
    });
    const check = (name: string) =>
      Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Fn>)
        .map((fn) => fn.Properties.Environment?.Variables ?? {})
        .find((v) => v.ACCOUNT_NAME === name);
    expect(check('Boutique Dakar')?.OUTFLOW_SINGLE_DEBIT_AMOUNT).toBe('300000');
    expect(check('Boutique Thiès')?.OUTFLOW_SINGLE_DEBIT_AMOUNT).toBe('500000');
  });

  it('is absent by default, and refused when it is not an amount, naming the field', () => {
    const parsed = parseDeployConfig(oneAccount);
    expect(parsed).not.toHaveProperty('outflowSingleDebitAmount');
    expect(parsed.accounts[0]).not.toHaveProperty('outflowSingleDebitAmount');
    const refused = (config: unknown) => () => parseDeployConfig(config);
    expect(
      refused({
        ...oneAccount,
        accounts: [
          { name: 'Boutique Dakar', lowBalanceThreshold: 100000, outflowSingleDebitAmount: -5 },
        ],
      }),
    ).toThrow(/accounts\.0\.outflowSingleDebitAmount/);
    expect(refused({ ...oneAccount, outflowSingleDebitAmount: 'lots' })).toThrow(
      /outflowSingleDebitAmount/,
    );
  });
});
