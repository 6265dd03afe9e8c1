import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from '../../lambda/contract/zod';
import { callbackHintSchema } from '../../lambda/contract/callback-body';
import { silenceActionSchema } from '../../lambda/check/silences';
import { EVENTBRIDGE_FIELDS, parseEvent } from '../../lambda/handler';

/**
 * The handler reads an event by the schema its `action` names, so that a scheduled check builds
 * and tries no action's schema. It must answer as one union of every event it takes did (the
 * handler's schema before, written out here): the same events taken, with the same data, and
 * the same refused.
 */
const EVENTBRIDGE = [...EVENTBRIDGE_FIELDS];
const union = z.union([
  z.object({ action: z.literal('test-alert') }),
  z.object({ action: z.literal('digest') }),
  silenceActionSchema,
  z.object({ action: z.literal('silences') }),
  z.object({ action: z.literal('unsilence'), id: z.optional(z.string().check(z.maxLength(40))) }),
  z.object({ action: z.literal('callback'), at: z.iso.datetime(), hint: callbackHintSchema }),
  z
    .looseObject({ action: z.optional(z.undefined()) })
    .check(z.refine((e) => Object.keys(e).every((k) => k === 'action' || EVENTBRIDGE.includes(k)))),
  z.null(),
  z.undefined(),
]);

const ACTIONS = ['test-alert', 'digest', 'silence', 'silences', 'unsilence', 'callback'];
const field = fc.oneof(
  fc.constantFrom(...EVENTBRIDGE, 'id', 'at', 'hint', 'minutes', 'reason', 'severities', 'acton'),
  fc.string({ maxLength: 8 }),
);
const value = fc.oneof(
  fc.constantFrom(
    '2026-12-07T10:00:00Z',
    'not a date',
    60,
    0,
    10_081,
    ['LOW'],
    [],
    ['NOPE'],
    { currentBalance: 5 },
    { currentBalance: 'x' },
    {},
    null,
    undefined,
    'x'.repeat(41),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const event = fc.oneof(
  fc
    .record({
      action: fc.oneof(fc.constantFrom(...ACTIONS, undefined, 'acknowledge', '__proto__'), value),
      extra: fc.dictionary(field, value, { maxKeys: 4 }),
    })
    .map(({ action, extra }) => ({ ...extra, action })),
  fc.dictionary(field, value, { maxKeys: 4 }),
  value,
);

describe('the handler reads its event', () => {
  it('as one union of every event it takes: the same taken, with the same data, the same refused', () => {
    fc.assert(
      fc.property(event, (e) => {
        const expected = union.safeParse(e);
        const actual = parseEvent(e);
        expect(actual.success).toBe(expected.success);
        if (expected.success) expect(actual.data).toEqual(expected.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes each action, a scheduled event and nothing, and refuses a mistyped field', () => {
    const taken: unknown[] = [
      { action: 'test-alert' },
      { action: 'digest' },
      { action: 'silence', minutes: 60, severities: ['LOW'] },
      { action: 'silences' },
      { action: 'unsilence', id: 'abc' },
      { action: 'callback', at: '2026-12-07T10:00:00Z', hint: { currentBalance: 5 } },
      {},
      { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.scheduler' },
      null,
      undefined,
    ];
    for (const e of taken) expect(parseEvent(e).success, JSON.stringify(e)).toBe(true);
    for (const e of [{ acton: 'silence' }, { action: 'nope' }, { action: 'silence' }, 'check', 5])
      expect(parseEvent(e).success, JSON.stringify(e)).toBe(false);
  });
});
