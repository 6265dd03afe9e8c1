import { encodeHistory } from '../lambda/alerting/history';
import type { AlertState } from '../lambda/alerting/state';
import type { Locale } from '../lambda/alerting/types';
import { signAck } from '../lambda/ack/token';
import type { TopUpHelp } from '../lambda/messages/draft';
import { createMemoryStateStore } from '../lambda/stores/memory';
import { startAckServer } from './ack-server';

/**
 * The acknowledge page as a recipient meets it, served by the real handler on this machine
 * over a state in memory: "Boutique Dakar" drained for 48 hours, below LOW for three quarters
 * of an hour, a forecast, a top-up link. The browser tests and `npm run page-pictures` (the
 * pictures in docs/images/) open it. The clock is fixed, so the pictures do not change from
 * one run to the next.
 */

export const SCENE_ACCOUNT = 'Boutique Dakar';
const KEY = 'scene-key-0123456789abcdef0123456789abcdef';
/** The page is opened 3 minutes after the last check. */
export const SCENE_NOW = new Date('2026-12-07T14:48:00Z');
const LAST = Date.parse('2026-12-07T14:45:00Z');
const STEP = 5 * 60_000;
/**
 * 48 hours of checks, draining about 4,900 an hour from 280,000 to 45,000, the last one the
 * reading the page states (the wobble is 0 there).
 */
const HISTORY = Array.from({ length: 577 }, (_, i) => {
  const t = LAST - (576 - i) * STEP;
  return { t, balance: Math.round(45_000 + (576 - i) * 408 + 600 * Math.sin((i - 576) / 7)) };
});
const LAST_BALANCE = 45_000;
const SINCE = '2026-12-07T14:00:00.000Z';

export function sceneState(): AlertState {
  const history = encodeHistory(HISTORY);
  return {
    schema: 1,
    lastCheckAt: new Date(LAST).toISOString(),
    last: { balance: LAST_BALANCE, currency: 'XOF', at: new Date(LAST).toISOString() },
    episode: { since: SINCE, level: 'LOW', lastAlertAt: SINCE },
    ...(history === undefined ? {} : { history }),
    limits: { low: 50_000, critical: 20_000, recovery: 52_500, coverHours: 24 },
  };
}

export const SCENE_TOP_UP: TopUpHelp = {
  url: 'https://pay.example.sn/recharge?compte=boutique-dakar',
  instructions: 'Virement Wave ou Orange Money au 77 000 00 00, référence DEXCHANGE-DAKAR.',
};

/** The page served over the scene's state; `link(locale)` opens it in that language. */
export async function startScene(now: () => Date = () => SCENE_NOW) {
  const store = createMemoryStateStore();
  const loaded = await store.load(SCENE_NOW);
  await store.save(
    { state: sceneState(), outbox: [], undeliverable: [] },
    loaded.version,
    'scene',
    SCENE_NOW,
  );
  const server = await startAckServer({
    key: () => Promise.resolve(KEY),
    store: () => store,
    now,
    timeZone: 'Africa/Dakar',
    stateHealed: () => undefined,
    topUp: () => SCENE_TOP_UP,
  });
  const link = (locale: Locale) =>
    `${server.url}?t=${signAck(
      {
        account: SCENE_ACCOUNT,
        episode: `b:${SINCE}`,
        expires: Math.floor(SCENE_NOW.getTime() / 1000) + 3600,
        locale,
      },
      KEY,
    )}`;
  return { url: server.url, link, store, close: () => server.close() };
}
