import type { Locale } from '../alerting/types';

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
  readonly about: 'LOW' | 'CRITICAL' | 'FAILING';
}

/** What still alerts once someone is on it: the same as the ACKNOWLEDGED notice says. */
function stillComes(fr: boolean, about: AckSubject['about']): string {
  if (about === 'LOW')
    return fr
      ? 'Une chute sous le seuil critique alertera toujours.'
      : 'A fall below the critical threshold still alerts.';
  if (about === 'CRITICAL')
    return fr
      ? "La fin de l'épisode sera toujours signalée."
      : 'The end of the episode is still reported.';
  return fr
    ? 'Quand le solde se lira de nouveau, ce sera toujours signalé.'
    : 'When the balance can be read again, that is still reported.';
}

/** "Account "Boutique Dakar": low balance, since Nov 28, 6:05 pm." */
function subjectParagraph(fr: boolean, subject: AckSubject): string {
  return `<p>${escapeHtml(
    fr
      ? `Compte « ${subject.account} » : ${subject.what}, ${subject.since}.`
      : `Account "${subject.account}": ${subject.what}, ${subject.since}.`,
  )}</p>`;
}

export function confirmPage(locale: Locale, subject: AckSubject, token: string): string {
  const fr = locale === 'fr';
  return page(
    locale,
    fr ? "Je m'en occupe" : "I'm on it",
    `${subjectParagraph(fr, subject)}
<p>${escapeHtml(
      fr
        ? `En confirmant, les rappels de cet épisode s'arrêtent et les autres destinataires apprennent que vous vous en occupez. ${stillComes(fr, subject.about)}`
        : `Confirming stops the reminders of this episode and tells the other recipients you are on it. ${stillComes(fr, subject.about)}`,
    )}</p>
<form method="post">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<label for="name">${fr ? 'Votre nom (facultatif)' : 'Your name (optional)'}</label>
<input id="name" name="name" maxlength="40" autocomplete="name">
<button type="submit">${fr ? "Je m'en occupe" : "I'm on it"}</button>
</form>`,
  );
}

export function donePage(
  locale: Locale,
  subject: AckSubject,
  by: string,
  already: boolean,
): string {
  const fr = locale === 'fr';
  const who = by === '' ? (fr ? "quelqu'un" : 'someone') : by;
  const text = already
    ? fr
      ? `Déjà pris en charge par ${who}. Rien de plus à faire ici.`
      : `Already acknowledged by ${who}. Nothing more to do here.`
    : fr
      ? `Merci${by === '' ? '' : `, ${by}`}. Les rappels de cet épisode s'arrêtent ; les autres sont prévenus.`
      : `Thank you${by === '' ? '' : `, ${by}`}. The reminders of this episode stop; the others are told.`;
  return page(
    locale,
    fr ? 'Pris en charge' : 'Acknowledged',
    `${subjectParagraph(fr, subject)}
<p>${escapeHtml(text)}</p>`,
  );
}

export type Refusal = 'malformed' | 'tampered' | 'expired' | 'ended' | 'method';

export function refusalPage(locale: Locale | undefined, reason: Refusal): string {
  const say = (en: string, fr: string) =>
    locale === 'fr' ? fr : locale === 'en' ? en : `${en} / ${fr}`;
  const text = {
    malformed: say(
      'This link is not complete. Open it from the alert again, whole.',
      "Ce lien est incomplet. Ouvrez-le de nouveau depuis l'alerte, en entier.",
    ),
    tampered: say(
      'This link is not valid: it was changed. Open it from the alert again.',
      "Ce lien n'est pas valide : il a été modifié. Ouvrez-le de nouveau depuis l'alerte.",
    ),
    expired: say(
      'This link has expired (links last 72 hours). The latest alert of this episode carries a fresh one; once someone is on it, no more are sent.',
      "Ce lien a expiré (un lien vaut 72 heures). La dernière alerte de cet épisode en porte un nouveau ; une fois quelqu'un dessus, il n'en part plus.",
    ),
    ended: say(
      'This episode has ended (the balance recovered, or the balance can be read again): there is nothing to acknowledge.',
      "Cet épisode est terminé (le solde est remonté, ou il se lit de nouveau) : il n'y a rien à prendre en charge.",
    ),
    method: say('This page takes GET and POST only.', 'Cette page ne prend que GET et POST.'),
  }[reason];
  return page(
    locale ?? 'en',
    say('Nothing was recorded', "Rien n'a été enregistré"),
    `<p>${escapeHtml(text)}</p>`,
  );
}
