import { z } from 'zod';
import { ALSO_ROUTABLE, LEVELS } from '../lambda/contract/severities';

/**
 * Who gets what, by level rather than by exact severity: "CRITICAL and above" gets a first
 * reading that is already CRITICAL, the reminders of what it was told, and the RECOVERED of an
 * episode that reached its level (the alerts carry a `level` attribute: LOW or CRITICAL, and
 * for RECOVERED the worst level of the episode). FAILING, FORECAST, STALE and TEST are chosen
 * on their own; each brings what ends it. Written as an SNS filter policy, so SNS routes.
 */

export const MIN_LEVELS = [...LEVELS, 'NONE'] as const;

export const routeSchema = z.strictObject({
  /** The lowest balance level sent: LOW (and CRITICAL), CRITICAL only, or NONE. */
  minLevel: z
    .enum(MIN_LEVELS, { error: `must be one of ${MIN_LEVELS.join(', ')}` })
    .default('CRITICAL'),
  /** Other alerts sent besides the balance levels. */
  also: z
    .array(z.enum(ALSO_ROUTABLE, { error: `must be one of ${ALSO_ROUTABLE.join(', ')}` }))
    .default(['FAILING']),
});
export type Route = z.infer<typeof routeSchema>;

/** The filter policy (scope MessageAttributes) that lets exactly the route's alerts through. */
export function filterPolicyOf(route: Route): { $or: Record<string, string[]>[] } {
  const clauses: Record<string, string[]>[] = [];
  if (route.minLevel !== 'NONE') {
    const from = LEVELS.indexOf(route.minLevel);
    clauses.push({ level: LEVELS.slice(from) });
  }
  if (route.also.includes('FAILING')) {
    clauses.push({ severity: ['FAILING', 'FAILING_RESOLVED'] });
    clauses.push({ severity: ['REMINDER'], remindsOf: ['FAILING'] });
  }
  if (route.also.includes('STALE')) clauses.push({ severity: ['STALE', 'STALE_RESOLVED'] });
  const alone = route.also.filter((s) => s === 'FORECAST' || s === 'TEST');
  if (alone.length > 0) clauses.push({ severity: alone });
  return { $or: clauses };
}
