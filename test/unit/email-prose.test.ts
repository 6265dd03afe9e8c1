import { describe, expect, it } from 'vitest';
import type { AlertEvent, FailingEvent } from '../../lambda/alerting/types';
import { DETAIL_CODES } from '../../lambda/contract/failure-detail';
import { escalatedDraft } from '../../lambda/messages/escalation-note';
import { durationFacts } from '../../lambda/messages/facts';
import { runwayInWords } from '../../lambda/messages/locales/en-duration';
import { fr } from '../../lambda/messages/locales/fr';
import { draftOf, renderAlert, type RenderContext } from '../../lambda/messages/render';
import { sampleEvents } from '../support/sample-events';

/**
 * An English e-mail is read at leisure, by a finance person: its durations are written out
 * ("8 hours 30 minutes"), never abbreviated as an SMS must ("8 h 30 min"). The SMS of the same
 * events keeps the short form, where every character counts. French prose keeps its own
 * durations ("8 h 30 min", "6 heures"): its texts do not change.
 */

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
/** An abbreviated duration: "8 h", "30 min", "2 d". */
const ABBREVIATED = /\b\d+ (h|min|d)\b/;
const help: RenderContext = {
  timeZone: 'Africa/Dakar',
  topUp: { contact: 'Awa +221 77 123 45 67', url: 'https://pay.example.sn/recharge' },
};
const events: AlertEvent[] = [...sampleEvents('payouts'), ...sampleEvents()];
const named = events.map((e, i) => [`${i} ${e.severity}`, e] as const);

describe('English e-mails write their durations out', () => {
  it.each(named)('%s: no abbreviated duration in the e-mail', (_name, event) => {
    for (const context of [{ timeZone: 'Africa/Dakar' }, help])
      expect(plain(renderAlert(event, 'en', context).email)).not.toMatch(ABBREVIATED);
  });

  it('while the SMS of the same events keeps the short form', () => {
    const short = events
      .map((e) => plain(renderAlert(e, 'en', help).sms))
      .filter((sms) => ABBREVIATED.test(sms));
    // The reminders, the RECOVERED, the FORECAST, the digest: how long, in a few characters.
    expect(short.length).toBeGreaterThanOrEqual(6);
    expect(short.join('\n')).not.toMatch(/\b\d+ (hours?|minutes?|days?)\b/);
  });

  it('an escalated e-mail says how long nobody answered in words; its SMS stays short', () => {
    const escalating = events.filter((e) => ['LOW', 'CRITICAL', 'FAILING'].includes(e.severity));
    expect(escalating.length).toBeGreaterThan(0);
    for (const event of escalating) {
      const note = { tier: 'direction', afterMinutes: 95, told: [{ at: event.at }] };
      const draft = escalatedDraft(draftOf(event, 'en', help), event, note, 'en', help);
      const alert = renderAlert(event, 'en', help, draft);
      expect(plain(alert.email)).not.toMatch(ABBREVIATED);
      expect(alert.email).toContain('for 1 hour 35 minutes.');
      expect(alert.sms.startsWith('No one on it for 1 h 35 min:')).toBe(true);
    }
  });

  it("a failed read's cause writes its seconds and minutes out in the e-mail, not in the SMS", () => {
    const failing = events.find((e): e is FailingEvent => e.severity === 'FAILING');
    if (failing === undefined) throw new Error('no FAILING among the samples');
    for (const code of DETAIL_CODES) {
      const event: FailingEvent = {
        ...failing,
        failure: {
          kind: 'invalid-response',
          status: 200,
          reason: 'x',
          detail: { code, status: 200, seconds: 30, minutes: 90 },
        },
      };
      const alert = renderAlert(event, 'en', help);
      expect(plain(alert.email), code).not.toMatch(/\b\d+ (h|min|d|s)\b/);
      if (code === 'api-future-update') {
        expect(alert.email).toContain('is 1 hour 30 minutes in the future');
        expect(alert.sms).toContain('is 90 min in the future');
      }
      if (code === 'api-timeout') {
        expect(alert.email).toContain('within 30 seconds');
        expect(alert.sms).toContain('within 30 s');
      }
    }
  });

  it("a provider's long wait reads in minutes and hours; an unknown one leaves the e-mail without a '?'", () => {
    const failing = events.find((e): e is FailingEvent => e.severity === 'FAILING');
    if (failing === undefined) throw new Error('no FAILING among the samples');
    const withDetail = (detail: FailingEvent['failure']['detail']): FailingEvent => ({
      ...failing,
      failure: { kind: 'invalid-response', status: 200, reason: 'x', ...(detail && { detail }) },
    });
    const hour = renderAlert(withDetail({ code: 'api-retry-after-too-long', seconds: 3600 }), 'en');
    expect(hour.email).toContain('the API asked to wait 1 hour before asking again');
    expect(hour.sms).toContain('wait 3600 s');
    for (const code of DETAIL_CODES) {
      const alert = renderAlert(withDetail({ code }), 'en');
      expect(alert.email, code).not.toMatch(/\? (s|min)\b/);
    }
    expect(renderAlert(withDetail({ code: 'api-timeout' }), 'en').email).toContain(
      'the API did not answer in time',
    );
  });
});

