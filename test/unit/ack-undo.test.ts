import { describe, expect, it } from 'vitest';
import { handleAck, UNDO_MINUTES, type AckDeps } from '../../lambda/ack/acknowledge';
import { signAck } from '../../lambda/ack/token';
import type { AlertState } from '../../lambda/alerting/state';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { createMemoryStateStore } from '../../lambda/stores/memory';
import { SCENE_NOW, sceneState } from '../../tools/ack-page-scene';

/**
 * "Undo" on the acknowledge page: within UNDO_MINUTES the acknowledgment goes (the reminders
 * resume at the next check), after that it stays and the page says why; and what the page
 * says of when the others hear it: the next check, or nothing once that check has told them.
 */

const KEY = 'unit-key-0123456789abcdef0123456789abcdef';
/** The page's heading, which its <title> repeats. */
const title = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1]?.replace(/&#39;/g, "'");
const SINCE = sceneState().episode?.since ?? '';

async function setUp(state: AlertState = sceneState(), outbox: readonly OutboxEntry[] = []) {
  const store = createMemoryStateStore();
  await store.save(
    { state, outbox, undeliverable: [] },
    (await store.load(SCENE_NOW)).version,
    'test',
    SCENE_NOW,
  );
  let now = SCENE_NOW;
  const deps: AckDeps = {
    key: () => Promise.resolve(KEY),
    store: () => store,
    now: () => now,
    timeZone: 'Africa/Dakar',
    stateHealed: () => undefined,
  };
  const token = signAck(
    { account: 'Boutique Dakar', episode: `b:${SINCE}`, expires: 4_000_000_000, locale: 'fr' },
    KEY,
  );
  const post = (fields: Record<string, string>) =>
    handleAck(
      { method: 'POST', query: {}, body: new URLSearchParams({ t: token, ...fields }).toString() },
      deps,
    );
  const get = () => handleAck({ method: 'GET', query: { t: token }, body: '' }, deps);
  const text = (html: string) =>
    html
      .replace(/<style>[\s\S]*<\/style>/, '')
      .replace(/<\/?span[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
  return {
    store,
    deps,
    token,
    post,
    get,
    text,
    at: (minutes: number) => {
      now = new Date(SCENE_NOW.getTime() + minutes * 60_000);
    },
  };
}

describe('undo on the acknowledge page', () => {
  it(`within ${UNDO_MINUTES} minutes removes the acknowledgment: the page offers to take it again`, async () => {
    const { store, post, text, at } = await setUp();
    const done = await post({ name: 'Awa' });
    expect(text(done.body)).toContain("Vous pouvez annuler jusqu'à 14 h 58.");
    expect(store.current()?.state.episode).toMatchObject({
      acknowledgedBy: 'Awa',
      acknowledgedLevel: 'LOW',
    });
    at(UNDO_MINUTES);
    const undone = await post({ undo: '1' });
    expect(undone.statusCode).toBe(200);
    expect(text(undone.body)).toContain(
      'les rappels reprennent à leur rythme habituel, et les autres destinataires ne reçoivent rien',
    );
    expect(undone.body).toContain('<input id="name"');
    const episode = store.current()?.state.episode;
    expect(episode).toBeDefined();
    for (const field of ['acknowledgedAt', 'acknowledgedBy', 'ackAnnounced', 'acknowledgedLevel'])
      expect(episode).not.toHaveProperty(field);
  });

  it('undone, the escalation run of that alert is unanswered again: the next tier will be told', async () => {
    const state = sceneState();
    const alert = {
      severity: 'LOW',
      account: 'Boutique Dakar',
      at: SINCE,
      since: SINCE,
      threshold: 50_000,
      recovery: 52_500,
      balance: 48_000,
      currency: 'XOF',
      topUp: { toRecover: 5000 },
    } as const;
    const run = {
      episode: `b:${SINCE}`,
      about: 'LOW',
      alert,
      started: SINCE,
      since: SINCE,
    } as const;
    const { store, post } = await setUp({
      ...state,
      escalations: [{ ...run, told: [], acknowledged: true }],
      episode: {
        since: SINCE,
        level: 'LOW',
        lastAlertAt: SINCE,
        acknowledgedAt: '2026-12-07T14:46:00.000Z',
        acknowledgedBy: 'Awa',
        acknowledgedLevel: 'LOW',
      },
    });
    // The run survived the store's reading (a damaged one would have been dropped).
    expect((await store.load(SCENE_NOW)).record?.state.escalations?.[0]?.acknowledged).toBe(true);
    expect((await post({ undo: '1' })).statusCode).toBe(200);
    const [after] = store.current()?.state.escalations ?? [];
    expect(after?.episode).toBe(`b:${SINCE}`);
    expect(after).not.toHaveProperty('acknowledged');
  });

  it('after the window, refuses and says since when it is taken; the acknowledgment stays', async () => {
    const { store, post, text, at } = await setUp();
    await post({ name: 'Awa' });
    at(UNDO_MINUTES + 1);
    const late = await post({ undo: '1' });
    expect(late.statusCode).toBe(409);
    expect(title(late.body)).toBe('Trop tard pour annuler');
    expect(text(late.body)).toContain(
      "C'est noté depuis 14 h 48, il y a plus de 10 minutes : on ne peut plus l'annuler ici. Cela reste valable jusqu'à la fin de l'alerte.",
    );
    expect(store.current()?.state.episode?.acknowledgedBy).toBe('Awa');
  });

  it('with nothing taken, says there is nothing to undo and writes nothing', async () => {
    const { store, post, text } = await setUp();
    const before = store.current();
    const nothing = await post({ undo: '1' });
    expect(nothing.statusCode).toBe(409);
    expect(title(nothing.body)).toBe('Rien à annuler');
    expect(text(nothing.body)).toContain(
      "Personne ne s'occupe de cette alerte : il n'y a rien à annuler.",
    );
    expect(store.current()).toEqual(before);
  });

  it('once the next check has told the others, the page no longer says they will be, and an undo says they were', async () => {
    const state = sceneState();
    const announced: AlertState = {
      ...state,
      episode: {
        since: SINCE,
        level: 'LOW',
        lastAlertAt: SINCE,
        acknowledgedAt: '2026-12-07T14:46:00.000Z',
        acknowledgedBy: '',
        acknowledgedLevel: 'LOW',
        ackAnnounced: true,
      },
    };
    const { get, post, text } = await setUp(announced);
    const shown = text((await get()).body);
    expect(shown).toContain("Quelqu'un s'en occupe depuis 14 h 46.");
    expect(shown).not.toContain('seront prévenus');
    expect(shown).toContain("Vous pouvez annuler jusqu'à 14 h 56.");
    const undone = text((await post({ undo: '1' })).body);
    expect(undone).toContain('avaient déjà été prévenus que vous vous en occupiez');
  });

  it('says when the next check tells the others: the first check time after now at the sampling interval', async () => {
    const { post, text, at } = await setUp();
    // The last check was at 14:45, every 5 minutes: opened at 14:58, the next is at 15:00.
    at(10);
    expect(text((await post({})).body)).toContain(
      'Les autres destinataires seront prévenus au prochain contrôle, vers 15 h 00.',
    );
  });

  it('says when a silence holds the announcement: at the first check after it ends, whatever the next check', async () => {
    const state: AlertState = {
      ...sceneState(),
      silences: [
        { id: 'maintenance', from: '2026-12-07T14:00:00.000Z', until: '2026-12-07T16:02:00.000Z' },
      ],
    };
    const { post, text } = await setUp(state);
    const done = text((await post({ name: 'Awa' })).body);
    expect(done).not.toContain('au prochain contrôle');
    expect(done).toContain(
      "Une mise en silence retient les alertes de ce compte jusqu'à 16 h 02 : les autres destinataires seront prévenus au contrôle suivant, vers 16 h 05. Sur un canal en heures de repos, cela peut attendre la fin de celles-ci.",
    );
  });

  it('a silence into the next day names the day; a channel the cap held an alert on this hour, the hour', async () => {
    const overnight: AlertState = {
      ...sceneState(),
      silences: [
        { id: 'night', from: '2026-12-07T14:00:00.000Z', until: '2026-12-08T08:00:00.000Z' },
      ],
    };
    const night = await setUp(overnight);
    expect(night.text((await night.post({ name: 'Awa' })).body)).toContain(
      "jusqu'au 8 déc. à 8 h 00 : les autres destinataires seront prévenus au contrôle suivant, vers le 8 déc. à 8 h 00.",
    );
    const at = '2026-12-07T14:30:00.000Z';
    const capped = await setUp(sceneState(), [
      {
        id: 'earlier',
        createdAt: at,
        event: {
          severity: 'LOW',
          account: 'Boutique Dakar',
          at,
          since: SINCE,
          threshold: 50_000,
          recovery: 52_500,
          balance: 45_000,
          currency: 'XOF',
          topUp: { toRecover: 7500 },
        },
        deliveries: {
          'telegram:finance': { attempts: 0, notBefore: at, heldSince: at, heldBy: 'cap' },
        },
      },
    ]);
    expect(capped.text((await capped.post({ name: 'Awa' })).body)).toContain(
      "Les autres destinataires seront prévenus au prochain contrôle, vers 14 h 50. Sur un canal qui a déjà envoyé son maximum de messages pour l'heure, ce sera après 15 h 00 ; sur un canal en heures de repos, cela peut attendre la fin de celles-ci.",
    );
  });

  it('every refusal and undo page has a title that agrees with its body', async () => {
    const { deps, token, post, at } = await setUp();
    const page = async (response: Promise<{ body: string }>) => (await response).body;
    const cases: [string, string, RegExp][] = [];
    const [nothing] = [await page(post({ undo: '1' }))];
    cases.push([nothing, 'Rien à annuler', /rien à annuler/]);
    await post({ name: 'Awa' });
    at(UNDO_MINUTES + 1);
    cases.push([await page(post({ undo: '1' })), 'Trop tard pour annuler', /reste valable/]);
    at(0);
    const undone = await page(post({ undo: '1' }));
    cases.push([undone, 'Annulé', /Plus personne ne s'en occupe/]);
    const bad = (t: string) =>
      handleAck({ method: 'GET', query: { t }, body: '' }, deps).then((r) => r.body);
    // A link that cannot be trusted to say its language says it in both.
    const both = "Nothing was recorded / Rien n'a été enregistré";
    cases.push([await bad(`${token.slice(0, -2)}xx`), both, /modifié/]);
    cases.push([await bad('abc'), both, /incomplet/]);
    const closed = await setUp({ ...sceneState(), episode: undefined });
    cases.push([await page(closed.post({ undo: '1' })), "Rien n'a été enregistré", /est close/]);
    for (const [html, heading, body] of cases) {
      expect(title(html)).toBe(heading);
      expect(html.replace(/&#39;/g, "'")).toMatch(body);
    }
  });
});
