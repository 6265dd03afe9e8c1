import { BASE_SETTINGS } from '../support/sample-events';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../lambda/alerting/digest';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import { renderAlert } from '../../lambda/messages/render';

/** The morning digest, from the state alone: what the last 24 hours were. */

const settings: PolicySettings = BASE_SETTINGS;
const start = Date.parse('2026-12-01T08:00:00.000Z');

function day(): AlertState | undefined {
  let state: AlertState | undefined;
  // 24 hours of hourly checks: 300,000 falling by 10,000 an hour, two failed reads at 10:00 and
  // 11:00; below LOW from the 21st hour.
  for (let h = 0; h < 24; h += 1) {
    const now = new Date(start + h * 3_600_000);
    const failed = h === 2 || h === 3;
    state = evaluate(
      state,
      failed
        ? { kind: 'failure', failure: { kind: 'unavailable', reason: 'down' } }
        : {
            kind: 'sample',
            balance: 300_000 - h * 10_000,
            currency: 'XOF',
            lastUpdate: now.toISOString(),
          },
      settings,
      now,
      'main',
    ).state;
  }
  return state;
}

describe('the digest', () => {
  it('says the balance now, the change, the range, the time below LOW, the checks and failures', () => {
    const digest = digestOf(day(), settings, new Date(start + 24 * 3_600_000), 'main', 'XOF');
    expect(digest).toMatchObject({
      severity: 'DIGEST',
      balance: 70_000,
      change24h: -230_000,
      lowest: 70_000,
      highest: 300_000,
      checks: 24,
      failedChecks: 2,
      episode: { level: 'LOW' },
    });
    // Samples at 21:00, 22:00 and 23:00 (the last counted to now): 3 hours below LOW.
    expect(digest.belowLowMinutes).toBe(180);
    const email = renderAlert(digest, 'en', { timeZone: 'Africa/Dakar' }).email;
    expect(email).toContain('Over 24 hours: down XOF\u00a0230,000.');
    expect(email).toContain('Below the low threshold of XOF\u00a0100,000 for 3 hours.');
    expect(email).toContain('Checks: 24, of which 2 failed.');
  });

  it('with nothing read in a day, says so', () => {
    const digest = digestOf(undefined, settings, new Date(start), 'main', 'XOF');
    expect(digest).toMatchObject({ checks: 0, failedChecks: 0, belowLowMinutes: 0 });
    expect(digest.balance).toBeUndefined();
    expect(renderAlert(digest, 'fr', { timeZone: 'Africa/Dakar' }).email).toContain(
      'Aucune lecture réussie ces dernières 24 heures.',
    );
  });
});

describe('the open alert', () => {
  it('dates it from the fall below LOW, and says the level now apart: never "critical since" the LOW time', () => {
    const digest = digestOf(day(), settings, new Date(start + 24 * 3_600_000), 'main', 'XOF');
    // Below LOW from the 21st hourly check (05:00 the next day, Dakar is UTC).
    expect(digest.episode).toMatchObject({ level: 'LOW', since: '2026-12-02T05:00:00.000Z' });
    const dakar = { timeZone: 'Africa/Dakar' };
    expect(renderAlert(digest, 'fr', dakar).email).toContain(
      "Alerte ouverte depuis le 2 déc. à 5 h 00 (passage sous le seuil bas) ; personne ne s'en occupe encore.",
    );
    const critical = {
      ...digest,
      episode: { level: 'CRITICAL', since: '2026-12-02T05:00:00.000Z', acknowledgedBy: 'Awa' },
    } as const;
    expect(renderAlert(critical, 'fr', dakar).email).toContain(
      "Alerte ouverte depuis le 2 déc. à 5 h 00 (passage sous le seuil bas) ; niveau actuel : critique ; Awa s'en occupe.",
    );
    expect(renderAlert(critical, 'en', dakar).email).toContain(
      'Open alert since Dec 2, 5:00 am (when the balance went below the low threshold); level now: critical; acknowledged by Awa.',
    );
    for (const locale of ['en', 'fr'] as const)
      expect(renderAlert(critical, locale, dakar).email).not.toMatch(
        /critical since|critique depuis/,
      );
  });
});

describe('a day without movement', () => {
  it('says "unchanged", not "up 0"', () => {
    const digest = {
      ...digestOf(day(), settings, new Date(start + 24 * 3_600_000), 'main', 'XOF'),
      change24h: 0,
    };
    const en = renderAlert(digest, 'en', { timeZone: 'Africa/Dakar' });
    const fr = renderAlert(digest, 'fr', { timeZone: 'Africa/Dakar' });
    expect(en.email).toContain('Over 24 hours: unchanged.');
    expect(fr.email).toContain('Sur 24 heures : inchangé.');
    for (const text of [en.email, en.sms, fr.email, fr.sms])
      expect(text).not.toMatch(/\b0\)|\bup XOF|\+XOF/);
  });
});

describe('the checks of the last 24 hours', () => {
  it('counts no more checks than 24 hours hold (one every 5 minutes: 289, both ends counted)', () => {
    let state: AlertState | undefined;
    const begin = start - 3_600_000;
    // Till 08:40: the digest's window starts at 08:40 the day before, mid-hour.
    for (let m = 0; m <= 25 * 60 + 40; m += 5) {
      const now = new Date(begin + m * 60_000);
      state = evaluate(
        state,
        { kind: 'sample', balance: 300_000, currency: 'XOF', lastUpdate: now.toISOString() },
        settings,
        now,
        'main',
      ).state;
    }
    const digest = digestOf(
      state,
      settings,
      new Date(begin + (25 * 60 + 40) * 60_000),
      'main',
      'XOF',
    );
    expect(digest.checks).toBeLessThanOrEqual(289);
    expect(digest.checks).toBeGreaterThanOrEqual(276);
  });
});
