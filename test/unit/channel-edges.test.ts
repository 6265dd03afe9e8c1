import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelSecret } from '../../lambda/channels/channel-secret';
import { pause } from '../../lambda/channels/http';
import { DeliveryError } from '../../lambda/delivery/channel-port';
import {
  escapeHtml,
  fitEscaped,
  renderTelegram,
  TELEGRAM_TEXT_MAX,
} from '../../lambda/channels/telegram';
import { createWebhookChannel } from '../../lambda/channels/webhook';
import type { OutboxEntry } from '../../lambda/delivery/outbox-entry';
import { EVERYTHING } from '../../lambda/contract/routing';
import { renderAlert, renderTitle, type RenderContext } from '../../lambda/messages/render';
import { parseTelegramHtml } from '../../tools/fake-telegram';
import { sampleEvents } from '../support/sample-events';

/**
 * Two edges of the channels the integration tests do not reach: the retry pause given a signal
 * that was aborted before it began (it must not wait), and Telegram's text cut to its limit
 * next to an emoji or an escaped character (it must not cut either in half).
 */

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const [low] = sampleEvents('Boutique Dakar').filter((e) => e.severity === 'LOW');
if (low === undefined) throw new Error('no LOW among the sample events');

/** Whether a promise has settled, without waiting for it. */
function watch(promise: Promise<unknown>): () => boolean {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return () => settled;
}

describe('pause: the wait between two attempts of a channel', () => {
  it('a signal aborted before the pause: returns at once, no timer left behind', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    controller.abort();
    for (const ms of [300, 700]) {
      const settled = watch(pause(ms, controller.signal));
      // Microtasks only: the clock does not move. Before the fix this waited the full time,
      // since an aborted signal's 'abort' event has fired and never fires again.
      await vi.advanceTimersByTimeAsync(0);
      expect(settled(), `pause(${ms})`).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('well before a 250 ms timer, on the real clock too', async () => {
    const controller = new AbortController();
    controller.abort();
    let timer: NodeJS.Timeout | undefined;
    const winner = await Promise.race([
      pause(700, controller.signal).then(() => 'pause'),
      new Promise((resolve) => (timer = setTimeout(() => resolve('250 ms timer'), 250))),
    ]);
    clearTimeout(timer);
    expect(winner).toBe('pause');
  });

  it('a signal aborted during the pause ends it then; one never aborted waits the full time', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const cut = watch(pause(700, controller.signal));
    const full = watch(pause(300, new AbortController().signal));
    await vi.advanceTimersByTimeAsync(100);
    expect([cut(), full()]).toEqual([false, false]);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(cut()).toBe(true);
    await vi.advanceTimersByTimeAsync(199);
    expect(full()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(full()).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a pause that runs its course takes its abort listener with it', async () => {
    vi.useFakeTimers();
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, 'addEventListener');
    const removed = vi.spyOn(signal, 'removeEventListener');
    const settled = watch(Promise.all([pause(300, signal), pause(300, signal)]));
    await vi.advanceTimersByTimeAsync(300);
    expect(settled()).toBe(true);
    expect(added).toHaveBeenCalledTimes(2);
    expect(removed.mock.calls.map(([type]) => type)).toEqual(['abort', 'abort']);
  });

  it('a webhook delivery cut off mid-attempt stops at once, not after its 300 ms backoff', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // A receiver that never answers: the request ends only when the delivery's signal aborts.
    let arrived: () => void = () => undefined;
    const requested = new Promise<void>((resolve) => (arrived = resolve));
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
      arrived();
      return new Promise((_, reject) => {
        const signal = init.signal;
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      });
    });
    const secret: ChannelSecret = {
      read: () => Promise.resolve('whsec_dW5pdC10ZXN0LXdlYmhvb2sta2V5'),
      known: () => 'whsec_dW5pdC10ZXN0LXdlYmhvb2sta2V5',
    };
    const webhook = createWebhookChannel({
      name: 'webhook:erp',
      url: 'https://erp.example.sn/hooks/dexchange',
      route: EVERYTHING,
      secret,
      locale: 'en',
      render: { timeZone: 'Africa/Dakar' },
      timeoutMs: 2000,
    });
    const entry: OutboxEntry = {
      id: `Boutique Dakar/${low.at}/0/LOW`,
      event: low,
      createdAt: low.at,
      deliveries: {},
    };
    const controller = new AbortController();
    const delivery = webhook.deliver(entry, controller.signal);
    const settled = watch(delivery);
    await requested;
    // The check's time is up (run-check.ts aborts the delivery): the first attempt is cut off.
    controller.abort();
    await vi.advanceTimersByTimeAsync(250);
    expect(settled()).toBe(true);
    const error = await delivery.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).permanent).toBe(false);
    expect((error as DeliveryError).message).toBe(
      'the webhook was cut off: the check ran out of time',
    );
  });
});

