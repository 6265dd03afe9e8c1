import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escalate, type TierMessage } from '../../lambda/alerting/escalation';
import { escalationsSchema } from '../../lambda/alerting/escalation-state';
import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState, Silence } from '../../lambda/alerting/state';
import type { EscalationSettings } from '../../lambda/contract/escalation';
import { escalationSchema } from '../../lambda/contract/escalation';
import { healRecord } from '../../lambda/stores/record';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * The escalation clock (lambda/alerting/escalation.ts), driven by the real policy: each step is
 * one check (evaluate, then escalate, as run-check's plan does), the time an argument.
 */

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:tier';
const SETTINGS: EscalationSettings = escalationSchema.parse({
  tiers: [
    { name: 'it-oncall', afterMinutes: 15, topicArn: TOPIC },
    { name: 'direction', afterMinutes: 30, topicArn: TOPIC },
  ],
});
const T0 = Date.parse('2026-12-01T08:00:00Z');
const at = (minute: number) => new Date(T0 + minute * 60_000);

type Input = number | 'fail' | 'ack';

interface Check {
  readonly minute: number;
  readonly tell: readonly string[];
}

/** Runs checks at the given minutes; 'ack' is someone pressing "I'm on it" before that check. */
function run(
  steps: readonly [number, Input][],
  settings: EscalationSettings = SETTINGS,
  policy: PolicySettings = BASE_SETTINGS,
  silences?: readonly Silence[],
) {
  let state: AlertState | undefined;
  const checks: Check[] = [];
  const messages: (TierMessage & { readonly minute: number })[] = [];
  for (const [minute, input] of steps) {
    const now = at(minute);
    if (input === 'ack') {
      // As lambda/ack/acknowledge.ts records it.
      const open = state?.episode;
      const failure = state?.failure;
      if (state !== undefined && open !== undefined)
        state = {
          ...state,
          episode: {
            ...open,
            acknowledgedAt: now.toISOString(),
            acknowledgedBy: 'Awa',
            acknowledgedLevel: open.level,
          },
        };
      else if (state !== undefined && failure !== undefined)
        state = {
          ...state,
          failure: { ...failure, acknowledgedAt: now.toISOString(), acknowledgedBy: 'Awa' },
        };
      continue;
    }
    const observation: Observation =
      input === 'fail'
        ? { kind: 'failure', failure: { kind: 'unavailable', status: 503, reason: '503' } }
        : { kind: 'sample', balance: input, currency: 'XOF', lastUpdate: now.toISOString() };
    const evaluated = evaluate(state, observation, policy, now, 'main');
    // The account's silences, as lambda/check/silences.ts keeps them in the state.
    const result =
      silences === undefined
        ? evaluated
        : { ...evaluated, state: { ...evaluated.state, silences: [...silences] } };
    const step = escalate(state?.escalations, result.state, result.events, settings, now);
    // What the store saves and reads back: the clock survives a restart as stored.
    const stored = escalationsSchema.parse(JSON.parse(JSON.stringify(step.escalations)));
    state = { ...result.state, escalations: stored };
    checks.push({
      minute,
      tell: step.tell.map(
        (m) => `${m.tier}:${m.event.severity}${m.note === undefined ? '' : '+note'}`,
      ),
    });
    messages.push(...step.tell.map((m) => ({ ...m, minute })));
  }
  return { checks: checks.filter((c) => c.tell.length > 0), messages, state };
}

/** Checks every 5 minutes from `from` to `to` with one balance. */
const every5 = (from: number, to: number, input: Input): [number, Input][] =>
  Array.from({ length: Math.floor((to - from) / 5) + 1 }, (_, i) => [from + i * 5, input]);

describe('the escalation clock', () => {
  it('tells each tier once its delay passed without an answer, with who was told before', () => {
    const { checks, messages } = run(every5(0, 120, 20_000));
    // CRITICAL at 0 to the usual recipients; it-oncall 15 min later; direction 30 min after that.
    expect(checks).toEqual([
      { minute: 15, tell: ['it-oncall:CRITICAL+note'] },
      { minute: 45, tell: ['direction:CRITICAL+note'] },
    ]);
    expect(messages[1]?.note).toEqual({
      tier: 'direction',
      afterMinutes: 45,
      told: [{ at: at(0).toISOString() }, { tier: 'it-oncall', at: at(15).toISOString() }],
    });
  });

  it('an acknowledgment stops it: no further tier, and the tiers told hear who took it', () => {
    const { checks } = run([...every5(0, 20, 20_000), [22, 'ack'], ...every5(25, 120, 20_000)]);
    expect(checks).toEqual([
      { minute: 15, tell: ['it-oncall:CRITICAL+note'] },
      { minute: 25, tell: ['it-oncall:ACKNOWLEDGED'] },
    ]);
  });

  it('an acknowledgment before the first delay tells no tier at all', () => {
    const { checks } = run([...every5(0, 10, 20_000), [12, 'ack'], ...every5(15, 120, 20_000)]);
    expect(checks).toEqual([]);
  });

  it('RECOVERED reaches every tier told, and the run is forgotten', () => {
    const { checks, state } = run([...every5(0, 50, 20_000), ...every5(55, 70, 200_000)]);
    expect(checks).toEqual([
      { minute: 15, tell: ['it-oncall:CRITICAL+note'] },
      { minute: 45, tell: ['direction:CRITICAL+note'] },
      { minute: 55, tell: ['it-oncall:RECOVERED', 'direction:RECOVERED'] },
    ]);
    expect(state?.escalations).toEqual([]);
  });

  it('FAILING escalates, and FAILING_RESOLVED reaches the tiers told', () => {
    const { checks } = run([...every5(0, 40, 'fail'), ...every5(45, 50, 200_000)]);
    // FAILING goes out at the third failed read (minute 10): it-oncall at 25.
    expect(checks).toEqual([
      { minute: 25, tell: ['it-oncall:FAILING+note'] },
      { minute: 45, tell: ['it-oncall:FAILING_RESOLVED'] },
    ]);
  });

  it('only the configured levels escalate: a LOW waits until it becomes CRITICAL', () => {
    const criticalOnly = { ...SETTINGS, levels: ['CRITICAL' as const, 'FAILING' as const] };
    const { checks } = run([...every5(0, 30, 60_000), ...every5(35, 60, 20_000)], criticalOnly);
    expect(checks).toEqual([{ minute: 50, tell: ['it-oncall:CRITICAL+note'] }]);
  });

  it('a LOW acknowledged at LOW starts again when it becomes CRITICAL (LOW does not cover it)', () => {
    const { checks } = run([
      ...every5(0, 5, 60_000),
      [7, 'ack'],
      ...every5(10, 30, 60_000),
      ...every5(35, 60, 20_000),
    ]);
    expect(checks).toEqual([{ minute: 50, tell: ['it-oncall:CRITICAL+note'] }]);
  });

  it('a LOW that becomes CRITICAL: the tiers told of the LOW hear it, and the clock runs on', () => {
    const { checks } = run([...every5(0, 30, 60_000), ...every5(35, 60, 20_000)]);
    expect(checks).toEqual([
      { minute: 15, tell: ['it-oncall:LOW+note'] },
      { minute: 35, tell: ['it-oncall:CRITICAL'] },
      { minute: 45, tell: ['direction:CRITICAL+note'] },
    ]);
  });

  it('a late check tells one tier, not every tier whose time has come', () => {
    const { checks } = run([
      [0, 20_000],
      [200, 20_000],
      [205, 20_000],
      [235, 20_000],
    ]);
    expect(checks).toEqual([
      { minute: 200, tell: ['it-oncall:CRITICAL+note'] },
      { minute: 235, tell: ['direction:CRITICAL+note'] },
    ]);
  });

  it('a clock that ran ahead is brought back: the next tier counts from now, not from the future', () => {
    const ahead = run(every5(0, 20, 20_000)).state;
    const future = at(24 * 60).toISOString();
    const runs = (ahead?.escalations ?? []).map((r) => ({ ...r, since: future }));
    const result = evaluate(
      ahead,
      { kind: 'sample', balance: 20_000, currency: 'XOF', lastUpdate: at(25).toISOString() },
      BASE_SETTINGS,
      at(25),
      'main',
    );
    const back = escalate(runs, result.state, result.events, SETTINGS, at(25));
    expect(back.escalations[0]?.since).toBe(at(25).toISOString());
    const later = escalate(back.escalations, result.state, [], SETTINGS, at(55));
    expect(later.tell.map((m) => m.tier)).toEqual(['direction']);
  });

  describe('an episode continued within the cool-off (storm.ts)', () => {
    const COOL_OFF: PolicySettings = { ...BASE_SETTINGS, coolOffMinutes: 60 };

    it('goes on where it was: no tier told twice, the tiers told hear it came back', () => {
      const { checks, messages, state } = run(
        [...every5(0, 20, 20_000), [25, 200_000], ...every5(30, 90, 20_000)],
        SETTINGS,
        COOL_OFF,
      );
      // Ended at 25 (it-oncall hears it), back at 30: it-oncall hears the reopening, and the
      // direction is next, 30 min after it-oncall (15) plus the 5 min it was over (25-30).
      expect(checks).toEqual([
        { minute: 15, tell: ['it-oncall:CRITICAL+note'] },
        { minute: 25, tell: ['it-oncall:RECOVERED'] },
        { minute: 30, tell: ['it-oncall:CRITICAL'] },
        { minute: 50, tell: ['direction:CRITICAL+note'] },
      ]);
      expect(messages.find((m) => m.minute === 30)?.event).toMatchObject({ unstable: {} });
      expect(messages.at(-1)?.note?.told).toEqual([
        { at: at(0).toISOString() },
        { tier: 'it-oncall', at: at(15).toISOString() },
      ]);
      expect(state?.escalations?.map((r) => r.told.length)).toEqual([2]);
    });

    it('the run is kept, paused, while the ended episode may continue, forgotten after', () => {
      const during = run(
        [...every5(0, 20, 20_000), ...every5(25, 50, 200_000)],
        SETTINGS,
        COOL_OFF,
      );
      expect(during.state?.escalations).toMatchObject([
        { told: [{ tier: 'it-oncall' }], pausedAt: at(25).toISOString() },
      ]);
      const after = run([...every5(0, 20, 20_000), ...every5(25, 90, 200_000)], SETTINGS, COOL_OFF);
      expect(after.state?.escalations).toEqual([]);
    });

    it('recovering (its end waiting for the cool-off) does not count towards the next tier', () => {
      const { checks } = run(
        [
          ...every5(0, 20, 20_000),
          [25, 200_000],
          [30, 20_000],
          ...every5(35, 60, 200_000),
          ...every5(65, 120, 20_000),
        ],
        SETTINGS,
        COOL_OFF,
      );
      // it-oncall at 15; paused 25-30 (ended) and 35-65 (recovering): the direction at 15+5+30+30.
      expect(checks).toEqual([
        { minute: 15, tell: ['it-oncall:CRITICAL+note'] },
        { minute: 25, tell: ['it-oncall:RECOVERED'] },
        { minute: 30, tell: ['it-oncall:CRITICAL'] },
        { minute: 80, tell: ['direction:CRITICAL+note'] },
      ]);
    });

    it('a failure that comes back goes on too, paused until its FAILING goes out again', () => {
      const { checks } = run(
        [...every5(0, 30, 'fail'), [35, 200_000], ...every5(40, 90, 'fail')],
        SETTINGS,
        COOL_OFF,
      );
      // FAILING at 10, it-oncall at 25; resolved at 35; FAILING (unstable) again at 50, the third
      // failed read: paused 35-50, so the direction at 25+15+30.
      expect(checks).toEqual([
        { minute: 25, tell: ['it-oncall:FAILING+note'] },
        { minute: 35, tell: ['it-oncall:FAILING_RESOLVED'] },
        { minute: 50, tell: ['it-oncall:FAILING'] },
        { minute: 70, tell: ['direction:FAILING+note'] },
      ]);
    });
  });

  it("a tier is told the episode's latest figures: each REMINDER brings the alert up to date", () => {
    const { checks, messages } = run(
      [...every5(0, 15, 60_000), ...every5(20, 50, 50_000)],
      SETTINGS,
      { ...BASE_SETTINGS, repeatAfterMinutes: 20 },
    );
    expect(checks).toEqual([
      { minute: 15, tell: ['it-oncall:LOW+note'] },
      { minute: 45, tell: ['direction:LOW+note'] },
    ]);
    // The reminder of 40 read 50 000: the direction reads that, not the LOW of 0's 60 000.
    expect(messages[1]?.event).toMatchObject({
      severity: 'LOW',
      balance: 50_000,
      at: at(40).toISOString(),
      since: at(0).toISOString(),
    });
  });

  it("a silence holding the alert stops the clock: the tiers' delays count from its end", () => {
    const silence = (severities?: string[]): Silence => ({
      id: 'maint',
      from: at(0).toISOString(),
      until: at(120).toISOString(),
      ...(severities === undefined ? {} : { severities }),
    });
    const held = run(every5(0, 200, 20_000), SETTINGS, BASE_SETTINGS, [silence()]);
    // The CRITICAL of 0 reaches the usual recipients at 120: it-oncall 15 min later, and so on.
    expect(held.checks).toEqual([
      { minute: 135, tell: ['it-oncall:CRITICAL+note'] },
      { minute: 165, tell: ['direction:CRITICAL+note'] },
    ]);
    expect(held.messages[0]?.note).toEqual({
      tier: 'it-oncall',
      afterMinutes: 15,
      told: [{ at: at(120).toISOString() }],
    });
    // A silence of LOW alone does not hold a CRITICAL: its clock runs.
    const other = run(every5(0, 60, 20_000), SETTINGS, BASE_SETTINGS, [silence(['LOW'])]);
    expect(other.checks.map((c) => c.minute)).toEqual([15, 45]);
  });

  it('a silence that starts after the usual recipients were told moves the next tier past it', () => {
    const later: Silence = { id: 'm', from: at(20).toISOString(), until: at(60).toISOString() };
    const { checks, messages } = run(every5(0, 120, 20_000), SETTINGS, BASE_SETTINGS, [later]);
    // it-oncall at 15 (before it); the direction 30 min after its end, not all at 60.
    expect(checks).toEqual([
      { minute: 15, tell: ['it-oncall:CRITICAL+note'] },
      { minute: 90, tell: ['direction:CRITICAL+note'] },
    ]);
    expect(messages[1]?.note?.told[0]).toEqual({ at: at(0).toISOString() });
  });

  it('without tiers nothing is kept or told', () => {
    const step = escalate(
      undefined,
      { schema: 1, lastCheckAt: at(0).toISOString() },
      [],
      undefined,
      at(0),
    );
    expect(step).toEqual({ escalations: [], tell: [] });
  });

  it('property: each tier is told at most once per episode (continued or not), in order, never before its delay', () => {
    const input = fc.array(
      fc.oneof(
        fc.constantFrom<Input>(200_000, 60_000, 20_000, 'fail', 'ack'),
        fc.integer({ min: 0, max: 150_000 }),
      ),
      { minLength: 1, maxLength: 80 },
    );
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 30 }), fc.boolean(), (inputs, gap, storm) => {
        const steps = inputs.map((x, i): [number, Input] => [i * gap, x]);
        // With a cool-off, an episode that comes back soon is the same one (storm.ts).
        const policy = storm ? { ...BASE_SETTINGS, coolOffMinutes: 60 } : BASE_SETTINGS;
        const { messages } = run(steps, SETTINGS, policy);
        const escalations = messages.filter((m) => m.note !== undefined);
        const perEpisode = new Map<string, string[]>();
        for (const m of escalations) {
          const since = 'since' in m.event ? m.event.since : '';
          const told = perEpisode.get(since) ?? [];
          told.push(m.tier);
          perEpisode.set(since, told);
          // Never before the delay: each tier's time counted from the one told before it.
          const before = Date.parse(m.note?.told.at(-1)?.at ?? '');
          const delay = SETTINGS.tiers.find((t) => t.name === m.tier)?.afterMinutes ?? 0;
          expect(before + delay * 60_000).toBeLessThanOrEqual(at(m.minute).getTime());
        }
        for (const tiers of perEpisode.values())
          expect(tiers).toEqual(SETTINGS.tiers.slice(0, tiers.length).map((t) => t.name));
      }),
      { numRuns: 100 },
    );
  });

  it('the clock survives a damaged record: record.ts keeps each run that parses and names the loss', () => {
    const { state } = run(every5(0, 20, 20_000));
    const good = state?.escalations?.[0];
    expect(good?.told.map((t) => t.tier)).toEqual(['it-oncall']);
    const damaged = { episode: 'f:x', about: 'FAILING', alert: { severity: 'LOW' }, told: [] };
    const healed = healRecord(
      {
        schema: 2,
        state: { ...state, escalations: [damaged, JSON.parse(JSON.stringify(good))] },
        outbox: [],
        undeliverable: [],
      },
      at(25),
    );
    expect(healed.record?.state.escalations).toEqual([good]);
    expect(healed.problems).toEqual(['state.escalations was unreadable and was rebuilt']);
  });
});
