import type { AlertEvent } from '../../../lambda/alerting/types';
import type { ClaimContext, ClaimOptions, ClaimPass } from '../../../lambda/delivery/claim-pass';
import type { Delivery, OutboxEntry } from '../../../lambda/delivery/outbox-entry';
import { sampleEvents } from '../../support/sample-events';

/** What the outbox-step tests share: a time, events of every kind, and passes built from them. */

export const NOW = new Date('2026-12-03T12:00:00.000Z');
export const AT = NOW.toISOString();
/** `minutes` from NOW, as stored. */
export const minutesFromNow = (minutes: number): string =>
  new Date(NOW.getTime() + minutes * 60_000).toISOString();

/**
 * Made at the first test that asks, never when a file loads: under `npm run mutation` the
 * policy run at load would count every policy mutant it reaches as "static" (run against the
 * whole suite), see vitest.mutation.config.ts.
 */
let pool: AlertEvent[] | undefined;
/** The first sample event of a severity (and, for a REMINDER, of what it reminds of). */
export function eventOf(severity: AlertEvent['severity'], remindsOf?: string): AlertEvent {
  pool ??= sampleEvents('acme');
  const found = pool.find(
    (e) =>
      e.severity === severity &&
      (remindsOf === undefined || (e.severity === 'REMINDER' && e.remindsOf === remindsOf)),
  );
  if (found === undefined) throw new Error(`no sample ${severity}`);
  return found;
}
/** The balance episode the sample LOW, CRITICAL, their reminders and RECOVERED belong to. */
export const BALANCE_EPISODE = 'b:2026-12-01T13:45:00.000Z';

export const due = (extra: Partial<Delivery> = {}): Delivery => ({
  attempts: 0,
  notBefore: minutesFromNow(-1),
  ...extra,
});

export function entry(
  id: string,
  event: AlertEvent,
  deliveries: Record<string, Delivery>,
  createdAt = minutesFromNow(-10),
): OutboxEntry {
  return { id, event, createdAt, deliveries };
}

/** A migrated entry: rendered before the outbox stored events. */
export function legacyEntry(id: string, deliveries: Record<string, Delivery>): OutboxEntry {
  return {
    ...entry(id, eventOf('LOW'), deliveries),
    legacy: {
      alert: { subject: 's', email: 'e', sms: 's', default: 'd' },
      attributes: { severity: 'LOW', account: 'acme' },
    },
  };
}

export function passOf(outbox: readonly OutboxEntry[], extra: Partial<ClaimPass> = {}): ClaimPass {
  return {
    outbox,
    holds: new Map(),
    releasing: new Map(),
    released: new Map(),
    releasedEntries: [],
    releases: [],
    parkedNow: [],
    claims: [],
    sent: [],
    ...extra,
  };
}

export function contextOf(options: ClaimOptions = {}, self?: string): ClaimContext {
  return { now: NOW, at: AT, ...(self === undefined ? {} : { self }), options };
}

/** Which deliveries a pass keeps, as `entry/channel`, in order. */
export const kept = (pass: ClaimPass): string[] =>
  pass.outbox.flatMap((e) => Object.keys(e.deliveries).map((c) => `${e.id}/${c}`));

/** The delivery an entry keeps on a channel, or undefined. */
export const deliveryIn = (pass: ClaimPass, id: string, channel: string): Delivery | undefined =>
  pass.outbox.find((e) => e.id === id)?.deliveries[channel];
