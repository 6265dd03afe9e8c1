import { routeKeysTaken, type Route } from '../lambda/contract/routing';

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
