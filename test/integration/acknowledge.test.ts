import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { signAck } from '../../lambda/ack/token';
import {
  ACK_ACCOUNT as ACCOUNT,
  ACK_KEY as KEY,
  acknowledgeSetUp,
  closeAckServers,
} from '../support/ack-fixture';

/**
 * "I'm on it", over real HTTP: the page served locally by the adapter `npm start` uses, the
 * state in moto, alerts from the real handler. GET shows and changes nothing; POST records;
 * the reminders stop, CRITICAL still alerts, the recovery says who acknowledged; a forged,
 * expired or replayed link changes nothing.
 */

const motoUrl = inject('motoUrl');
const sandboxUrl = inject('sandboxUrl');

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await closeAckServers();
});

describe.skipIf(motoUrl === null)('"I\'m on it"', () => {
  it('GET shows and records nothing; POST records; reminders stop; CRITICAL still alerts; the recovery says who', async () => {
    const { monitor, handler, state, linkIn, at } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000, 45_000, 45_000, 10_000, 250_000],
    );
    await monitor.invoke({}, handler);
    const [low] = await monitor.sent();
    const link = linkIn(low?.message.email ?? '');
    expect(low?.message.email).toContain("Je m'en occupe (arrête les rappels de cet épisode) : ");
    expect(link).toBeDefined();

    const shown = await fetch(link ?? '');
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const html = await shown.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain('Compte « Boutique Dakar » : solde bas');
    expect(html).not.toMatch(/<script|https?:\/\/(?!127)/);
    expect((await state())?.episode?.acknowledgedAt).toBeUndefined();

    const token = new URL(link ?? '').searchParams.get('t') ?? '';
    const posted = await fetch(link ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, name: 'Awa' }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Merci, Awa.');
    expect((await state())?.episode).toMatchObject({ acknowledgedBy: 'Awa' });

    // The next check tells the others once; 7 hours on, no reminder; a fall to CRITICAL alerts.
    await at(5);
    await at(7 * 60);
    await at(7 * 60 + 5);
    const severities = (await monitor.sent()).map((s) => s.attributes.severity);
    expect(severities).toEqual(['LOW', 'ACKNOWLEDGED', 'CRITICAL']);
    // Recovered: it says who had acknowledged; the link no longer works.
    await at(7 * 60 + 10);
    const recovered = (await monitor.sent()).at(-1);
    expect(recovered?.attributes.severity).toBe('RECOVERED');
    expect(recovered?.message.email).toContain("Awa l'avait pris en charge.");
    const replay = await fetch(link ?? '');
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain('Cet épisode est terminé');
  });

  it('a link for an episode and key of another signer is refused, as is one that expired', async () => {
    const { page, monitor, handler, state } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000],
    );
    await monitor.invoke({}, handler);
    const since = (await state())?.episode?.since ?? '';
    const forged = signAck(
      { account: ACCOUNT, episode: `b:${since}`, expires: 4_000_000_000, locale: 'en' },
      'not-the-key',
    );
    const expired = signAck(
      { account: ACCOUNT, episode: `b:${since}`, expires: 1_000, locale: 'en' },
      KEY,
    );
    for (const [token, status, text] of [
      [forged, 400, 'it was changed'],
      [expired, 410, 'This link has expired'],
    ] as const) {
      const response = await fetch(page.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: token, name: 'Mallory' }).toString(),
      });
      expect(response.status).toBe(status);
      expect(await response.text()).toContain(text);
    }
    expect((await state())?.episode?.acknowledgedAt).toBeUndefined();
  });
});
