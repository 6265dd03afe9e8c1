import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutedEndpoint } from '../../infra/config';
import { operatorsHear, withOperators } from '../../infra/operator-reach';
import { letsNothingThrough } from '../../infra/routing';
import { MIN_LEVELS, routeKeysTaken, type Route } from '../../lambda/contract/routing';
import { ALSO_ROUTABLE } from '../../lambda/contract/severities';
import { boundPropertyRuns } from '../support/fast-check';

/**
 * The operators' subscriptions on an alert topic (infra/operator-reach.ts), for any group and
 * any operators: each address subscribed once (SNS and CDK refuse twice), each person hearing
 * at least what their own route and their operator route take, and no more than either.
 */

boundPropertyRuns();

const route: fc.Arbitrary<Route> = fc.record({
  minLevel: fc.constantFrom(...MIN_LEVELS),
  also: fc.subarray([...ALSO_ROUTABLE]),
});
const address = fc.constantFrom('finance@x.sn', 'IT@x.sn', 'it@x.sn', 'ceo@x.sn', 'ops@x.sn');
const endpoints = fc.uniqueArray(
  fc.record({ endpoint: address, routing: route, own: fc.boolean() }),
  { selector: (e) => e.endpoint.toLowerCase(), maxLength: 4 },
);
const keys = (r: Route) => new Set(routeKeysTaken(r));

describe('the operators on an alert topic, for any group and operators', () => {
  it('each address once; each hears what its routes take, and nothing else', () => {
    fc.assert(
      fc.property(endpoints, endpoints, (emails: RoutedEndpoint[], operators: RoutedEndpoint[]) => {
        const subscribers = withOperators(emails, operators);
        const lower = subscribers.map((s) => s.endpoint.toLowerCase());
        expect(new Set(lower).size).toBe(lower.length);
        for (const s of subscribers) {
          const asEmail = emails.find((e) => e.endpoint.toLowerCase() === s.endpoint.toLowerCase());
          const asOperator = operators.find(
            (o) =>
              o.endpoint.toLowerCase() === s.endpoint.toLowerCase() &&
              !letsNothingThrough(o.routing),
          );
          const expected = new Set([
            ...(asEmail === undefined ? [] : routeKeysTaken(asEmail.routing)),
            ...(asOperator === undefined ? [] : routeKeysTaken(asOperator.routing)),
          ]);
          expect(keys(s.routing)).toEqual(expected);
        }
        // Every group address is there; every operator who hears anything is there.
        for (const e of [...emails, ...operators.filter((o) => !letsNothingThrough(o.routing))])
          expect(lower).toContain(e.endpoint.toLowerCase());
      }),
    );
  });

  it('what the texts say the operators hear is what at least one of them hears', () => {
    fc.assert(
      fc.property(endpoints, (operators: RoutedEndpoint[]) => {
        const said = operatorsHear(operators);
        const heard = new Set(operators.flatMap((o) => routeKeysTaken(o.routing)));
        if (heard.size === 0) expect(said).toBeUndefined();
        else expect(keys(said ?? { minLevel: 'NONE', also: [] })).toEqual(heard);
      }),
    );
  });
});