/** A lone surrogate: half an emoji. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('Telegram: the text cut to 4096 characters', () => {
  it('fitEscaped cuts between code points and before escaping', () => {
    // 'ab💸' is 4 UTF-16 units: 3 would leave half the emoji.
    expect(fitEscaped('ab💸c', 3)).toBe('ab');
    expect(fitEscaped('ab💸c', 4)).toBe('ab💸');
    // '&' becomes '&amp;' (5 units): all of it or none of it.
    expect(fitEscaped('a&b', 5)).toBe('a');
    expect(fitEscaped('a&b', 6)).toBe('a&');
    // 'a' + '&lt;' is 5 units; the emoji needs 2 more, '&gt;' 4 after it.
    expect(fitEscaped('a<💸>', 6)).toBe('a<');
    expect(fitEscaped('a<💸>', 7)).toBe('a<💸');
    expect(fitEscaped('a<💸>', 10)).toBe('a<💸');
    expect(fitEscaped('a<💸>', 11)).toBe('a<💸>');
    expect(fitEscaped('', 0)).toBe('');
    expect(fitEscaped('💸', 1)).toBe('');
  });

  // Top-up instructions of emoji and ampersands, long enough to be cut: the padding after them
  // moves the cut across every position of the pattern (the old cut, 50 UTF-16 units at a
  // time, left half an emoji in a third of these).
  const pads = Array.from({ length: 60 }, (_, pad) => pad);
  it.each(pads)('instructions of emoji near the cut, %i characters after them', (pad) => {
    const context: RenderContext = {
      timeZone: 'Africa/Dakar',
      topUp: { instructions: `${'💸&'.repeat(1500)}${'x'.repeat(pad)}` },
    };
    const alert = renderAlert(low, 'fr', context);
    expect(escapeHtml(alert.email).length).toBeGreaterThan(TELEGRAM_TEXT_MAX);
    const html = renderTelegram({ event: low }, 'fr', context);
    expect(html).not.toMatch(LONE_SURROGATE);
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
    // Valid Telegram HTML: no entity cut in half, nothing unescaped.
    const parsed = parseTelegramHtml(html);
    expect('error' in parsed ? parsed.error : '').toBe('');
    // The body is a start of the e-mail, and as long as fits: one more character would not.
    const head = `<b>${escapeHtml(renderTitle(low, 'fr', context))}</b>\n\n`;
    expect(html.startsWith(head)).toBe(true);
    const body = html.slice(head.length);
    const kept = body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(escapeHtml(kept)).toBe(body);
    expect(alert.email.startsWith(kept)).toBe(true);
    const next = String.fromCodePoint(alert.email.codePointAt(kept.length) ?? 0);
    expect(html.length + escapeHtml(next).length).toBeGreaterThan(TELEGRAM_TEXT_MAX);
  });

  it('a text that fits is sent whole', () => {
    const context: RenderContext = {
      timeZone: 'Africa/Dakar',
      topUp: { instructions: 'Wave 💸 & Orange Money <77 000 00 00> 🇸🇳' },
    };
    const html = renderTelegram({ event: low }, 'fr', context);
    expect(html.endsWith(escapeHtml(renderAlert(low, 'fr', context).email))).toBe(true);
  });
});
