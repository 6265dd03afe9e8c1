import { describe, expect, it } from 'vitest';
import { filterPolicyOf } from '../../infra/routing';
import { routeAccepts, type Route, type RoutedAttributes } from '../../lambda/contract/routing';
import { MIN_LEVELS, routeKeysOf } from '../../lambda/contract/routing';
import { ALSO_ROUTABLE } from '../../lambda/contract/severities';

/**
 * One rule, two enforcers: for every route, the SNS filter policy the stack writes lets through
 * exactly the alerts the function's own channels take (routeAccepts). The filter policy is
 * evaluated here by SNS's documented rule for exact string matching (every key of a clause
 * present with one of its values; `$or` of two clauses or more).
 */

type Policy = Record<string, string[]> | { $or: Record<string, string[]>[] };

function snsMatches(
  policy: Policy,
  attributes: Record<string, string | readonly string[]>,
): boolean {
  const clauses = '$or' in policy ? (policy.$or as Record<string, string[]>[]) : [policy];
  return clauses.some((clause) =>
    Object.entries(clause).every(([key, values]) => {
      const value = attributes[key];
      if (value === undefined) return false;
      // A String.Array attribute matches when any of its elements does.
      return typeof value === 'string'
        ? values.includes(value)
        : value.some((v) => values.includes(v));
    }),
  );
}

const alerts: RoutedAttributes[] = [
  { severity: 'LOW', level: 'LOW' },
  { severity: 'CRITICAL', level: 'CRITICAL' },
  { severity: 'REMINDER', remindsOf: 'LOW', level: 'LOW' },
  { severity: 'REMINDER', remindsOf: 'CRITICAL', level: 'CRITICAL' },
  { severity: 'REMINDER', remindsOf: 'FAILING' },
  { severity: 'RECOVERED', level: 'LOW' },
  { severity: 'RECOVERED', level: 'CRITICAL' },
  { severity: 'FORECAST' },
  { severity: 'FAILING' },
  { severity: 'FAILING_RESOLVED' },
  { severity: 'STALE' },
  { severity: 'STALE_RESOLVED' },
  { severity: 'TEST' },
  { severity: 'DIGEST' },
  { severity: 'ACKNOWLEDGED', about: 'LOW', level: 'LOW' },
  { severity: 'ACKNOWLEDGED', about: 'CRITICAL', level: 'CRITICAL' },
  { severity: 'ACKNOWLEDGED', about: 'FAILING' },
  { severity: 'HELD', held: ['LOW'], level: 'LOW' },
  { severity: 'HELD', held: ['CRITICAL', 'FAILING'], level: 'CRITICAL' },
  { severity: 'HELD', held: ['FAILING'] },
  { severity: 'HELD', held: ['STALE', 'FORECAST'] },
  { severity: 'HELD', held: ['TEST'] },
];

const subsets = <T>(items: readonly T[]): T[][] =>
  items.reduce<T[][]>((all, item) => [...all, ...all.map((s) => [...s, item])], [[]]);

const routes: Route[] = MIN_LEVELS.flatMap((minLevel) =>
  subsets(ALSO_ROUTABLE).map((also) => ({ minLevel, also })),
).filter((r) => !(r.minLevel === 'NONE' && r.also.length === 0));

describe('routes', () => {
  it.each(routes.map((route) => [JSON.stringify(route), route] as const))(
    '%s: the SNS filter policy and the function agree on every alert',
    (_name, route) => {
      const policy = filterPolicyOf(route);
      for (const alert of alerts) {
        // As the function publishes it: with the `route` attribute the filter reads.
        const attributes: Record<string, string | readonly string[]> = {
          ...alert,
          route: routeKeysOf(alert),
        };
        expect(snsMatches(policy, attributes), JSON.stringify(alert)).toBe(
          routeAccepts(route, alert),
        );
      }
      // One key, a short list: far inside SNS's limits (5 keys, 150 combinations).
      expect(Object.keys(policy)).toEqual(['route']);
    },
  );

  it('a route that lets nothing through has no policy (the deploy config refuses it first)', () => {
    expect(() => filterPolicyOf({ minLevel: 'NONE', also: [] })).toThrow(/nothing/);
  });

  it('what each kind of alert is about, for routing', () => {
    expect(
      alerts.map(
        (a) =>
          `${a.severity}${a.remindsOf === undefined ? '' : `:${a.remindsOf}`}${a.held === undefined ? '' : `(${a.held.join(',')})`}=${routeKeysOf(a).join('+')}`,
      ),
    ).toEqual([
      'LOW=LOW',
      'CRITICAL=CRITICAL',
      'REMINDER:LOW=LOW',
      'REMINDER:CRITICAL=CRITICAL',
      'REMINDER:FAILING=FAILING',
      'RECOVERED=LOW',
      'RECOVERED=CRITICAL',
      'FORECAST=FORECAST',
      'FAILING=FAILING',
      'FAILING_RESOLVED=FAILING',
      'STALE=STALE',
      'STALE_RESOLVED=STALE',
      'TEST=TEST',
      'DIGEST=DIGEST',
      'ACKNOWLEDGED=LOW',
      'ACKNOWLEDGED=CRITICAL',
      'ACKNOWLEDGED=FAILING',
      'HELD(LOW)=LOW',
      'HELD(CRITICAL,FAILING)=CRITICAL+FAILING',
      'HELD(FAILING)=FAILING',
      'HELD(STALE,FORECAST)=STALE+FORECAST',
      'HELD(TEST)=TEST',
    ]);
  });

  it('CRITICAL and above: told of the episode at CRITICAL, told when it ends; never of LOW alone', () => {
    const route: Route = { minLevel: 'CRITICAL', also: [] };
    expect(routeAccepts(route, { severity: 'CRITICAL', level: 'CRITICAL' })).toBe(true);
    expect(routeAccepts(route, { severity: 'RECOVERED', level: 'CRITICAL' })).toBe(true);
    expect(routeAccepts(route, { severity: 'RECOVERED', level: 'LOW' })).toBe(false);
    expect(routeAccepts(route, { severity: 'LOW', level: 'LOW' })).toBe(false);
  });
});
