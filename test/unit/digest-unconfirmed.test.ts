import { describe, expect, it } from 'vitest';
import { digestOf } from '../../lambda/alerting/digest';
import { parseAlertEvent } from '../../lambda/alerting/event-schema';
import { evaluate } from '../../lambda/alerting/policy';
import type { AlertState } from '../../lambda/alerting/state';
import { renderWebhook } from '../../lambda/channels/webhook';
import { renderAlert, type RenderContext } from '../../lambda/messages/render';
import { createWebhookValidator } from '../../tools/webhook-receiver';
import { BASE_SETTINGS } from '../support/sample-events';

/**
 * Issue 20: the digest says how many of the account's recipients receive nothing yet
 * (unconfirmed for over a day, or removed and subscribed again), with the fix; a count only.
 */

const now = new Date('2026-12-03T08:00:00.000Z');
const dakar: RenderContext = { timeZone: 'Africa/Dakar' };
const state: AlertState = evaluate(
  undefined,
  { kind: 'sample', balance: 250_000, currency: 'XOF', lastUpdate: '2026-12-03T07:45:00.000Z' },
  BASE_SETTINGS,
  new Date('2026-12-03T07:45:00.000Z'),
  'main',
).state;
const digest = (unconfirmed?: number) =>
  digestOf(state, BASE_SETTINGS, now, 'main', 'XOF', unconfirmed);

describe('the digest of an account whose recipients are not all receiving alerts', () => {
  it('carries the count, and nothing when it is 0 or unknown (the digest is then as before)', () => {
    expect(digest(2).unconfirmedRecipients).toBe(2);
    expect(digest(0)).toEqual(digest());
    expect('unconfirmedRecipients' in digest(0)).toBe(false);
    expect(renderAlert(digest(0), 'en', dakar)).toEqual(renderAlert(digest(), 'en', dakar));
  });

  it('says how many, and the fix in one line, in English and in French', () => {
    expect(renderAlert(digest(2), 'en', dakar).email).toContain(
      `2 recipients of these alerts receive nothing: unconfirmed for over a day, or removed and subscribed again. Fix: run npm run confirm -- '<the link of their "AWS Notification - Subscription Confirmation" e-mail>' (the operators were told which addresses).`,
    );
    expect(renderAlert(digest(1), 'en', dakar).email).toContain(
      '1 recipient of these alerts receives nothing:',
    );
    expect(renderAlert(digest(3), 'fr', dakar).email).toContain(
      `3 destinataires de ces alertes ne reçoivent rien : abonnement non confirmé depuis plus d'un jour, ou retiré puis réabonné. À faire : lancez npm run confirm -- '<le lien de leur e-mail « AWS Notification - Subscription Confirmation »>' (le service informatique a reçu la liste des adresses).`,
    );
    expect(renderAlert(digest(1), 'fr', dakar).email).toContain(
      '1 destinataire de ces alertes ne reçoit rien :',
    );
    expect(renderAlert(digest(), 'en', dakar).email).not.toContain('recipient');
    expect(renderAlert(digest(), 'fr', dakar).email).not.toContain('destinataire');
  });

  it('is stored and read back whole; the webhook body carries the count only and validates', () => {
    const event = digest(2);
    expect(parseAlertEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    const body = renderWebhook({ id: 'digest-1', event }, 'en', dakar);
    expect(createWebhookValidator()(body)).toEqual([]);
    expect(body.event).toMatchObject({ unconfirmedRecipients: 2 });
    expect(JSON.stringify(body)).not.toMatch(/@/);
    const wrong = { ...body, event: { ...event, unconfirmedRecipients: 0 } };
    expect(createWebhookValidator()(wrong)).not.toEqual([]);
  });
});
