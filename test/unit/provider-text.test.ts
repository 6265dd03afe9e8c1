import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEvent, FailureInfo } from '../../lambda/alerting/types';
import { renderChat } from '../../lambda/channels/chat';
import { buildPublishInput } from '../../lambda/channels/sns';
import { renderTelegram } from '../../lambda/channels/telegram';
import { renderWebhook } from '../../lambda/channels/webhook';
import { inertText } from '../../lambda/contract/inert-text';
import { renderAlert, type RenderContext } from '../../lambda/messages/render';
import { attributesOf } from '../../lambda/alerting/types';
import { parseTelegramHtml } from '../../tools/fake-telegram';
import { PROVIDER_MARKUP } from '../../tools/sandbox';
import { createWebhookValidator } from '../../tools/webhook-receiver';
import { sampleEvents } from '../support/sample-events';

/**
 * DEXCHANGE's own words reach recipients quoted ("DEXCHANGE said: ..."). Whatever markup or
 * link they hold arrives inert on every channel (lambda/contract/inert-text.ts): the words and
 * the provider's code kept, no link to click, no markup rendered.
 */

const context: RenderContext = { timeZone: 'Africa/Dakar' };
const expired: FailureInfo = {
  kind: 'authentication',
  status: 401,
  code: 'EXPIRED_API_KEY',
  reason: `the API key was rejected (401 EXPIRED_API_KEY): ${PROVIDER_MARKUP}`,
  attempts: 2,
  detail: {
    code: 'api-key-expired',
    status: 401,
    providerCode: 'EXPIRED_API_KEY',
    provider: PROVIDER_MARKUP,
  },
};
const events = sampleEvents('Boutique Dakar');
const withFailure = (severity: 'FAILING' | 'REMINDER', failure: FailureInfo): AlertEvent => {
  const event = events.find(
    (e) => e.severity === severity && (severity === 'FAILING' || 'failure' in e),
  );
  if (event === undefined || !('failure' in event)) throw new Error(`no ${severity} sample`);
  return { ...event, failure };
};
const failing = withFailure('FAILING', expired);
const reminder = withFailure('REMINDER', expired);
const held: AlertEvent = {
  severity: 'HELD',
  account: failing.account,
  at: failing.at,
  reason: 'silence',
  events: [failing],
};
const cases = (['fr', 'en'] as const).flatMap((locale) =>
  [failing, reminder, held].map((event) => ({
    name: `${event.severity} ${locale}`,
    entry: { id: `${event.account}/${event.at}/0/${event.severity}`, event },
    locale,
    // A HELD summary says each alert's headline, not the provider's words.
    quotes: event.severity !== 'HELD',
  })),
);

/** The provider's words arrived, inert: no link, no markup, the code kept. */
function expectInert(text: string, options: { code?: boolean } = {}) {
  expect(text).not.toMatch(/evil\.example|https?:\/\/|<a\b|<\/a>|\*\*|\]\(|\bhref\b/);
  if (options.code === false) return;
  expect(text).toContain('renouveler');
  expect(text).toContain('ici');
  expect(text).toContain('EXPIRED_API_KEY');
}

