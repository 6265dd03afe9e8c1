import type { Silence } from './state';

/**
 * Whether a silence holds an alert of this kind at time `t` (epoch ms): it has begun, not yet
 * ended, and covers every severity or this one. One rule for the outbox's holds
 * (lambda/delivery/holds.ts) and the escalation's clock (escalation.ts), which stops while a
 * silence keeps the alert from everyone.
 */
export function silenceHolds(silence: Silence, kind: string, t: number): boolean {
  return (
    Date.parse(silence.from) <= t &&
    t < Date.parse(silence.until) &&
    (silence.severities === undefined || silence.severities.includes(kind))
  );
}
