import type { Locale } from '../alerting/types';
import { LOCALES } from '../contract/severities';
import type { AckPageCatalog } from '../messages/ack-page-catalog';
import type { AckAbout, AckCatalog } from '../messages/catalog';
import { catalogOf } from '../messages/locales/all';
import { accountSection, type AccountView } from './account-view';
import { escapeHtml, withUnbroken } from './html';

export { escapeHtml } from './html';

/**
 * The acknowledge pages: small, self-contained HTML (no script, no outside resource), in the
 * alert's language, served with a Content-Security-Policy that allows nothing but their own
 * inline style and a form posting back to themselves, and never cached. The chart is inline
 * SVG, which that policy allows (it is markup, not a resource).
 */

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4;overflow-wrap:anywhere}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin:1.2rem 0 .3rem}
label,input,button{display:block;font-size:1rem;margin:.5rem 0}
input{padding:.5rem;width:100%;box-sizing:border-box}button{padding:.6rem 1.2rem;cursor:pointer}
.note{color:#555;font-size:.9rem}.nw{white-space:nowrap}
ul.levels{margin:0;padding-left:1.2rem}
figure{margin:1rem 0}
svg.chart{display:block;width:100%;height:auto}
svg.chart text{font-size:14px;fill:#333}
svg.chart .balance{fill:none;stroke:#1d4ed8;stroke-width:2}
svg.chart .forecast polyline{fill:none;stroke:#1d4ed8;stroke-width:1.5}
svg.chart .level line{stroke-width:1.2}
svg.chart .level-low line{stroke:#b45309}svg.chart .level-critical line{stroke:#b91c1c}
svg.chart .level-recovery line{stroke:#15803d}
svg.chart tspan.level-low{fill:#b45309}svg.chart tspan.level-critical{fill:#b91c1c}
svg.chart tspan.level-recovery{fill:#15803d}
svg.chart .now{stroke:#999;stroke-width:1}
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
  /** When it began, in words: "Nov 28, 6:05 pm" (the catalog's `since` puts it in a sentence). */
  readonly sinceAt: string;
  /** What still comes after the acknowledgment depends on it. */
  readonly about: AckAbout;
}

/** "Account "Boutique Dakar": low balance, since Nov 28, 6:05 pm." */
function subjectParagraph(say: AckCatalog, subject: AckSubject): string {
  return `<p>${withUnbroken((at) => say.subject(subject.account, subject.what, say.since(at)), subject.sinceAt)}</p>`;
}

const tokenField = (token: string) => `<input type="hidden" name="t" value="${escapeHtml(token)}">`;

function confirmForm(say: AckCatalog, subject: AckSubject, token: string): string {
  return `<p>${escapeHtml(say.confirmText(say.stillComes[subject.about]))}</p>
<form method="post">
${tokenField(token)}
<label for="name">${say.nameLabel}</label>
<input id="name" name="name" maxlength="40" autocomplete="name">
<button type="submit">${say.button}</button>
</form>`;
}

export function confirmPage(
  locale: Locale,
  subject: AckSubject,
  token: string,
  view?: AccountView,
): string {
  const say = catalogOf(locale).ack;
  return page(
    locale,
    say.confirmTitle,
    `${subjectParagraph(say, subject)}
${confirmForm(say, subject, token)}
${view === undefined ? '' : accountSection(locale, view)}`,
  );
}

/** An acknowledgment as the page tells it after the fact. */
export interface Taken {
  /** The name given, or "". */
  readonly by: string;
  /** When it was taken, as the page says it ("9 h 05"). */
  readonly at: string;
  /** Whoever opens the page did not take it now (a link opened again, or another's). */
  readonly already: boolean;
  /** When the others are told (times as the page says them), or undefined once they were. */
  readonly told?: Parameters<AckPageCatalog['othersTold']>[0];
  /** Until when it can be undone, or undefined past that. */
  readonly undoUntil?: string;
}

export function donePage(
  locale: Locale,
  subject: AckSubject,
  token: string,
  taken: Taken,
  view?: AccountView,
): string {
  const catalog = catalogOf(locale);
  const [say, more] = [catalog.ack, catalog.ackPage];
  const text = taken.already
    ? withUnbroken(
        (at) => (taken.by === '' ? more.takenBySomeone(at) : more.takenBy(taken.by, at)),
        taken.at,
      )
    : escapeHtml(more.thanks(taken.by));
  const told = taken.told === undefined ? '' : `<p class="told">${toldHtml(more, taken.told)}</p>`;
  const undo =
    taken.undoUntil === undefined
      ? ''
      : `<form method="post" class="undo">
${tokenField(token)}
<input type="hidden" name="undo" value="1">
<p class="note">${withUnbroken(more.undoUntil, taken.undoUntil)}</p>
<button type="submit">${escapeHtml(more.undoButton)}</button>
</form>`;
  return page(
    locale,
    say.doneTitle,
    `${subjectParagraph(say, subject)}
<p>${text}</p>
${told}
${undo}
${view === undefined ? '' : accountSection(locale, view)}`,
  );
}

/** When the others are told, each time kept on one line. */
function toldHtml(say: AckPageCatalog, told: NonNullable<Taken['told']>): string {
  const { silencedUntil, capEnds } = told;
  return withUnbroken(
    (at = '', until = '', ends = '') =>
      say.othersTold({
        at,
        ...(silencedUntil === undefined ? {} : { silencedUntil: until }),
        ...(capEnds === undefined ? {} : { capEnds: ends }),
        otherDay: told.otherDay,
      }),
    told.at,
    silencedUntil ?? '',
    capEnds ?? '',
  );
}

/** Undone: said, and the form to take it again. */
export function undonePage(
  locale: Locale,
  subject: AckSubject,
  token: string,
  told: boolean,
  view?: AccountView,
): string {
  const catalog = catalogOf(locale);
  return page(
    locale,
    catalog.ackPage.undoneTitle,
    `${subjectParagraph(catalog.ack, subject)}
<p>${escapeHtml(catalog.ackPage.undone(told))}</p>
${confirmForm(catalog.ack, subject, token)}
${view === undefined ? '' : accountSection(locale, view)}`,
  );
}

/** An undo refused: too late (with when it was taken), or nothing to undo. */
export function undoRefusedPage(
  locale: Locale,
  subject: AckSubject,
  refusal:
    | { readonly kind: 'late'; readonly at: string; readonly minutes: number }
    | { readonly kind: 'nothing' },
): string {
  const catalog = catalogOf(locale);
  // Its own title: the too-late one must not say "Nothing was recorded" over an
  // acknowledgment that stands.
  return page(
    locale,
    refusal.kind === 'late' ? catalog.ackPage.undoTooLateTitle : catalog.ackPage.undoNothingTitle,
    `${subjectParagraph(catalog.ack, subject)}
<p>${
      refusal.kind === 'late'
        ? withUnbroken((at) => catalog.ackPage.undoTooLate(at, refusal.minutes), refusal.at)
        : escapeHtml(catalog.ackPage.undoNothing)
    }</p>`,
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
