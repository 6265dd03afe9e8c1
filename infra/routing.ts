import { MIN_LEVELS, routeKeysTaken, type Route } from '../lambda/contract/routing';
import { ALSO_ROUTABLE } from '../lambda/contract/severities';

export { EVERYTHING, routeSchema, type Route } from '../lambda/contract/routing';

/**
 * A route (lambda/contract/routing.ts) as an SNS filter policy (scope MessageAttributes), so
 * that SNS routes e-mail and SMS by the same rule the function applies to its own channels:
 * one key, `route` (a String.Array attribute SNS matches when any element does), and the list
 * of what the route takes. One key and at most seven values: far inside SNS's limits.
 */
export function filterPolicyOf(route: Route): { route: string[] } {
  const keys = routeKeysTaken(route);
  if (keys.length === 0) throw new Error('a route that lets nothing through has no filter policy');
  return { route: keys };
}

/** Whether a route lets nothing through (minLevel NONE and no also). */
export const letsNothingThrough = (route: Route): boolean =>
  route.minLevel === 'NONE' && route.also.length === 0;

/** The least route that lets through all that each of these lets through. */
export function unionOf(routes: readonly Route[]): Route {
  return {
    minLevel: MIN_LEVELS.find((level) => routes.some((r) => r.minLevel === level)) ?? 'NONE',
    also: ALSO_ROUTABLE.filter((kind) => routes.some((r) => r.also.includes(kind))),
  };
}
