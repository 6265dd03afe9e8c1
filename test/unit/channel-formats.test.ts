import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderChat, CHAT_LIMITS } from '../../lambda/channels/chat';
import { escapeHtml, renderTelegram, TELEGRAM_TEXT_MAX } from '../../lambda/channels/telegram';
import { renderWebhook } from '../../lambda/channels/webhook';
import { legacySignatureHeaders } from '../../lambda/channels/webhook-signing';
import { renderAlert, renderTitle, type RenderContext } from '../../lambda/messages/render';
import { gsm7Length } from '../../lambda/messages/text';
import { parseTelegramHtml } from '../../tools/fake-telegram';
import { createWebhookValidator, verifySignature } from '../../tools/webhook-receiver';
import { sampleEvents } from '../support/sample-events';

/**
 * What each channel sends, for every kind of alert in both locales with the longest account
 * name and the longest top-up help: AWS's custom notification format for chat, Telegram's HTML
 * for Telegram, our JSON Schema for webhooks.
 */

const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv2020) => Ajv2020)(ajv);
const chatSchema = ajv.compile(
  JSON.parse(
    readFileSync(
      new URL('../../schemas/chat-custom-notification.schema.json', import.meta.url),
      'utf8',
    ),
  ) as object,
);
const events = sampleEvents();
const help: RenderContext = {
  timeZone: 'Africa/Dakar',
  topUp: {
    instructions: 'Virement Wave au 77 000 00 00 <urgent> & vite'.padEnd(300, '.'),
    url: `https://pay.example.sn/top_up?acct=shop_main&${'r'.repeat(240)}`,
    contact: 'Awa *77* _123_ 45 67',
  },
};
const cases = events.flatMap((event, index) =>
  (['en', 'fr'] as const).map((locale) => ({
    name: `${event.severity}${'remindsOf' in event ? `:${event.remindsOf}` : ''} ${locale}`,
    entry: { id: `${event.account}/${event.at}/${index}/${event.severity}`, event },
    locale,
  })),
);