describe("the provider's text, on every channel", () => {
  it.each(cases)('e-mail (SNS, plain text): $name', ({ entry, locale, quotes }) => {
    const alert = renderAlert(entry.event, locale, context);
    expectInert(alert.email, { code: quotes });
    if (quotes) expect(alert.email).toMatch(/renouveler ici x\s*["»]/);
    const input = buildPublishInput(
      'arn:aws:sns:us-east-1:123456789012:alerts',
      alert,
      attributesOf(entry.event),
    );
    const message = JSON.parse(input.Message) as { default: string; email: string; sms: string };
    expectInert(message.email, { code: quotes });
    expectInert(message.default, { code: false });
    expectInert(input.Subject, { code: false });
  });

  it.each(cases)(
    'SMS: $name says the headline only (no room for the provider), inert',
    ({ entry, locale }) => {
      const { sms } = renderAlert(entry.event, locale, context);
      expectInert(sms, { code: false });
      expect(sms).toContain('401');
    },
  );

  it.each(cases)('chat (markdown custom notification): $name', ({ entry, locale, quotes }) => {
    const notification = renderChat(entry, locale, context);
    const shown = [
      notification.content.title,
      notification.content.description,
      ...(notification.content.nextSteps ?? []),
      notification.metadata.summary,
    ].join('\n');
    // The chat's own markdown escaping puts zero-width spaces around what it leaves.
    expectInert(shown.replace(/\u200b/g, ''), { code: quotes });
  });

  it.each(cases)('Telegram (HTML mode): $name', ({ entry, locale, quotes }) => {
    const parsed = parseTelegramHtml(renderTelegram(entry, locale, context));
    if ('error' in parsed) throw new Error(parsed.error);
    expectInert(parsed.plain, { code: quotes });
  });

  it.each(cases)('webhook (JSON: its texts and its event): $name', ({ entry, locale, quotes }) => {
    const body = renderWebhook(entry, locale, context);
    expect(createWebhookValidator()(body)).toEqual([]);
    expectInert(JSON.stringify(body.text), { code: quotes });
    expectInert(JSON.stringify(body.event));
    // The stored event keeps what the provider said; only what goes out is made inert.
    expect(JSON.stringify(entry.event)).toContain('evil.example');
  });

  it("a redirect's address is shown, inert, where the e-mail says where the API sent it", () => {
    const redirected = withFailure('FAILING', {
      kind: 'configuration',
      status: 302,
      reason: 'the API answered with a redirect (302) to https://evil.example/login',
      detail: { code: 'api-redirect', status: 302, location: 'https://evil.example/login' },
    });
    const { email } = renderAlert(redirected, 'en', context);
    expect(email).toContain('hxxps://evil[.]example/login');
    expectInert(email, { code: false });
  });
});

describe('inertText', () => {
  it('keeps the words and the code of the example, and nothing of its links or markup', () => {
    expect(inertText(PROVIDER_MARKUP)).toBe('Clé expirée renouveler ici x');
    expect(inertText('EXPIRED_API_KEY')).toBe('EXPIRED_API_KEY');
    expect(inertText('<https://evil.example|cliquez> <!here> @channel')).toBe('cliquez channel');
    expect(inertText('voir www.evil.com ou 10.0.0.1, écrire à aide@dexchange.sn')).toBe(
      'voir www[.]evil[.]com ou 10[.]0[.]0[.]1, écrire à aide@dexchange[.]sn',
    );
    expect(inertText('Solde : 45.000 XOF. Réessayez, a < b > c')).toBe(
      'Solde : 45.000 XOF. Réessayez, a b c',
    );
  });

  const piece = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      '<a href="https://evil.example">',
      '</a>',
      '**',
      '__',
      '~~',
      '`',
      '[x](http://y)',
      '[',
      '](',
      ')',
      'https://evil.example/renew',
      'www.evil.com',
      '<https://evil.example|ici>',
      '<!channel>',
      'EXPIRED_API_KEY',
      ' ',
    ),
  );

  it('leaves no link, tag, markdown link or emphasis, keeps codes, and is idempotent', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        const inert = inertText(text);
        expect(inert).not.toMatch(
          /https?:\/\/|<[/!a-z]|\[[^\]]*\]\([^)]*\)|[*~`]|evil\.(example|com)/i,
        );
        expect(inertText(inert)).toBe(inert);
        // A code kept whole, unless glued to other words or inside a link or tag (then it
        // goes with them: the detail keeps the code apart, test above).
        if (
          pieces.includes('EXPIRED_API_KEY') &&
          !/\wEXPIRED_API_KEY|EXPIRED_API_KEY\w|[[<]/.test(text)
        )
          expect(inert).toContain('EXPIRED_API_KEY');
      }),
      { numRuns: 300 },
    );
  });
});
