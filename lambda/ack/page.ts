import type { Locale } from '../alerting/types';
import { LOCALES } from '../contract/severities';
import type { AckAbout, AckCatalog } from '../messages/catalog';
import { catalogOf } from '../messages/locales/all';

/**
 * The acknowledge pages: small, self-contained HTML (no script, no outside resource), in the
 * alert's language, served with a Content-Security-Policy that allows nothing but their own
 * inline style and a form posting back to themselves, and never cached.
 */

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.3rem}label,input,button{display:block;font-size:1rem;margin:.5rem 0}
input{padding:.5rem;width:100%;box-sizing:border-box}button{padding:.6rem 1.2rem;cursor:pointer}
.note{color:#555;font-size:.9rem}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** What the alert was about, as the pages say it. */
export interface AckSubject {
  readonly account: string;
  /** "the low balance", "les contrôles en échec" ... */
  readonly what: string;
  /** "since Nov 28, 6:05 pm" */
  readonly since: string;
  /** What still comes after the acknowledgment depends on it. */
  readonly about: AckAbout;
}

/** "Account "Boutique Dakar": low balance, since Nov 28, 6:05 pm." */
function subjectParagraph(say: AckCatalog, subject: AckSubject): string {
  return `<p>${escapeHtml(say.subject(subject.account, subject.what, subject.since))}</p>`;
}

export function confirmPage(locale: Locale, subject: AckSubject, token: string): string {
  const say = catalogOf(locale).ack;
  return page(
    locale,
    say.confirmTitle,
    `${subjectParagraph(say, subject)}
<p>${escapeHtml(say.confirmText(say.stillComes[subject.about]))}</p>
<form method="post">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<label for="name">${say.nameLabel}</label>
<input id="name" name="name" maxlength="40" autocomplete="name">
<button type="submit">${say.button}</button>
</form>`,
  );
}

export function donePage(
  locale: Locale,
  subject: AckSubject,
  by: string,
  already: boolean,
): string {
  const say = catalogOf(locale).ack;
  const text = already ? say.already(by === '' ? say.someone : by) : say.thanks(by);
  return page(
    locale,
    say.doneTitle,
    `${subjectParagraph(say, subject)}
<p>${escapeHtml(text)}</p>`,
  );
}

export type Refusal = keyof AckCatalog['refusal'];

/**
 * Without a locale (a link too broken to say its own), the page says it in every language,
 * one after the other.
 */
export function refusalPage(locale: Locale | undefined, reason: Refusal): string {
  const catalogs = locale === undefined ? LOCALES.map(catalogOf) : [catalogOf(locale)];
  const say = (text: (c: AckCatalog) => string) => catalogs.map((c) => text(c.ack)).join(' / ');
  return page(
    locale ?? 'en',
    say((c) => c.refusalTitle),
    `<p>${escapeHtml(say((c) => c.refusal[reason]))}</p>`,
  );
}
