import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, parseDeployConfig } from '../../infra/config';
import { parseCliOptions } from '../../tools/cli-options';
import { localeLine } from '../../tools/locale-line';

/** `npm start`'s language: the stack's default unless told, and its first line says which. */

describe("npm start's locale", () => {
  it("defaults to the deploy config's default locale", () => {
    const stack = parseDeployConfig({
      accounts: [{ name: 'x', lowBalanceThreshold: 1 }],
      operatorEmails: ['ops@example.sn'],
    });
    const options = parseCliOptions({}, {});
    expect(options.locale).toBe(stack.locale);
    expect(options.locale).toBe(DEFAULT_LOCALE);
    expect(options.localeFrom).toBe('default');
  });

  it('takes --locale first, then ALERT_LOCALE, and names where it came from', () => {
    expect(parseCliOptions({ locale: 'en' }, { ALERT_LOCALE: 'fr' })).toMatchObject({
      locale: 'en',
      localeFrom: '--locale',
    });
    expect(parseCliOptions({}, { ALERT_LOCALE: 'en' })).toMatchObject({
      locale: 'en',
      localeFrom: 'ALERT_LOCALE',
    });
    expect(localeLine('en', 'ALERT_LOCALE')).toBe(
      'Alert texts in English (en), from ALERT_LOCALE.',
    );
    expect(localeLine('fr', 'default')).toBe(
      "Alert texts in French (fr), the stack's default locale; --locale en for English (en).",
    );
  });
});
