import { describe, expect, it } from 'vitest';
import { synthesizedOnce } from '../support/shared-synth';
import { filterTakes } from '../../tools/verify/recipients';
import { subscriptionsInTemplate } from '../../tools/verify/stack';

/**
 * `npm run verify` knows who should be subscribed from the deployed template: here the real
 * synthesized one (per-recipient routing, an account with its own people and SMS held apart),
 * read as verify reads it. Every declared address is found with its topic, and every filter
 * policy the stack writes is one verify can judge for a TEST alert.
 */

const routed = await synthesizedOnce('recipient-routing');

describe("the subscriptions verify reads from the stack's template", () => {
  const template = routed.template.toJSON() as { Resources: Record<string, { Type: string }> };
  // What ListStackResources would give: each topic's logical id to its ARN.
  const physical = new Map(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::SNS::Topic')
      .map(([id]) => [id, `arn:aws:sns:eu-west-1:123456789012:${id}`]),
  );
  const declared = subscriptionsInTemplate(template, physical);

  it('finds every e-mail and SMS of the config, each on a topic of the stack', () => {
    const topics = new Set(declared.map((d) => d.topicArn));
    // The operators hear the alarms and, on every alert topic, FAILING and STALE.
    expect(
      declared
        .filter((d) => d.endpoint === 'ops@example.sn')
        .map((d) => d.topicArn)
        .sort(),
    ).toEqual([...topics].sort());
    expect(
      declared
        .filter((d) => d.endpoint !== 'ops@example.sn')
        .map((d) => d.endpoint)
        .sort(),
    ).toEqual(
      [
        'finance@example.sn',
        'ceo@example.sn',
        '+221771234567',
        '+221770000000',
        'caisse@thies.sn',
        'gerant@thies.sn',
        '+221770000001',
        '+221770000002',
        'caisse@louga.sn',
        '+221770000003',
      ].sort(),
    );
    for (const d of declared) expect([...physical.values()]).toContain(d.topicArn);
    expect(declared.find((d) => d.endpoint === 'ops@example.sn')?.protocol).toBe('email');
    expect(declared.find((d) => d.endpoint === '+221770000002')?.protocol).toBe('sms');
  });

  it("judges each of the stack's filter policies for a TEST alert, with and without the SMS audience", () => {
    const withPolicy = declared.filter((d) => d.filterPolicy !== undefined);
    expect(withPolicy.length).toBeGreaterThan(0);
    for (const d of withPolicy) {
      expect(filterTakes(d.filterPolicy, { route: ['TEST'], severity: ['TEST'] })).not.toBe(
        'unknown',
      );
      expect(
        filterTakes(d.filterPolicy, { route: ['TEST'], severity: ['TEST'], audience: ['sms'] }),
      ).not.toBe('unknown');
    }
  });
});
