import { z } from 'zod';
import { routeSchema, type Route } from '../routing';

/**
 * What the operators (operatorEmails) hear of the balance alerts, besides the alarms. By
 * default what only IT can fix or must know: the monitor cannot read the balance (FAILING, its
 * reminders, FAILING_RESOLVED: an expired key, DEXCHANGE down) and the balance no longer moves
 * (STALE, STALE_RESOLVED), and an unusual outflow (UNUSUAL_OUTFLOW: a leaked API key is IT's to
 * revoke). The balance levels stay with finance, who tops up.
 */
export const DEFAULT_OPERATOR_ROUTE: Route = {
  minLevel: 'NONE',
  also: ['FAILING', 'STALE', 'UNUSUAL_OUTFLOW'],
};

export const operatorRouting = z._default(routeSchema, {
  ...DEFAULT_OPERATOR_ROUTE,
  also: [...DEFAULT_OPERATOR_ROUTE.also],
});
