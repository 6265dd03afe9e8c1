import { UNIT_API_KEY, unitCheckPorts } from '../support/check-ports';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../lambda/alerting/types';
import { runCheck, type CheckPorts, type ParkedNotice } from '../../lambda/check/run-check';
import { DeliveryError, type Notifier } from '../../lambda/delivery/channel-port';
import { MAX_PENDING_MINUTES } from '../../lambda/delivery/limits';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import type { StateStore } from '../../lambda/stores/state-store';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * An alert given up on is told to the operators (issue 20, item 1): once, after the check's
 * last save, with the event it was to carry, whether it was refused for good or parked for
 * failing 6 hours; a failure to tell them is reported, never fails the check.
 */

const check = {
  account: 'main',
  locale: 'en' as const,
  policy: { ...BASE_SETTINGS, forecastHorizonMinutes: 0 },
};
const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const ports = (
  state: StateStore,
  balance: number,
  channels: Notifier[],
  extra: Partial<CheckPorts> = {},
): CheckPorts => unitCheckPorts(state, balance, channels, new Date(T0), extra);

const channel = (name: string, error?: DeliveryError): Notifier => ({
  name,
  wants: () => true,
  deliver: () => (error === undefined ? Promise.resolve() : Promise.reject(error)),
});

describe('telling the operators of alerts given up on', () => {
  it('a refusal for good: the operators get the parked LOW with its event, once; the channel that took it is not named', async () => {
    const told: (readonly ParkedNotice[])[] = [];
    const store = createMemoryStateStore();
    const outcome = await runCheck(
      ports(
        store,
        80_000,
        [
          channel('sns', new DeliveryError('SNS refused the publish (NotFoundException)', true)),
          channel('chat:ops'),
        ],
        {
          tellOperators: (parked) => {
            told.push(parked);
            return Promise.resolve();
          },
        },
      ),
      check,
      { now: at(0) },
    );
    expect(outcome.parked.map((p) => `${p.severity} ${p.channel}`)).toEqual(['LOW sns']);
    expect(told).toHaveLength(1);
    expect(told[0]).toEqual([
      expect.objectContaining({
        channel: 'sns',
        severity: 'LOW',
        error: 'SNS refused the publish (NotFoundException)',
        event: expect.objectContaining({ severity: 'LOW', balance: 80_000 }) as AlertEvent,
      }),
    ]);
    // The next check parks nothing new, and tells nothing.
    await runCheck(
      ports(store, 80_000, [channel('sns'), channel('chat:ops')], {
        tellOperators: (parked) => {
          told.push(parked);
          return Promise.resolve();
        },
      }),
      check,
      { now: at(5) },
    );
    expect(told).toHaveLength(1);
  });

  it('failing for 6 hours: parked by the claim step, told with its event', async () => {
    const store = createMemoryStateStore();
    const failing = channel('sns', new DeliveryError('SNS refused the publish (Throttled)', false));
    await runCheck(ports(store, 80_000, [failing]), check, { now: at(0) });
    const told: ParkedNotice[] = [];
    const outcome = await runCheck(
      ports(store, 80_000, [failing], {
        tellOperators: (parked) => {
          told.push(...parked);
          return Promise.resolve();
        },
      }),
      check,
      { now: at(MAX_PENDING_MINUTES + 5) },
    );
    expect(outcome.parked.map((p) => p.severity)).toContain('LOW');
    expect(told.find((p) => p.severity === 'LOW')?.event).toMatchObject({
      severity: 'LOW',
      balance: 80_000,
    });
  });

  it('a failure to tell them is reported, redacted, and the check completes', async () => {
    const reported: string[] = [];
    const outcome = await runCheck(
      ports(
        createMemoryStateStore(),
        80_000,
        [channel('sns', new DeliveryError('SNS refused the publish (NotFoundException)', true))],
        {
          tellOperators: () =>
            Promise.reject(
              new Error(`operator topic refused, key ${UNIT_API_KEY} (AuthorizationError)`),
            ),
          report: {
            stateProblems: () => undefined,
            parked: () => undefined,
            operatorsNotTold: (error) => reported.push(error),
          },
        },
      ),
      check,
      { now: at(0) },
    );
    expect(outcome.save).toBe('saved');
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain('(AuthorizationError)');
    expect(reported[0]).not.toContain(UNIT_API_KEY);
  });

  it('nothing given up on: the operators are not told anything', async () => {
    let calls = 0;
    await runCheck(
      ports(createMemoryStateStore(), 80_000, [channel('sns')], {
        tellOperators: () => {
          calls += 1;
          return Promise.resolve();
        },
      }),
      check,
      { now: at(0) },
    );
    expect(calls).toBe(0);
  });
});