describe('a runway in English prose', () => {
  it('says the likely time in words and its range rounded to a step of its size, in one unit where it can', () => {
    // The sample LOW's runway: "3 h 15 min (2 h 35 min to 5 h 36 min)" in an SMS's words.
    expect(runwayInWords(195, 155, 336)).toBe(
      '3 hours 15 minutes (between 2 hours 30 minutes and 5 hours 30 minutes)',
    );
    expect(runwayInWords(45, 32, 172)).toBe(
      '45 minutes (between 30 minutes and 2 hours 45 minutes)',
    );
    expect(runwayInWords(40, 32, 52)).toBe('40 minutes (between 30 and 50 minutes)');
    // The latest to the nearest step, up as well as down.
    expect(runwayInWords(200, 155, 338)).toBe(
      '3 hours 20 minutes (between 2 hours 30 minutes and 5 hours 45 minutes)',
    );
    // A tight range around an hour stays tight (a whole hour's step would double it).
    expect(runwayInWords(56, 51, 61)).toBe('56 minutes (between 50 minutes and 1 hour)');
    // A few minutes at the earliest are said as they are: the warning is that one.
    expect(runwayInWords(60, 3, 90)).toBe('1 hour (between 3 minutes and 1 hour 30 minutes)');
    expect(runwayInWords(10, 3, 12)).toBe('10 minutes (between 3 and 10 minutes)');
    expect(runwayInWords(2, 0.2, 4)).toBe('2 minutes (within 4 minutes)');
    // Under two days, whole hours in hours: not "between 23 hours and 1 day 1 hour".
    expect(runwayInWords(1430, 1380, 1500)).toBe('23 hours 50 minutes (between 23 and 25 hours)');
    expect(runwayInWords(600, 500, 1500)).toBe('10 hours (between 8 and 25 hours)');
    expect(runwayInWords(1800, 1500, 2000)).toBe('1 day 6 hours (between 25 and 33 hours)');
    // Nothing wider than one bound once rounded: the likely time alone.
    expect(runwayInWords(180, 180, 180)).toBe('3 hours');
  });

  it('never says the earliest later than computed, nor the latest more than half a step from it', () => {
    const minutesOf = (words: string): number =>
      [...words.matchAll(/(\d+) (day|hour|minute)s?/g)].reduce(
        (sum, [, n, unit]) => sum + Number(n) * (unit === 'day' ? 1440 : unit === 'hour' ? 60 : 1),
        0,
      );
    for (let earliest = 1; earliest < 3000; earliest += 7)
      for (const spread of [1, 13, 59, 61, 240, 1441]) {
        const latest = earliest + spread;
        const text = runwayInWords(earliest + spread / 2, earliest, latest);
        const range = /\((?:between (.+) and (.+)|within (.+))\)$/.exec(text);
        if (range === null) continue;
        const [, from, to, within] = range;
        // "between 23 and 25 hours": the unit said once, after the second bound.
        const unit = / (hours|minutes)$/.exec(to ?? '')?.[1];
        const fromWords = from !== undefined && /^\d+$/.test(from) ? `${from} ${unit ?? ''}` : from;
        if (fromWords !== undefined)
          expect(minutesOf(fromWords), text).toBeLessThanOrEqual(earliest);
        const step = latest < 120 ? 5 : latest < 360 ? 15 : 60;
        expect(minutesOf(to ?? within ?? ''), text).toBeLessThanOrEqual(latest + step / 2);
        expect(minutesOf(to ?? within ?? ''), text).toBeGreaterThanOrEqual(latest - step / 2);
      }
  });

  it('writes every size in words, with "1 hour" and "2 hours" agreeing', () => {
    for (let earliest = 0; earliest < 3000; earliest += 7)
      for (const spread of [0, 1, 13, 59, 61, 240, 1441]) {
        const text = runwayInWords(earliest + spread / 2, earliest, earliest + spread);
        expect(text).not.toMatch(ABBREVIATED);
        expect(text).not.toMatch(/\b1 (hours|minutes|days)\b|\b([02-9]|\d\d+) (hour|minute|day)\b/);
        expect(text).not.toMatch(/between 0\b/);
      }
  });
});

describe('French prose keeps its durations', () => {
  it('its prose words are its short ones: "8 h 30 min", "6 heures"', () => {
    for (const minutes of [0, 1, 45, 60, 360, 510, 1440, 1830, 10_000]) {
      const d = durationFacts(minutes);
      expect(fr.words.durationInProse(d)).toBe(fr.words.duration(d));
    }
    expect(fr.words.runwayInProse(195, 155, 336)).toBe(
      fr.words.runwayRange('3 h 15 min', '2 h 35 min', '5 h 36 min'),
    );
  });
});
