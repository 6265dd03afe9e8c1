import { describe, expect, it } from 'vitest';
import { holdOf, kindOf } from '../../lambda/delivery/holds';
import type { AlertEvent } from '../../lambda/alerting/types';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { SILENCEABLE_SEVERITIES, silenceActionSchema } from '../../lambda/check/silences';
import { formatIssues } from '../../lambda/contract/env-rules';
import { SEVERITIES } from '../../lambda/contract/severities';
import { parseCliOptions, USAGE } from '../../tools/cli-options';
import { sampleEvents } from '../support/sample-events';

/**
 * Issue 14: a silence names only what it can hold. Holds decide on `kindOf` (a REMINDER,
 * RECOVERED, FAILING_RESOLVED, STALE_RESOLVED or ACKNOWLEDGED as what it is about; a TEST is
 * never held), so a silence of RECOVERED was accepted and matched nothing.
 */

// Made in the test that reads them, never at load: see vitest.mutation.config.ts.
const eventsOf = () => sampleEvents('main');
const now = new Date('2026-12-01T12:00:00.000Z');
const silence = (severities?: string[]) => ({
  id: 's1',
  from: '2026-12-01T11:00:00.000Z',
  until: '2026-12-01T13:00:00.000Z',
  ...(severities === undefined ? {} : { severities }),
});
const entryOf = (event: AlertEvent): OutboxEntry => ({
  id: 'e',
  event,
  createdAt: now.toISOString(),
  deliveries: {},
});
const NEVER_MATCHED = [
  'REMINDER',
  'RECOVERED',
  'FAILING_RESOLVED',
  'STALE_RESOLVED',
  'ACKNOWLEDGED',
  'HELD',
  'TEST',
  // Not to be silenced alone: a runaway outflow (a leaked key) is what a silence of "the noisy
  // one" must not hide; a silence of everything (a maintenance) and quiet hours still hold it.
  'UNUSUAL_OUTFLOW',
];

describe('what a silence may name', () => {
  it('is exactly the kinds the holds compare: each one holds an alert, and nothing else is compared', () => {
    const events = eventsOf();
    const kinds = new Set(events.map(kindOf));
    // Every kind a hold can be asked about is silenceable, or a TEST (never held), or a HELD
    // (what a hold releases).
    for (const kind of kinds) expect([...SILENCEABLE_SEVERITIES, 'TEST', 'HELD']).toContain(kind);
    for (const severity of SILENCEABLE_SEVERITIES) {
      expect(kinds).toContain(severity);
      const held = events.filter((e) => e.severity !== 'TEST' && kindOf(e) === severity);
      expect(held.length).toBeGreaterThan(0);
      for (const e of held)
        expect(holdOf(entryOf(e), undefined, [silence([severity])], now)).toBe('silence');
    }
    // The severities left out never match a silence naming them (a HELD, itself a release of
    // held alerts, is held again only by a silence of everything, when it waits for a retry).
    for (const severity of NEVER_MATCHED)
      for (const e of events.filter((x) => x.severity !== 'HELD'))
        expect(
          holdOf(entryOf(e), undefined, [silence([severity])], now),
          `${severity} ${e.severity}`,
        ).toBeUndefined();
    expect([...SILENCEABLE_SEVERITIES, ...NEVER_MATCHED].sort()).toEqual([...SEVERITIES].sort());
  });

  it('the Lambda action takes those, and refuses the others naming the field and what it allows', () => {
    expect(
      silenceActionSchema.parse({
        action: 'silence',
        minutes: 60,
        severities: ['LOW', 'CRITICAL'],
      }),
    ).toEqual({ action: 'silence', minutes: 60, severities: ['LOW', 'CRITICAL'] });
    for (const severity of SILENCEABLE_SEVERITIES)
      expect(
        silenceActionSchema.safeParse({ action: 'silence', minutes: 60, severities: [severity] })
          .success,
      ).toBe(true);
    for (const severity of [...NEVER_MATCHED, 'low', 'URGENT']) {
      const result = silenceActionSchema.safeParse({
        action: 'silence',
        minutes: 60,
        severities: ['LOW', severity],
      });
      expect(result.success, severity).toBe(false);
      expect(formatIssues(result.error?.issues ?? [])).toBe(
        `severities must list only severities a silence can hold: LOW, CRITICAL, FAILING, STALE, FORECAST, DIGEST, in capitals (a reminder, RECOVERED, RESOLVED or acknowledgment is held with the alert it is about), not ${JSON.stringify(severity)}`,
      );
    }
    expect(
      formatIssues(
        silenceActionSchema.safeParse({ action: 'silence', minutes: 60, severities: [] }).error
          ?.issues ?? [],
      ),
    ).toMatch(/^severities must list only severities a silence can hold/);
  });
});

describe('npm start --severities', () => {
  const env = {};
  it('takes a comma-separated list, checked like the Lambda action', () => {
    expect(parseCliOptions({ silence: '2h', severities: 'LOW, CRITICAL' }, env)).toMatchObject({
      silence: 120,
      severities: ['LOW', 'CRITICAL'],
    });
    expect(parseCliOptions({ silence: '2h' }, env).severities).toBeUndefined();
  });

  it('refuses a severity a silence cannot hold, naming the option', () => {
    expect(() => parseCliOptions({ silence: '2h', severities: 'LOW,RECOVERED' }, env)).toThrow(
      'Invalid options: --severities must list only severities a silence can hold: LOW, CRITICAL, FAILING, STALE, FORECAST, DIGEST, in capitals (a reminder, RECOVERED, RESOLVED or acknowledgment is held with the alert it is about), not "RECOVERED"\n',
    );
    expect(() => parseCliOptions({ silence: '2h', severities: ',' }, env)).toThrow(
      /--severities must list only severities/,
    );
  });

  it('--help lists what it takes, in two lines of at most 100 characters', () => {
    const help = USAGE.slice(USAGE.indexOf('--severities'), USAGE.indexOf('--reason')).replace(
      /\s+/g,
      ' ',
    );
    for (const severity of SILENCEABLE_SEVERITIES) expect(help).toContain(severity);
    const lines = USAGE.split('\n');
    const first = lines.findIndex((line) => line.includes('--severities'));
    for (const line of lines.slice(first, first + 2)) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('goes with --silence only', () => {
    expect(() => parseCliOptions({ severities: 'LOW' }, env)).toThrow(
      '--severities goes with --silence',
    );
  });
});
