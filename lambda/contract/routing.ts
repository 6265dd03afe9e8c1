import * as z from './zod';
import { ALSO_ROUTABLE, LEVELS, type Severity } from './severities';

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
  minLevel: z._default(
    z.enum(MIN_LEVELS, { error: `must be one of ${MIN_LEVELS.join(', ')}` }),
    'CRITICAL',
  ),
  /** Other alerts sent besides the balance levels. */
  also: z._default(
    z.array(z.enum(ALSO_ROUTABLE, { error: `must be one of ${ALSO_ROUTABLE.join(', ')}` })),
    ['FAILING'],
  ),
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
  /**
   * What the message is about, for routing: LOW or CRITICAL for a balance alert (its level; a
   * RECOVERED's worst one), FAILING, STALE, FORECAST, DIGEST or TEST for the others (with what
   * ends or acknowledges them), all of these for a HELD summary. One String.Array attribute,
   * so that a filter policy is one short list, however rich the routes.
   */
  readonly route?: readonly string[];
}

/** What a message is about, from its other attributes (for messages without `route`). */
export function routeKeysOf(alert: RoutedAttributes): string[] {
  if (alert.route !== undefined) return [...alert.route];
  if (alert.severity === 'HELD')
    return [
      ...new Set(
        (alert.held ?? []).flatMap((kind) =>
          routeKeysOf(
            kind === 'LOW' || kind === 'CRITICAL'
              ? { severity: kind, level: kind }
              : { severity: kind as Severity },
          ),
        ),
      ),
    ];
  if (alert.level !== undefined) return [alert.level];
  switch (alert.severity) {
    case 'FAILING':
    case 'FAILING_RESOLVED':
      return ['FAILING'];
    case 'REMINDER':
      return alert.remindsOf === undefined ? [] : [alert.remindsOf];
    case 'ACKNOWLEDGED':
      return alert.about === undefined ? [] : [alert.about];
    case 'STALE':
    case 'STALE_RESOLVED':
      return ['STALE'];
    default:
      return [alert.severity];
  }
}

/** The route keys a route takes: its levels (from minLevel up), and what it also takes. */
export function routeKeysTaken(route: Route): string[] {
  const levels = route.minLevel === 'NONE' ? [] : LEVELS.slice(LEVELS.indexOf(route.minLevel));
  return [...levels, ...route.also];
}

/** Whether a route lets an alert through: the same answer as its SNS filter policy. */
export function routeAccepts(route: Route, alert: RoutedAttributes): boolean {
  const taken = new Set(routeKeysTaken(route));
  return routeKeysOf(alert).some((key) => taken.has(key));
}
