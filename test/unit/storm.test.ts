import { describe, expect, it } from 'vitest';
import { evaluate, type Observation, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { AlertEvent, Severity } from '../../lambda/alerting/types';
import { stillTrue } from '../../lambda/alerting/held';
import { wantsRoute } from '../../lambda/delivery/channel-port';
import { enqueue } from '../../lambda/delivery/enqueue';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { routeSchema } from '../../lambda/contract/routing';
import { LIFECYCLE_RANGES } from '../../lambda/contract/settings';
import { renderWebhook } from '../../lambda/channels/webhook';
import { renderAlert } from '../../lambda/messages/render';
import { createWebhookValidator } from '../../tools/webhook-receiver';
import { gsm7Length } from '../../lambda/messages/text';

/**
 * Issue 20, item 3: a glitching provider must not flood the phones. The two storm patterns,
 * through the real policy and the outbox's enqueue with the default SMS route (CRITICAL and
 * above, and FAILING), for 3 hours of checks every 5 minutes.
 */

/** What `cdk deploy` gives an account with LOW 100,000 and no CRITICAL threshold. */
const DEPLOYED: PolicySettings = {
  thresholds: { low: 100_000, critical: undefined },
  repeatAfterMinutes: LIFECYCLE_RANGES.repeatAlertMinutes.fallback,
  recoveryMarginPercent: 5,
  recoveryMarginAmount: 5000,
  failureAlertAfter: LIFECYCLE_RANGES.failureAlertAfter.fallback,
  staleAfterMinutes: LIFECYCLE_RANGES.staleAfterMinutes.fallback,
  forecastHorizonMinutes: LIFECYCLE_RANGES.forecastHorizonMinutes.fallback,
  coolOffMinutes: LIFECYCLE_RANGES.coolOffMinutes.fallback,
};
const OFF: PolicySettings = { ...DEPLOYED, coolOffMinutes: 0 };

const START = Date.parse('2026-12-07T08:00:00Z');
const CHECKS_IN_3_HOURS = 36;

const sample = (balance: number, at: number): Observation => ({
  kind: 'sample',
  balance,
  currency: 'XOF',
  lastUpdate: new Date(at).toISOString(),
});
const failed: Observation = {
  kind: 'failure',
  failure: { kind: 'unavailable', status: 503, reason: 'the API failed (503)' },
};

/** 500 000 and 0 in turn, from 500 000 (so the 3 hours end on a 0). */
const flapping = (i: number, at: number) => sample(i % 2 === 0 ? 500_000 : 0, at);
/** 3 failed reads, then a good one, over and over. */
const threeFailedOneGood = (i: number, at: number) => (i % 4 === 3 ? sample(500_000, at) : failed);

function run(
  settings: PolicySettings,
  observe: (i: number, at: number) => Observation,
  checks = CHECKS_IN_3_HOURS,
  start = START,
  from?: AlertState,
) {
  let state = from;
  let outbox: OutboxEntry[] = [];
  const events: AlertEvent[] = [];
  const sms = { name: 'sms', wants: wantsRoute(routeSchema.parse({})) };
  for (let i = 0; i < checks; i++) {
    const at = start + i * 5 * 60_000;
    const result = evaluate(state, observe(i, at), settings, new Date(at), 'main');
    state = result.state;
    events.push(...result.events);
    outbox = enqueue(outbox, result.events, [sms], new Date(at));
  }
  if (state === undefined) throw new Error('no check ran');
  const count = (severity: Severity) => events.filter((e) => e.severity === severity).length;
  return { state, events, count, sms: outbox.length };
}

describe('storm control (issue 20, item 3)', () => {
  it('without the cool-off, the storms reproduce: 18 CRITICAL and 17 RECOVERED, 9 FAILING and 9 FAILING_RESOLVED in 3 hours', () => {
    const balance = run(OFF, flapping);
    expect([balance.count('CRITICAL'), balance.count('RECOVERED'), balance.sms]).toEqual([
      18, 17, 35,
    ]);
    const reads = run(OFF, threeFailedOneGood);
    expect([reads.count('FAILING'), reads.count('FAILING_RESOLVED')]).toEqual([9, 9]);
  });

  it('with the default cool-off, 3 hours of 500 000/0 flapping give at most 2 LOW/CRITICAL and 2 RECOVERED', () => {
    const { count, sms, events } = run(DEPLOYED, flapping);
    expect(count('LOW') + count('CRITICAL')).toBeLessThanOrEqual(2);
    expect(count('RECOVERED')).toBeLessThanOrEqual(2);
    // Exactly: the first CRITICAL, its RECOVERED at once, then one CRITICAL that says the
    // readings are unstable; no reminder within the 6-hour interval.
    expect(events.map((e) => e.severity)).toEqual(['CRITICAL', 'RECOVERED', 'CRITICAL']);
    expect(events[2]).toMatchObject({
      since: events[0]?.at,
      unstable: { endedAt: events[1]?.at, coolOffMinutes: 30 },
    });
    expect(sms).toBe(3);
  });

  it('with the default cool-off, 3 hours of "3 failed, 1 good" give at most 2 FAILING and 2 FAILING_RESOLVED', () => {
    const { count, events, sms } = run(DEPLOYED, threeFailedOneGood);
    const first = events[0];
    if (first?.severity !== 'FAILING') throw new Error('FAILING expected first');
    expect(count('FAILING')).toBeLessThanOrEqual(2);
    expect(count('FAILING_RESOLVED')).toBeLessThanOrEqual(2);
    expect(events.map((e) => e.severity)).toEqual(['FAILING', 'FAILING_RESOLVED', 'FAILING']);
    // The same episode: the first failure's start.
    expect(events[2]).toMatchObject({
      since: first.since,
      unstable: { endedAt: events[1]?.at },
    });
    expect(sms).toBe(3);
  });

  it('when the flapping stops, the unstable episode ends once the balance has stayed up for the cool-off', () => {
    const storm = run(DEPLOYED, flapping);
    const after = START + CHECKS_IN_3_HOURS * 5 * 60_000;
    const calm = run(DEPLOYED, (_i, at) => sample(500_000, at), 8, after, storm.state);
    // The storm ended on a 0: up from the 1st check after it, told 30 minutes later.
    expect(calm.events.map((e) => [e.severity, e.at])).toEqual([
      ['RECOVERED', new Date(after + 30 * 60_000).toISOString()],
    ]);
    expect(calm.state.episode).toBeUndefined();
  });

  it('the reads steady again, the unstable failure ends once they have been good for the cool-off', () => {
    const storm = run(DEPLOYED, threeFailedOneGood);
    const after = START + CHECKS_IN_3_HOURS * 5 * 60_000;
    const calm = run(DEPLOYED, (_i, at) => sample(500_000, at), 8, after, storm.state);
    // The storm ended on a good read, 5 minutes before: told 30 minutes after that one.
    expect(calm.events.map((e) => [e.severity, e.at])).toEqual([
      ['FAILING_RESOLVED', new Date(after + 25 * 60_000).toISOString()],
    ]);
    expect(calm.state.failure).toBeUndefined();
  });

  it('a top-up, then payouts an hour later: the new drop alerts at once, as a new episode', () => {
    const drop = (i: number, at: number) => sample(i < 2 ? 0 : i < 14 ? 500_000 : 50_000, at);
    const { events } = run(DEPLOYED, drop, 16);
    expect(events.map((e) => [e.severity, e.at])).toEqual([
      ['CRITICAL', new Date(START).toISOString()],
      ['RECOVERED', new Date(START + 2 * 5 * 60_000).toISOString()],
      ['LOW', new Date(START + 14 * 5 * 60_000).toISOString()],
    ]);
    expect(events[2]).not.toHaveProperty('unstable');
  });

  it('a drop inside the cool-off alerts at once too, and keeps the acknowledgment', () => {
    const first = run(DEPLOYED, (_i, at) => sample(0, at), 1);
    const open = first.state.episode;
    if (open === undefined) throw new Error('an open episode expected');
    const acknowledged: AlertState = {
      ...first.state,
      episode: {
        ...open,
        acknowledgedAt: new Date(START + 60_000).toISOString(),
        acknowledgedBy: 'Awa',
        acknowledgedLevel: 'CRITICAL',
        ackAnnounced: true,
      },
    };
    const later = run(
      DEPLOYED,
      (i, at) => sample(i === 0 ? 500_000 : 0, at),
      2,
      START + 5 * 60_000,
      acknowledged,
    );
    expect(later.events.map((e) => e.severity)).toEqual(['RECOVERED', 'CRITICAL']);
    expect(later.state.episode).toMatchObject({
      acknowledgedBy: 'Awa',
      since: first.events[0]?.at,
    });
  });

  it('the reopening says, in English and in French, what happened (back to the recovery level, fallen again) and that it is the same alert, by e-mail and by SMS', () => {
    const balance = run(DEPLOYED, flapping).events[2];
    const reads = run(DEPLOYED, threeFailedOneGood).events[2];
    if (balance === undefined || reads === undefined) throw new Error('a reopening expected');
    const dakar = { timeZone: 'Africa/Dakar' };
    const texts = (event: AlertEvent) =>
      (['en', 'fr'] as const).map((locale) => renderAlert(event, locale, dakar));
    const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    const [balanceEn, balanceFr] = texts(balance);
    const [readsEn, readsFr] = texts(reads);
    // The RECOVERED went out at 08:10 GMT (Dakar): the reopening names it.
    expect(plain(balanceEn?.email ?? '')).toContain(
      `The balance was back to at least XOF 105,000 on Dec 7 at 8:10 am and has fallen again within 30 minutes, so this is treated as the same alert (same acknowledgment, same reminders). Its end will be told once the balance has stayed up for 30 minutes.`,
    );
    // A real top-up then real payouts look the same: nothing says the readings are wrong.
    for (const text of [balanceEn, balanceFr, readsEn, readsFr])
      expect(plain(`${text?.email ?? ''} ${text?.sms ?? ''}`)).not.toMatch(/unstable|instable/i);
    expect(plain(balanceEn?.sms ?? '')).toContain(
      `Back to at least XOF 105,000 at 8:10 am, fell again.`,
    );
    expect(plain(balanceFr?.email ?? '')).toContain(
      "Le solde avait atteint le niveau de fin d'alerte (105 000 F CFA)",
    );
    expect(plain(balanceFr?.email ?? '')).toContain(
      "c'est donc la même alerte qui continue (la personne qui s'en occupe et les rappels restent les mêmes).",
    );
    expect(plain(balanceFr?.email ?? '')).toContain(
      "Sa fin ne sera annoncée qu'après 30 min sans rechute.",
    );
    // How much comes first: in French the note that it fell again no longer fits this SMS
    // (an empty balance, a CRITICAL's longer core), and the e-mail says it.
    expect(plain(balanceFr?.sms ?? '')).toContain("Minimum 105 000 F CFA pour clore l'alerte.");
    expect(plain(readsEn?.email ?? '')).toContain('Reads worked again on');
    expect(plain(readsEn?.email ?? '')).toContain('so this is treated as the same alert');
    expect(readsEn?.sms).toContain('Readable again at 8:15 am, then failed.');
    expect(plain(readsFr?.email ?? '')).toContain('Les lectures avaient repris le');
    for (const text of [balanceEn, balanceFr, readsEn, readsFr])
      expect(gsm7Length(text?.sms ?? '')).toBeLessThanOrEqual(160);
  });

  it('the reopenings, and a summary of what the hourly cap held, are valid webhook bodies in both languages', () => {
    const balance = run(DEPLOYED, flapping).events[2];
    const reads = run(DEPLOYED, threeFailedOneGood).events[2];
    if (balance === undefined || reads === undefined) throw new Error('a reopening expected');
    const held: AlertEvent = {
      severity: 'HELD',
      account: 'main',
      at: '2026-12-07T09:00:00.000Z',
      reason: 'cap',
      capPerHour: 6,
      events: [balance, reads],
    };
    const validate = createWebhookValidator();
    for (const event of [balance, reads, held])
      for (const locale of ['en', 'fr'] as const) {
        const body = renderWebhook({ id: `main/${event.at}/0/${event.severity}`, event }, locale, {
          timeZone: 'Africa/Dakar',
        });
        expect(validate(body), `${event.severity} ${locale}`).toEqual([]);
      }
    expect(renderAlert(held, 'fr', { timeZone: 'Africa/Dakar' }).email).toContain(
      "Pendant l'heure où la limite de 6 alertes a été atteinte",
    );
    // The summary says what the limit is, in both languages and in the SMS.
    expect(renderAlert(held, 'en', { timeZone: 'Africa/Dakar' }).email).toContain(
      'During the hour that reached its limit of 6 alerts,',
    );
    expect(renderAlert(held, 'en', { timeZone: 'Africa/Dakar' }).sms).toContain(
      'after the hour that reached its limit of 6 alerts:',
    );
  });

  it('what a hold kept of a storm is said once: the open episode, as its latest alert says it', () => {
    for (const [pattern, severity] of [
      [flapping, 'CRITICAL'],
      [threeFailedOneGood, 'FAILING'],
    ] as const) {
      const { events, state } = run(DEPLOYED, pattern);
      const kept = stillTrue(events, state);
      expect(kept).toEqual([events[2]]);
      expect(kept[0]).toMatchObject({ severity, unstable: { endedAt: events[1]?.at } });
    }
  });
});
