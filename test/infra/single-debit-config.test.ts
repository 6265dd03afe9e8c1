import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { oneAccount } from '../support/shared-configs';
import { synthesize } from '../support/synth';

/**
 * `accounts[].outflowSingleDebitAmount` (UNUSUAL_OUTFLOW for one large debit a callback names,
 * alerting/single-debit.ts) reaches that account's check function; off where unset (the
 * function's default, 0); anything but an amount refused with the field named. One synth.
 */

type Fn = { Properties: { Environment?: { Variables?: Record<string, unknown> } } };

describe('the single-debit amount in the deploy config', () => {
  it("reaches the account's function as OUTFLOW_SINGLE_DEBIT_AMOUNT", () => {
    const { template } = synthesize({
      ...oneAccount,
      accounts: [
        { name: 'Boutique Dakar', lowBalanceThreshold: 100000, outflowSingleDebitAmount: 300000 },
      ],
    });
    const check = Object.values(
      template.findResources('AWS::Lambda::Function') as Record<string, Fn>,
    )
      .map((fn) => fn.Properties.Environment?.Variables ?? {})
      .find((v) => v.ACCOUNT_NAME === 'Boutique Dakar');
    expect(check?.OUTFLOW_SINGLE_DEBIT_AMOUNT).toBe('300000');
  });

  it('is absent by default, and refused when it is not an amount, naming the field', () => {
    const parsed = parseDeployConfig(oneAccount);
    expect(parsed.accounts[0]).not.toHaveProperty('outflowSingleDebitAmount');
    expect(() =>
      parseDeployConfig({
        ...oneAccount,
        accounts: [
          { name: 'Boutique Dakar', lowBalanceThreshold: 100000, outflowSingleDebitAmount: -5 },
        ],
      }),
    ).toThrow(/outflowSingleDebitAmount/);
  });
});
