import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ackTopUpEnvironment } from '../../infra/acknowledge-page';
import { DeployConfigError } from '../../infra/config';
import { parseDeployConfig } from '../../infra/config';
import { ackEnvironmentSchema } from '../../lambda/ack/handler';
import { formatIssues } from '../../lambda/contract/env-rules';
import { oneAccount } from '../support/shared-configs';
import { synthesizedOnce } from '../support/shared-synth';
import { synthesize } from '../support/synth';

/**
 * How to top up, on the "I'm on it" page: the stack's `topUp` for every account without its
 * own, each account's own otherwise, in the alerts and on the page alike; https links only,
 * refused with the field named; an environment too big for Lambda refused at synth.
 */

type Fn = { Properties: { Environment?: { Variables?: Record<string, unknown> } } };
const variables = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Fn>).map(
    (fn) => fn.Properties.Environment?.Variables ?? {},
  );
/** The page's variables: its function's id is the construct's (infra/acknowledge-page.ts). */
const pageVariables = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Fn>).find(
    ([id]) => id.startsWith('AcknowledgePage'),
  )?.[1].Properties.Environment?.Variables;

const stackHelp = { url: 'https://pay.example.sn/recharge', instructions: 'Wave ou Orange Money' };
const ownHelp = { url: 'https://pay.example.sn/thies' };

describe('top-up help on the acknowledge page', () => {
  it("reaches the page (the stack's, and an account's own) and each account's alerts", () => {
    const { template } = synthesize({
      ...oneAccount,
      accounts: [
        { name: 'Boutique Dakar', lowBalanceThreshold: 100000 },
        { name: 'Boutique Thiès', lowBalanceThreshold: 50000, topUp: ownHelp },
      ],
      topUp: stackHelp,
    });
    const all = variables(template);
    const page = pageVariables(template);
    expect(JSON.parse(String(page?.ACK_TOP_UP))).toEqual({
      stack: stackHelp,
      accounts: { 'Boutique Thiès': ownHelp },
    });
    const check = (name: string) => all.find((v) => v.ACCOUNT_NAME === name);
    expect(check('Boutique Dakar')?.TOP_UP_URL).toBe(stackHelp.url);
    expect(check('Boutique Dakar')?.TOP_UP_INSTRUCTIONS).toBe(stackHelp.instructions);
    expect(check('Boutique Thiès')?.TOP_UP_URL).toBe(ownHelp.url);
    expect(check('Boutique Thiès')?.TOP_UP_INSTRUCTIONS).toBeUndefined();
    // And the page reads it back with its own schema.
    const env = ackEnvironmentSchema.parse({
      STATE_TABLE_NAME: 't',
      ACK_TOP_UP: page?.ACK_TOP_UP,
    });
    expect(env.ACK_TOP_UP?.accounts['Boutique Thiès']).toEqual(ownHelp);
  });

  it('without any top-up help, the page has no variable for it', async () => {
    const { template } = await synthesizedOnce('stack-one-account');
    const page = pageVariables(template);
    expect(page).toBeDefined();
    expect(page).not.toHaveProperty('ACK_TOP_UP');
  });

  it("refuses the stack's link unless https, naming the field", () => {
    expect(() =>
      parseDeployConfig({ ...oneAccount, topUp: { url: 'http://pay.example.sn' } }),
    ).toThrow('balanceMonitor.topUp.url: must be an https URL');
  });

  it('refuses top-up help too big for the page environment, naming topUp', () => {
    const accounts = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`Boutique ${i}`, { instructions: 'x'.repeat(200) }]),
    );
    // A DeployConfigError: the CDK app prints it as plain lines, with no stack trace.
    expect(() => ackTopUpEnvironment({ accounts })).toThrow(DeployConfigError);
    expect(() => ackTopUpEnvironment({ accounts })).toThrow(
      /\n {2}topUp: the top-up help of the stack and of the accounts comes to \d+ characters, more than the 3500/,
    );
  });

  it('the page refuses an environment whose link is not https, naming the variable and the field', () => {
    const parsed = ackEnvironmentSchema.safeParse({
      STATE_TABLE_NAME: 't',
      ACK_TOP_UP: JSON.stringify({ stack: { url: 'http://pay.example.sn' } }),
    });
    expect(parsed.success).toBe(false);
    expect(formatIssues(parsed.error?.issues ?? [])).toBe(
      'ACK_TOP_UP stack.url: must be an https URL',
    );
  });
});
