import * as z from 'zod';
import { ALSO_ROUTABLE, LEVELS, SEVERITIES, type Severity } from './severities';

/**
 * Who gets what, by level rather than by exact severity (Alertmanager's routes, in our words):
 * "CRITICAL and above" gets a first reading that is already CRITICAL, the reminders of what it
 * was told, and the RECOVERED of an episode that reached its level (balance alerts carry a
 * `level`: LOW or CRITICAL, and for RECOVERED the worst level of the episode). FAILING,
 * FORECAST, STALE and TEST are chosen on their own; each brings what ends it.
 *
 * One rule, two enforcers: SNS filter policies for e-mail and SMS (infra/routing.ts writes
 * them), and `routeAccepts` for the channels the function delivers itself (chat, Telegram,
 * webhooks). A test holds the two to the same answers.
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

/** Everything: what e-mail gets unless told otherwise. */
export const EVERYTHING: Route = { minLevel: 'LOW', also: [...ALSO_ROUTABLE] };

/** What a message says about itself, as its SNS attributes carry it. */
export interface RoutedAttributes {
  readonly severity: Severity;
  readonly remindsOf?: Severity;
  readonly level?: (typeof LEVELS)[number];
  /** For ACKNOWLEDGED: what was acknowledged. */
  readonly about?: Severity;
  /** For HELD: what it holds: the level of each balance alert, the severity of the others. */
  readonly held?: readonly string[];
}

/** Whether a route lets an alert through: the same answer as its SNS filter policy. */
export function routeAccepts(route: Route, alert: RoutedAttributes): boolean {
  if (alert.level !== undefined && route.minLevel !== 'NONE')
    if (LEVELS.indexOf(alert.level) >= LEVELS.indexOf(route.minLevel)) return true;
  const also = new Set<string>(route.also);
  switch (alert.severity) {
    case 'FAILING':
    case 'FAILING_RESOLVED':
      return also.has('FAILING');
    case 'REMINDER':
      return alert.remindsOf === 'FAILING' && also.has('FAILING');
    case 'ACKNOWLEDGED':
      return alert.about === 'FAILING' && also.has('FAILING');
    case 'STALE':
    case 'STALE_RESOLVED':
      return also.has('STALE');
    case 'FORECAST':
    case 'DIGEST':
    case 'TEST':
      return also.has(alert.severity);
    case 'HELD':
      // What a silence or quiet hours held: through if any of it would be.
      return (alert.held ?? []).some((kind) =>
        kind === 'LOW' || kind === 'CRITICAL'
          ? routeAccepts(route, { severity: kind, level: kind })
          : (SEVERITIES as readonly string[]).includes(kind) &&
            routeAccepts(route, { severity: kind as Severity }),
      );
    default:
      return false;
  }
}
