import type { AlertState } from './state';
import { recoveryLevel, type PolicySettings } from './policy';
import type { PageLimits } from './page-limits-schema';

/**
 * The levels the acknowledge page shows and computes with (lambda/ack/figures.ts), as the
 * check's own settings define them: one source for the alerts and the page.
 */
export function pageLimitsOf(settings: PolicySettings): PageLimits {
  return {
    low: settings.thresholds.low,
    ...(settings.thresholds.critical === undefined
      ? {}
      : { critical: settings.thresholds.critical }),
    recovery: recoveryLevel(settings),
    coverHours: settings.topUpCoverHours ?? 24,
  };
}

/** The state with the levels it was judged by. */
export const withPageLimits = (state: AlertState, settings: PolicySettings): AlertState => ({
  ...state,
  limits: pageLimitsOf(settings),
});
