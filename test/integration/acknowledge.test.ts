import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { FunctionUrlEvent } from '../../lambda/ack/handler';
import { signAck } from '../../lambda/ack/token';
import { clockTime } from '../../lambda/messages/words';
import { createStateTable } from '../../lambda/stores/dynamodb';
import {
  ACK_ACCOUNT as ACCOUNT,
  ACK_KEY as KEY,
  acknowledgeSetUp,
  closeAckServers,
  withLowEpisode,
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
    expect(low?.message.email).toContain("Je m'en occupe (arrête les rappels de cette alerte) : ");
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
    expect(recovered?.message.email).toContain("Awa s'en occupait.");
    const replay = await fetch(link ?? '');
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain('Cette alerte est close');
  });

  it('the page shows what the check read and judged by, from the table: balance, thresholds, how much, the chart', async () => {
    const { monitor, handler, state, firstLink } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000],
    );
    await monitor.invoke({}, handler);
    // The check keeps the levels it judged by beside its state, for the page.
    expect((await state())?.limits).toEqual({
      low: 100_000,
      critical: 25_000,
      recovery: 105_000,
      coverHours: 24,
    });
    const link = await firstLink();
    const html = await (await fetch(link)).text();
    const text = html
      .replace(/<style>[\s\S]*<\/style>/, '')
      .replace(/<\/?span[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
    expect(text).toMatch(/Solde 45 000 F CFA, lu le \d+ \S+ à \d+ h \d\d\./);
    expect(text).toContain('Seuil bas : 100 000 F CFA');
    expect(text).toContain('Seuil critique : 25 000 F CFA');
    expect(text).toContain("L'alerte prend fin à 105 000 F CFA");
    expect(text).toContain("Minimum 60 000 F CFA pour clore l'alerte.");
    expect(html).toContain('<svg class="chart"');
    expect(html).toContain('data-level="low"');
  });

  it('undone right after, nobody hears of it and the reminders come back', async () => {
    const { monitor, handler, state, firstLink, at } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000, 45_000, 45_000],
    );
    await monitor.invoke({}, handler);
    const link = await firstLink();
    const token = new URL(link).searchParams.get('t') ?? '';
    const post = (fields: Record<string, string>) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: token, ...fields }).toString(),
      });
    expect((await post({ name: 'Awa' })).status).toBe(200);
    const undone = await post({ undo: '1' });
    expect(undone.status).toBe(200);
    expect(await undone.text()).toContain('Annulé');
    expect((await state())?.episode?.acknowledgedAt).toBeUndefined();
    // No ACKNOWLEDGED at the next check; the reminder at its usual time.
    await at(5);
    await at(7 * 60);
    expect((await monitor.sent()).map((s) => s.attributes.severity)).toEqual(['LOW', 'REMINDER']);
  });

  it('under a silence, the page names the check that tells the others, and that very check does', async () => {
    const { monitor, handler, state, firstLink, at } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000, 45_000, 45_000],
    );
    await monitor.invoke({}, handler);
    const link = await firstLink();
    await monitor.invoke({ action: 'silence', minutes: 60 }, handler);
    const posted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: new URL(link).searchParams.get('t') ?? '', name: 'Awa' }),
    });
    const said = (await posted.text())
      .replace(/<\/?span[^>]*>/g, '')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
    // The checks run every 5 minutes from the last: the first at or after the silence's end.
    const saved = await state();
    const [checked, until] = [
      Date.parse(saved?.lastCheckAt ?? ''),
      Date.parse(saved?.silences?.[0]?.until ?? ''),
    ];
    const told = checked + Math.ceil((until - checked) / 300_000) * 300_000;
    const time = (t: number) => clockTime(new Date(t).toISOString(), 'fr', 'Africa/Dakar');
    // Near midnight the times fall on the next day, and the page names it ("jusqu'au 8 déc. à
    // 0 h 00", "vers le 8 déc. à 0 h 05"): the times are what this asserts, on either day.
    const escaped = (t: number) => time(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const day = '\\d{1,2} \\S+';
    expect(said).toMatch(
      new RegExp(
        `Une mise en silence retient les alertes de ce compte jusqu'(?:à|au ${day} à) ${escaped(until)} : les autres destinataires seront prévenus au contrôle suivant, vers (?:le ${day} à )?${escaped(told)}\\.`,
      ),
    );
    // The check before says nothing; the one the page named tells them.
    await at((told - 300_000 - Date.now()) / 60_000);
    expect((await monitor.sent()).map((s) => s.attributes.severity)).toEqual(['LOW']);
    await at((told - Date.now()) / 60_000);
    // (Released alert by alert on SNS, whose subscribers filter: the ACKNOWLEDGED itself.)
    const [, released] = await monitor.sent();
    expect(released?.attributes.severity).toBe('ACKNOWLEDGED');
    expect(released?.message.email).toContain('Awa');
  });

  it('a link for an episode and key of another signer is refused, as is one that expired', async () => {
    const { page, state, episode } = await withLowEpisode(motoUrl ?? '', sandboxUrl);
    const forged = signAck(
      { account: ACCOUNT, episode, expires: 4_000_000_000, locale: 'en' },
      'not-the-key',
    );
    const expired = signAck({ account: ACCOUNT, episode, expires: 1_000, locale: 'en' }, KEY);
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

  it('POST over a damaged item records the acknowledgment and reports what the item lost, once', async () => {
    const { monitor, handler, state, firstLink, healed } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000],
    );
    await monitor.invoke({}, handler);
    const link = await firstLink();
    // A broken outbox entry beside the record's good parts, as a hand edit or a bug leaves it.
    const dynamo = new DynamoDBClient({
      endpoint: motoUrl ?? '',
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const loaded = await createStateTable(dynamo, monitor.tableName, ACCOUNT).load(new Date());
    await dynamo.send(
      new PutItemCommand({
        TableName: monitor.tableName,
        Item: {
          account: { S: ACCOUNT },
          version: { N: '50' },
          record: {
            S: JSON.stringify({
              schema: 2,
              ...loaded.record,
              outbox: [...(loaded.record?.outbox ?? []), { broken: true }],
            }),
          },
        },
      }),
    );
    const posted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: new URL(link).searchParams.get('t') ?? '', name: 'Awa' }),
    });
    expect(posted.status).toBe(200);
    expect((await state())?.episode).toMatchObject({ acknowledgedBy: 'Awa' });
    const dropped = `outbox entry ${String(loaded.record?.outbox.length ?? 0)} was unreadable and was dropped`;
    expect(healed).toEqual([{ account: ACCOUNT, problems: [dropped] }]);
    // Saved healed: the next reader (the check) finds it whole, so it is told once.
    const after = await createStateTable(dynamo, monitor.tableName, ACCOUNT).load(new Date());
    expect(after.problems).toEqual([]);
  });

  it('the deployed entry reads a Function URL event: GET with the token, POST with a base64 form', async () => {
    const { monitor, handler, state, firstToken } = await acknowledgeSetUp(
      motoUrl ?? '',
      sandboxUrl,
      [45_000],
    );
    await monitor.invoke({}, handler);
    const token = await firstToken();
    expect(token).not.toBe('');
    // The Function URL's own handler; the fixture's environment names its table and key secret.
    // The top-up help as the stack passes it (infra/acknowledge-page.ts): this account's own.
    vi.stubEnv(
      'ACK_TOP_UP',
      JSON.stringify({
        stack: { url: 'https://pay.example.sn/all' },
        accounts: {
          [ACCOUNT]: { url: 'https://pay.example.sn/dakar', contact: 'Awa 77 123 45 67' },
        },
      }),
    );
    vi.resetModules();
    const { handler: page } = await import('../../lambda/ack/handler');
    const logged: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => logged.push(line));
    try {
      const shown = await page({
        requestContext: { http: { method: 'GET' } },
        queryStringParameters: { t: token },
        isBase64Encoded: false,
      } satisfies FunctionUrlEvent);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('<form method="post">');
      expect(shown.body).toContain('href="https://pay.example.sn/dakar"');
      expect(shown.body).not.toContain('https://pay.example.sn/all');
      expect(shown.body).toContain(
        'Contact : <span class="nw">Awa\u00a077\u00a0123\u00a045\u00a067</span>',
      );
      expect((await state())?.episode?.acknowledgedAt).toBeUndefined();

      const form = new URLSearchParams({ t: token, name: 'Awa' }).toString();
      const posted = await page({
        requestContext: { http: { method: 'POST' } },
        body: Buffer.from(form, 'utf8').toString('base64'),
        isBase64Encoded: true,
      } satisfies FunctionUrlEvent);
      expect(posted.statusCode).toBe(200);
      expect(posted.body).toContain('Merci, Awa.');
      expect((await state())?.episode).toMatchObject({ acknowledgedBy: 'Awa' });
    } finally {
      log.mockRestore();
    }
    // It logs the outcome only: never the token, nor the name.
    expect(logged.join('\n')).toContain('"status":200');
    expect(logged.join('\n')).not.toContain(token.slice(0, 20));
    expect(logged.join('\n')).not.toContain('Awa');
  });
});
