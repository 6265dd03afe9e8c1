import type { Locale } from '../alerting/types';
import { asciiSpelling } from '../contract/account-name';
import { catalogOf } from './locales/all';

/**
 * Text rules that SNS and phone networks impose (docs/architecture.md, "The message format"): amounts for
 * people, SMS in the GSM-7 alphabet, e-mail subjects in plain ASCII under 100 characters.
 */

export const SMS_MAX_SEPTETS = 160;
export const SUBJECT_MAX_LENGTH = 99;

/** `45 000 F CFA` in French, `XOF 45,000` in English (with Intl's non-breaking spaces). */
export function formatAmount(amount: number, currency: string, locale: Locale): string {
  const { tag, currencyDisplay } = catalogOf(locale).intl;
  try {
    return new Intl.NumberFormat(tag, { style: 'currency', currency, currencyDisplay }).format(
      amount,
    );
  } catch {
    // An unknown currency code: Intl rejects it, the reader still deserves the number.
    return `${new Intl.NumberFormat(tag).format(amount)} ${currency}`;
  }
}

/** GSM 03.38 basic character set; one septet each. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (escape + character). */
const GSM7_EXTENDED = '^{}\\[~]|€\f';

const GSM7_BASIC_SET = new Set(GSM7_BASIC);
const GSM7_EXTENDED_SET = new Set(GSM7_EXTENDED);

/** Replacements for characters French needs that GSM-7 lacks. */
const GSM7_SUBSTITUTES: Record<string, string> = {
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  ç: 'c',
  â: 'a',
  ê: 'e',
  ë: 'e',
  î: 'i',
  ï: 'i',
  ô: 'o',
  û: 'u',
  À: 'A',
  È: 'E',
  Ê: 'E',
  Ô: 'O',
};

/** Rewrites a text into the GSM-7 alphabet: known substitutes, then accents dropped, then "?". */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (GSM7_BASIC_SET.has(char) || GSM7_EXTENDED_SET.has(char)) {
      out += char;
      continue;
    }
    const substitute = GSM7_SUBSTITUTES[char];
    if (substitute !== undefined) {
      out += substitute;
      continue;
    }
    const stripped = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    // Code points, not graphemes: GSM-7 is defined per character.
    // eslint-disable-next-line @typescript-eslint/no-misused-spread
    out += [...stripped].every((c) => GSM7_BASIC_SET.has(c)) && stripped !== '' ? stripped : '?';
  }
  return out;
}

/** Length in septets, or undefined when a character is outside GSM-7. */
export function gsm7Length(text: string): number | undefined {
  let length = 0;
  for (const char of text) {
    if (GSM7_BASIC_SET.has(char)) length += 1;
    else if (GSM7_EXTENDED_SET.has(char)) length += 2;
    else return undefined;
  }
  return length;
}

/** Whether a text, once in GSM-7, fits one SMS segment. */
export function fitsOneSms(text: string): boolean {
  return (gsm7Length(toGsm7(text)) ?? Number.POSITIVE_INFINITY) <= SMS_MAX_SEPTETS;
}

/** A subject SNS and mail servers accept: one line, ASCII, under 100 characters. */
export function toAsciiSubject(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, asciiSpelling)
    .replace(/ {2,}/g, ' ')
    .trim();
  if (ascii.length <= SUBJECT_MAX_LENGTH) return ascii;
  // Cut between words: "s'en o..." reads as a typo. A text with no space to cut at is cut where
  // it must be.
  const room = ascii.slice(0, SUBJECT_MAX_LENGTH - 2);
  const space = room.lastIndexOf(' ');
  const cut = space >= SUBJECT_MAX_LENGTH / 2 ? room.slice(0, space) : room.slice(0, -1);
  return `${cut.replace(/[\s,;:]+$/, '')}...`;
}
