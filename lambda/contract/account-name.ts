import * as z from './zod';

/**
 * An account's name: what people call it ("Boutique Thiès", "Kédougou 2"), in any alphabet.
 * It is normalized to NFC first, so "Thie\u0300s" typed with a combining accent is the same
 * account, the same state item and the same texts as "Thiès". The places that take ASCII only
 * (resource names, SNS subjects, IAM descriptions) use asciiName or the stack's slug of it.
 */

export const ACCOUNT_NAME_MAX_LENGTH = 32;

/** A letter or a decimal digit first; then letters (with their accents), digits, " ._-". */
const ACCOUNT_NAME_PATTERN = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd} ._-]*$/u;

export const ACCOUNT_NAME_RULE =
  'must start with a letter or digit and use only letters (any alphabet, accents included), digits, space, ".", "_" or "-"';

/** The name as every setting carries it: NFC, then checked against the rule. */
export const accountNameSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((value: string) => value.normalize('NFC')),
  ),
  z.string().check(
    z.maxLength(ACCOUNT_NAME_MAX_LENGTH, {
      error: `must be at most ${ACCOUNT_NAME_MAX_LENGTH} characters`,
    }),
    z.regex(ACCOUNT_NAME_PATTERN, { error: ACCOUNT_NAME_RULE }),
  ),
);

/** Letters that carry no combining mark to strip, and their usual ASCII spelling. */
const LATIN_SPELLINGS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ŋ: 'n',
  Ŋ: 'N',
  ɓ: 'b',
  Ɓ: 'B',
  ɗ: 'd',
  Ɗ: 'D',
  ƴ: 'y',
  Ƴ: 'Y',
};

/**
 * The name in printable ASCII: accents stripped ("Thiès" -> "Thies"), a few letters spelled
 * out, anything else "?". For the places that refuse anything but ASCII.
 */
export function asciiName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, asciiSpelling);
}

/** One character outside ASCII, spelled in ASCII when it is a Latin letter, else "?". */
export function asciiSpelling(char: string): string {
  return LATIN_SPELLINGS[char] ?? '?';
}