describe('chat: the custom notification format of AWS chat integration', () => {
  it.each(cases)('$name validates against the format and its limits', ({ entry, locale }) => {
    const notification = renderChat(entry, locale, help);
    expect(chatSchema(notification), JSON.stringify(chatSchema.errors)).toBe(true);
    expect(notification.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
    expect(notification.content.title).toContain(entry.event.account.slice(0, 10));
    // The chat's markdown must not turn the texts' own * or _ into formatting, links stay
    // whole, and nothing the e-mail says to do is lost (past 5 next steps, in the description).
    const text = [notification.content.description, ...(notification.content.nextSteps ?? [])].join(
      '\n',
    );
    expect(text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/(^|[^\u200b])[*_~`]/);
    const alert = renderAlert(entry.event, locale, help);
    if (alert.email.includes(help.topUp?.url ?? '-')) expect(text).toContain(help.topUp?.url);
    if (alert.email.includes('Awa')) expect(text).toContain('Awa');
  });

  it('the two carry-overs above are exercised: some e-mails hold the top-up link, some the name', () => {
    const emails = cases.map(({ entry, locale }) => renderAlert(entry.event, locale, help).email);
    expect(emails.some((e) => e.includes(help.topUp?.url ?? '-'))).toBe(true);
    expect(emails.some((e) => e.includes('Awa'))).toBe(true);
  });

  it.each(cases)(
    "$name: what to do reads in the e-mail's order, no line above its heading, no bullet split",
    ({ entry, locale }) => {
      const withLink: RenderContext = { ...help, acknowledge: () => 'https://ack.example/t/abc' };
      const notification = renderChat(entry, locale, withLink);
      const steps = notification.content.nextSteps ?? [];
      const description = notification.content.description;
      const action = renderAlert(entry.event, locale, withLink)
        .email.split('\n\n')
        .find((block) => /^(What to do|À faire|I'm on it|Je m'en occupe)/.test(block));
      if (action === undefined) return;
      const lines = action.split('\n');
      // Either every line is in the steps, or every line is below the description's text.
      const unmark = (text: string) => text.replace(/\u200b/g, '');
      if (steps.length > 0) {
        const joined = unmark(steps.join('\n'));
        for (const line of lines.filter((l) => !/^[^:]{1,30}:$/.test(l.trim())))
          expect(joined).toContain(line.slice(0, 60));
        for (const line of lines) expect(unmark(description)).not.toContain(line.slice(0, 60));
        // A line indented under a bullet is in the same step as its bullet.
        for (const step of steps.map(unmark)) expect(step.startsWith('  '), step).toBe(false);
      } else expect(unmark(description)).toContain(lines.join('\n').slice(0, 200));
      // The contact and the link never come before "What to do".
      const all = unmark(`${description}\n${steps.join('\n')}`);
      const todo = all.search(/What to do|À faire/);
      if (todo >= 0) {
        if (all.includes('ack.example')) expect(all.indexOf('ack.example')).toBeGreaterThan(todo);
        if (all.includes('Awa')) expect(all.indexOf('Awa')).toBeGreaterThan(todo);
      }
    },
  );

  it('threads one account together and says the severity in the keywords', () => {
    const [a, b] = cases;
    if (a === undefined || b === undefined) throw new Error('no sample events');
    const first = renderChat(a.entry, 'en', help);
    const second = renderChat(b.entry, 'fr', help);
    expect(first.metadata.threadId).toBe(second.metadata.threadId);
    expect(first.content.keywords).toContain(a.entry.event.severity);
  });
});

describe('titles: chat and Telegram show the subject with its accents', () => {
  const low = cases.find((c) => c.entry.event.severity === 'LOW' && c.locale === 'fr');
  if (low === undefined) throw new Error('no French LOW among the sample events');

  it('French: "à 18 h 05", "débiteur", not the ASCII subject\'s "a"', () => {
    const title = renderTitle(low.entry.event, 'fr', help);
    expect(title).toMatch(/ à \d{1,2} h \d{2}$/);
    expect(renderAlert(low.entry.event, 'fr', help).subject).toMatch(/, \d{1,2} h \d{2}$/);
    expect(renderChat(low.entry, 'fr', help).content.title).toBe(`:warning: ${title}`);
    const html = renderTelegram(low.entry, 'fr', help);
    expect(html.startsWith(`<b>${escapeHtml(title)}</b>\n\n`)).toBe(true);
    const overdrawn = { ...low.entry, event: { ...low.entry.event, balance: -12_500 } };
    const chat = renderChat(overdrawn, 'fr', help).content.title;
    expect(chat.replace(/[\u00a0\u202f]/g, ' ')).toContain(': débiteur de 12 500 F CFA à ');
    expect(chat).not.toMatch(/\ba (?=\d|decouvert)/);
  });

  it.each(cases)(
    '$name: the title says what the subject says, with accents',
    ({ entry, locale }) => {
      const title = renderTitle(entry.event, locale, help);
      expect(title).toContain(entry.event.account);
      expect(title).not.toContain('?');
      expect(title).not.toMatch(/[\r\n]/);
      expect(renderChat(entry, locale, help).content.title.endsWith(title)).toBe(true);
    },
  );
});

describe('SMS', () => {
  it.each(cases)('$name fits one GSM-7 segment with the longest names', ({ entry, locale }) => {
    const sms = renderAlert(entry.event, locale, help).sms;
    expect(gsm7Length(sms), sms).toBeLessThanOrEqual(160);
    expect(sms.endsWith('...'), sms).toBe(false);
  });
});

describe('Telegram: sendMessage text in HTML mode', () => {
  it.each(cases)(
    '$name parses as Telegram HTML, fits 4096 characters, and reads as the e-mail',
    ({ entry, locale }) => {
      const html = renderTelegram(entry, locale, help);
      const parsed = parseTelegramHtml(html);
      expect('error' in parsed ? parsed.error : '').toBe('');
      if ('error' in parsed) return;
      expect(parsed.plain.length).toBeLessThanOrEqual(TELEGRAM_TEXT_MAX);
      const alert = renderAlert(entry.event, locale, help);
      // The title is the subject with its accents (only SNS's e-mail subject must be ASCII).
      const title = renderTitle(entry.event, locale, help);
      expect(parsed.plain.startsWith(`${title}\n\n`)).toBe(true);
      expect(alert.email.startsWith(parsed.plain.slice(title.length + 2, -1))).toBe(true);
    },
  );

  it('escapes exactly what HTML mode needs', () => {
    expect(escapeHtml('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });
});

describe('webhooks: the documented JSON body, signed', () => {
  const validate = createWebhookValidator();
  it.each(cases)(
    '$name validates against schemas/webhook-event.schema.json',
    ({ entry, locale }) => {
      const body = renderWebhook(entry, locale, help);
      expect(validate(body)).toEqual([]);
      expect(body.id).toBe(entry.id);
    },
  );

  it('the old X-Signature (a secret from before the standard) a receiver computes matches; a changed body, an old timestamp or another secret do not', () => {
    const [first] = cases;
    if (first === undefined) throw new Error('no sample events');
    const body = JSON.stringify(renderWebhook(first.entry, 'en', help));
    const now = 1_800_000_000;
    const headers = legacySignatureHeaders('s3cret', body, now);
    expect(
      verifySignature('s3cret', body, headers['x-timestamp'], headers['x-signature'], now),
    ).toEqual([]);
    expect(
      verifySignature('s3cret', `${body} `, headers['x-timestamp'], headers['x-signature'], now),
    ).toEqual(['X-Signature does not match']);
    expect(
      verifySignature('other', body, headers['x-timestamp'], headers['x-signature'], now),
    ).toEqual(['X-Signature does not match']);
    expect(
      verifySignature('s3cret', body, headers['x-timestamp'], headers['x-signature'], now + 600),
    ).toHaveLength(1);
  });
});
