import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseAlertEvent } from '../../lambda/alerting/event-schema';
import type {
  AlertEvent,
  BalanceReminderEvent,
  FailureInfo,
  FailureReminderEvent,
  HeldEvent,
  Severity,
  ThresholdEvent,
} from '../../lambda/alerting/types';
import type { FailureKind } from '../../lambda/contract/failures';
import { sampleEvents } from '../support/sample-events';

/**
 * The alert events are declared once, as zod schemas; their types are inferred from them. Read
 * back from storage, an event is what the policy could have produced, or nothing.
 */

const at = '2026-12-01T07:00:00.000Z';
const balanceReminder: BalanceReminderEvent = {
  severity: 'REMINDER',
  remindsOf: 'LOW',
  account: 'payouts',
  at,
  balance: 80_000,
  currency: 'XOF',
  threshold: 100_000,
  low: 100_000,
  recovery: 105_000,
  since: at,
  topUp: { toRecover: 25_000 },
};
const failureReminder: FailureReminderEvent = {
  severity: 'REMINDER',
  remindsOf: 'FAILING',
  account: 'payouts',
  at,
  failure: { kind: 'unavailable', status: 503, reason: 'the API does not answer (503)' },
  failedChecks: 12,
  since: at,
};
/** `event` without `field`, as a damaged store could hand it back. */
const without = (event: object, field: string): unknown =>
  Object.fromEntries(Object.entries(event).filter(([key]) => key !== field));

const held = (events: readonly AlertEvent[]): HeldEvent => ({
  severity: 'HELD',
  account: 'payouts',
  at,
  reason: 'quiet',
  events,
});

describe('parseAlertEvent', () => {
  it('reads back every kind of event the policy makes, as it was', () => {
    const events = [...sampleEvents(), balanceReminder, failureReminder, held([failureReminder])];
    for (const event of events) expect(parseAlertEvent(structuredClone(event))).toEqual(event);
  });

  it('refuses a balance reminder without its figures', () => {
    // Without `low` it is one of the previous version's, which the upgrade completes.
    for (const field of ['balance', 'currency', 'threshold', 'recovery', 'topUp', 'since'])
      expect(parseAlertEvent(without(balanceReminder, field)), field).toBeUndefined();
  });

  it('refuses a failure reminder without its failure or its count', () => {
    expect(parseAlertEvent(without(failureReminder, 'failure'))).toBeUndefined();
    expect(parseAlertEvent(without(failureReminder, 'failedChecks'))).toBeUndefined();
  });

  it('refuses a reminder of something that has no reminders', () => {
    expect(parseAlertEvent({ ...balanceReminder, remindsOf: 'STALE' })).toBeUndefined();
  });

  it('refuses a HELD that holds a broken reminder, a HELD, or nothing', () => {
    const broken = without(balanceReminder, 'balance');
    expect(parseAlertEvent({ ...held([]), events: [broken] })).toBeUndefined();
    expect(parseAlertEvent(held([held([balanceReminder])]))).toBeUndefined();
    expect(parseAlertEvent(held([]))).toBeUndefined();
  });

  it('refuses an unknown failure kind', () => {
    const failure = { ...failureReminder.failure, kind: 'timeout' };
    expect(parseAlertEvent({ ...failureReminder, failure })).toBeUndefined();
  });
});

describe('the event types, inferred from the schemas', () => {
  it('are the union of every severity, each with its own fields', () => {
    expectTypeOf<AlertEvent['severity']>().toEqualTypeOf<Severity>();
    expectTypeOf<Extract<AlertEvent, { severity: 'REMINDER' }>>().toEqualTypeOf<
      BalanceReminderEvent | FailureReminderEvent
    >();
    expectTypeOf<BalanceReminderEvent['remindsOf']>().toEqualTypeOf<'LOW' | 'CRITICAL'>();
    expectTypeOf<ThresholdEvent['severity']>().toEqualTypeOf<'LOW' | 'CRITICAL'>();
    expectTypeOf<FailureInfo['kind']>().toEqualTypeOf<FailureKind>();
    expectTypeOf<HeldEvent['events']>().toEqualTypeOf<readonly AlertEvent[]>();
  });

  it('are read-only all the way down', () => {
    const event: ThresholdEvent = {
      severity: 'LOW',
      account: 'payouts',
      at,
      balance: 80_000,
      currency: 'XOF',
      threshold: 100_000,
      since: at,
      recovery: 105_000,
      topUp: { toRecover: 25_000 },
    };
    // Compiled, never run: tsc holds each line below to be an error.
    const mutate = () => {
      // @ts-expect-error an event is never changed once made
      event.balance = 0;
      // @ts-expect-error nor what it holds
      event.topUp.toRecover = 0;
      // @ts-expect-error nor the events a HELD holds
      held([event]).events[0] = event;
    };
    expectTypeOf(mutate).toBeFunction();
  });
});
