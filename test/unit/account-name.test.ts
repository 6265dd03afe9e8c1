import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_NAME_RULE,
  accountNameSchema,
  asciiName,
} from '../../lambda/contract/account-name';
import { accountSlug } from '../../infra/config';
import { gsm7Length, toAsciiSubject, toGsm7 } from '../../lambda/messages/text';

/** The account name's rule: letters of any alphabet, in NFC; ASCII only where AWS demands it. */

const RULE_MESSAGE =
  'must start with a letter or digit and use only letters (any alphabet, accents included), digits, space, ".", "_" or "-"';

const refusal = (name: string) => accountNameSchema.safeParse(name).error?.issues[0]?.message;

describe('the account name rule', () => {
  it('stores a name typed with combining accents as the one typed precomposed', () => {
    expect(accountNameSchema.parse('Boutique Thie\u0300s')).toBe('Boutique Thiès');
    expect(accountNameSchema.parse('Ke\u0301dougou')).toBe(accountNameSchema.parse('Kédougou'));
  });

  it.each([
    'Boutique Thiès',
    'Sédhiou 2',
    'ÇA_Dakar',
    'داكار',
    'Ставка',
    'नमस्ते',
    '東京.shop',
    '9-Ndar',
  ])('accepts %s', (name) => {
    expect(accountNameSchema.parse(name)).toBe(name.normalize('NFC'));
  });

  it.each([
    [' Thiès', 'a leading space'],
    ['Thiès\u0007', 'a control character'],
    ['Thiès\n', 'a line break'],
    ['Boutique 🇸🇳', 'an emoji flag'],
    ['Café ☕', 'an emoji'],
    ['Dakar/Plateau', 'a slash'],
    ['\u0301Thies', 'a leading combining mark'],
  ])('refuses %j (%s) saying exactly what is allowed', (name) => {
    expect(refusal(name)).toBe(RULE_MESSAGE);
  });

  it('says so in the rule the config and the environment print', () => {
    expect(ACCOUNT_NAME_RULE).toBe(RULE_MESSAGE);
  });

  it('refuses a name over 32 characters', () => {
    expect(refusal('é'.repeat(33))).toBe('must be at most 32 characters');
  });
});

describe('the ASCII forms of a name', () => {
  it('strips accents and spells the letters that carry none', () => {
    expect(asciiName('Boutique Thiès')).toBe('Boutique Thies');
    expect(asciiName('Søren Œuvre Straße')).toBe('Soren OEuvre Strasse');
    expect(asciiName('داكار')).toBe('?????');
  });

  it('spells a subject in ASCII the same way', () => {
    expect(toAsciiSubject('CRITIQUE Boutique Thiès')).toBe('CRITIQUE Boutique Thies');
    expect(toAsciiSubject('BAS Søren Straße')).toBe('BAS Soren Strasse');
  });

  it('slugs to ASCII for resource names, and hashes a name with no Latin letter', () => {
    expect(accountSlug('Boutique Thiès')).toBe('boutique-thies');
    expect(accountSlug('Boutique Thie\u0300s')).toBe('boutique-thies');
    expect(accountSlug('داكار')).toMatch(/^account-[0-9a-f]{8}$/);
    expect(accountSlug('داكار')).not.toBe(accountSlug('طوبى'));
  });

  it('keeps in the SMS the accents GSM-7 has, and replaces only the others', () => {
    expect(toGsm7('Thiès Kédougou Sédhiou Ziguinchor à ù ì ò É Ç')).toBe(
      'Thiès Kédougou Sédhiou Ziguinchor à ù ì ò É Ç',
    );
    expect(toGsm7('Mbôr ç ê')).toBe('Mbor c e');
    expect(gsm7Length('Boutique Thiès')).toBe(14);
  });
});
