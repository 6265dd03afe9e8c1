import { LOCALES, type Locale } from '../lambda/contract/severities';

/**
 * The first line of `npm start`: which language the alert texts are in, and why. Without
 * --locale or ALERT_LOCALE it is the deployed stack's default (`locale` in cdk.json), so what
 * `npm start` prints is what the recipients would read.
 */

export type LocaleSource = '--locale' | 'ALERT_LOCALE' | 'default';

const named = (locale: Locale) =>
  `${new Intl.DisplayNames(['en'], { type: 'language' }).of(locale) ?? locale} (${locale})`;

export function localeLine(locale: Locale, from: LocaleSource): string {
  const others = LOCALES.filter((l) => l !== locale)
    .map((l) => `--locale ${l} for ${named(l)}`)
    .join(', ');
  return from === 'default'
    ? `Alert texts in ${named(locale)}, the stack's default locale; ${others}.`
    : `Alert texts in ${named(locale)}, from ${from}.`;
}
