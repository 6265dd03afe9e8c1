import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { ACK_PAGE_CONCURRENCY } from '../../infra/acknowledge-page';
import { oneAccount } from '../support/shared-configs';
import { synthesizedOnce } from '../support/shared-synth';
import { synthesize } from '../support/synth';

/**
 * The public "I'm on it" page (a Function URL) is rate-limited by nothing but its own reserved
 * concurrency: with `reservedConcurrency: 0` it would share the AWS account's unreserved pool
 * with the checks and the watchdog, so the deploy config refuses that pair.
 */

type Fn = { Properties: { ReservedConcurrentExecutions?: number; Environment?: unknown } };
const functions = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Fn>);
const page = (template: Template) =>
  Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Fn>).find(
    ([id]) => id.startsWith('AcknowledgePage'),
  )?.[1];

describe("the acknowledge page's concurrency", () => {
  it('refuses reservedConcurrency 0 while the links are on (the default), naming both fields', () => {
    expect(() => parseDeployConfig({ ...oneAccount, reservedConcurrency: 0 })).toThrow(
      /^Invalid deploy config:\n {2}balanceMonitor\.acknowledgeLinks: is true \(the default\) with reservedConcurrency 0: .*unreserved concurrency the checks and the watchdog run on; set acknowledgeLinks to false, or reservedConcurrency to 1$/,
    );
    expect(() =>
      parseDeployConfig({ ...oneAccount, reservedConcurrency: 0, acknowledgeLinks: true }),
    ).toThrow(/balanceMonitor\.acknowledgeLinks: is true/);
  });

  it('by default the page has a cap of its own, apart from the checks, the watchdog and the subscription health', async () => {
    const { template } = await synthesizedOnce('stack-one-account');
    expect(page(template)?.Properties.ReservedConcurrentExecutions).toBe(ACK_PAGE_CONCURRENCY);
    template.resourceCountIs('AWS::Lambda::Url', 1);
    // The check, the watchdog and the subscription health keep their own 1 each: a flood of the
    // page cannot reach them.
    expect(
      functions(template)
        .filter((fn) => fn !== page(template))
        .map((fn) => fn.Properties.ReservedConcurrentExecutions),
    ).toEqual([1, 1, 1]);
  });

  it('with reservedConcurrency 0 and the links off, no public URL exists and nothing is reserved', () => {
    const { template } = synthesize({
      ...oneAccount,
      reservedConcurrency: 0,
      acknowledgeLinks: false,
    });
    template.resourceCountIs('AWS::Lambda::Url', 0);
    expect(page(template)).toBeUndefined();
    expect(functions(template).map((fn) => fn.Properties.ReservedConcurrentExecutions)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
