import { describe, expect, it } from 'vitest';
import { digestOf } from '../../lambda/alerting/digest';
import { parseAlertEvent } from '../../lambda/alerting/event-schema';
import { evaluate, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import type { DigestEvent } from '../../lambda/alerting/types';
import { renderChat } from '../../lambda/channels/chat';
import { renderWebhook } from '../../lambda/channels/webhook';
import { ACCOUNT_NAME_MAX_LENGTH } from '../../lambda/contract/settings';
import { renderAlert, type RenderContext } from '../../lambda/messages/render';
import { gsm7Length } from '../../lambda/messages/text';
import { createWebhookValidator } from '../../tools/webhook-receiver';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * Issue 14: the digest says the open failure episode too (since when, how many checks in a row,
 * who acknowledged it), not only the balance episode.
 */

const settings: PolicySettings = BASE_SETTINGS;
const start = Date.parse('2026-12-02T08:00:00.000Z');
const dakar: RenderContext = { timeZone: 'Africa/Dakar' };
const hour = 3_600_000;

/** 20 hourly good reads, then `failures` failed ones (FAILING goes out at the 3rd). */
function dayEndingInFailures(failures: number, account = 'main'): AlertState | undefined {
  let state: AlertState | undefined;
  for (let h = 0; h < 20 + failures; h += 1) {
    const now = new Date(start + h * hour);
    state = evaluate(
      state,
      h < 20
        ? {
            kind: 'sample',
            balance: 250_000,
            currency: 'XOF',
            lastUpdate: now.toISOString(),
          }
        : {
            kind: 'failure',
            failure: { kind: 'authentication', status: 401, reason: 'the key was rejected' },
          },
      settings,
      now,
      account,
    ).state;
  }
  return state;
}

const acknowledged = (state: AlertState | undefined, by: string): AlertState | undefined =>
  state?.failure === undefined
    ? state
    : {
        ...state,
        failure: {
          ...state.failure,
          acknowledgedAt: new Date(start + 23.5 * hour).toISOString(),
          acknowledgedBy: by,
        },
      };

const digestAt = (state: AlertState | undefined, account = 'main'): DigestEvent =>
  digestOf(state, settings, new Date(start + 24 * hour), account, 'XOF');

describe('the digest of an account whose balance cannot be read', () => {
  it('carries the open failure episode: since when, the checks failed in a row, not acknowledged', () => {
    const digest = digestAt(dayEndingInFailures(4));
    expect(digest.failing).toEqual({ since: '2026-12-03T04:00:00.000Z', failedChecks: 4 });
    expect(digest.failedChecks).toBe(4);
    expect(digest.episode).toBeUndefined();
  });

  it('says who acknowledged it (empty when no name was given)', () => {
    expect(digestAt(acknowledged(dayEndingInFailures(4), 'Awa')).failing).toEqual({
      since: '2026-12-03T04:00:00.000Z',
      failedChecks: 4,
      acknowledgedBy: 'Awa',
    });
    expect(digestAt(acknowledged(dayEndingInFailures(4), '')).failing?.acknowledgedBy).toBe('');
  });

  it('leaves out failures that did not make a FAILING yet, and an episode that ended', () => {
    // Two failed reads, under failureAlertAfter (3): the checks line counts them, no more.
    const early = digestAt(dayEndingInFailures(2));
    expect(early.failing).toBeUndefined();
    expect(early.failedChecks).toBe(2);
    const state = dayEndingInFailures(3);
    const readAgain = evaluate(
      state,
      {
        kind: 'sample',
        balance: 250_000,
        currency: 'XOF',
        lastUpdate: new Date(start + 23.5 * hour).toISOString(),
      },
      settings,
      new Date(start + 23.5 * hour),
      'main',
    ).state;
    expect(digestAt(readAgain).failing).toBeUndefined();
  });

  it('e-mail and chat say it in both languages', () => {
    const open = digestAt(dayEndingInFailures(4));
    const taken = digestAt(acknowledged(dayEndingInFailures(4), 'Awa'));
    expect(renderAlert(open, 'en', dakar).email).toContain(
      'Failing: the balance has not been readable since Dec 3, 4:00 am (4 checks in a row failed), not acknowledged.',
    );
    expect(renderAlert(taken, 'en', dakar).email).toContain(
      'Failing: the balance has not been readable since Dec 3, 4:00 am (4 checks in a row failed), acknowledged by Awa.',
    );
    expect(renderAlert(open, 'fr', dakar).email).toContain(
      "En échec : le solde est illisible depuis le 3 déc. à 4 h 00 (4 contrôles de suite en échec), personne ne s'en occupe encore.",
    );
    expect(renderAlert(taken, 'fr', dakar).email).toContain(
      "En échec : le solde est illisible depuis le 3 déc. à 4 h 00 (4 contrôles de suite en échec), Awa s'en occupe.",
    );
    const entry = { id: 'digest-1', event: taken };
    expect(renderChat(entry, 'en', dakar).content.description).toContain('acknowledged by Awa');
    expect(renderChat(entry, 'fr', dakar).content.description).toContain("Awa s'en occupe");
  });

  it('the SMS says it when it fits, and stays one GSM-7 segment with the longest account name', () => {
    const short = renderAlert(digestAt(dayEndingInFailures(4)), 'en', dakar).sms;
    expect(short).toContain('Unreadable since Dec 3, 4:00 am.');
    const longest = 'W'.repeat(ACCOUNT_NAME_MAX_LENGTH);
    for (const failures of [4, 30])
      for (const locale of ['en', 'fr'] as const)
        for (const timeZone of ['Africa/Dakar', 'America/Argentina/ComodRivadavia']) {
          const digest = digestAt(
            acknowledged(dayEndingInFailures(failures, longest), 'W'.repeat(40)),
            longest,
          );
          const sms = renderAlert(digest, locale, { timeZone }).sms;
          expect(gsm7Length(sms), sms).toBeLessThanOrEqual(160);
          expect(sms.endsWith('...'), sms).toBe(false);
        }
  });

  it('is stored and read back whole, and its webhook body validates against the documented schema', () => {
    const digest = digestAt(acknowledged(dayEndingInFailures(4), 'Awa'));
    expect(parseAlertEvent(JSON.parse(JSON.stringify(digest)))).toEqual(digest);
    const body = renderWebhook({ id: 'digest-1', event: digest }, 'en', dakar);
    expect(createWebhookValidator()(body)).toEqual([]);
    expect(body.event).toMatchObject({ failing: { since: '2026-12-03T04:00:00.000Z' } });
    // A field the schema does not know is refused inside `failing`.
    const wrong = { ...body, event: { ...digest, failing: { ...digest.failing, extra: 1 } } };
    expect(createWebhookValidator()(wrong)).not.toEqual([]);
  });
});
