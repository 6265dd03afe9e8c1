import { LEVELS } from '../lambda/contract/severities';
import type { Route } from '../lambda/contract/routing';

export { EVERYTHING, routeSchema, type Route } from '../lambda/contract/routing';

/**
 * A route (lambda/contract/routing.ts) as an SNS filter policy (scope MessageAttributes), so
 * that SNS routes e-mail and SMS by the same rule the function applies to its own channels.
 */
export function filterPolicyOf(
  route: Route,
): Record<string, string[]> | { $or: Record<string, string[]>[] } {
  const clauses: Record<string, string[]>[] = [];
  if (route.minLevel !== 'NONE') {
    const from = LEVELS.indexOf(route.minLevel);
    clauses.push({ level: LEVELS.slice(from) });
  }
  // Held summaries carry the severities they hold as a String.Array attribute (`held`), which
  // SNS matches if any element matches.
  const held: string[] = [];
  if (route.also.includes('FAILING')) {
    clauses.push({ severity: ['FAILING', 'FAILING_RESOLVED'] });
    clauses.push({ severity: ['REMINDER'], remindsOf: ['FAILING'] });
    clauses.push({ severity: ['ACKNOWLEDGED'], about: ['FAILING'] });
    held.push('FAILING', 'FAILING_RESOLVED');
  }
  if (route.also.includes('STALE')) {
    clauses.push({ severity: ['STALE', 'STALE_RESOLVED'] });
    held.push('STALE', 'STALE_RESOLVED');
  }
  const alone = route.also.filter((s) => s === 'FORECAST' || s === 'DIGEST' || s === 'TEST');
  if (alone.length > 0) clauses.push({ severity: alone });
  held.push(...alone);
  if (route.minLevel !== 'NONE') held.push(...LEVELS.slice(LEVELS.indexOf(route.minLevel)));
  if (held.length > 0) clauses.push({ severity: ['HELD'], held });
  // SNS reads `$or` as OR only with two clauses or more (its filter policy documentation); a
  // single clause is the policy itself, and none is a route the deploy config refuses.
  const [first] = clauses;
  if (first === undefined)
    throw new Error('a route that lets nothing through has no filter policy');
  return clauses.length === 1 ? first : { $or: clauses };
}
