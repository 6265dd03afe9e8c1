import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../lambda/contract/severities';
import { TEMPLATE_VERSION, WHATSAPP_TEMPLATE_KINDS } from '../../lambda/messages/whatsapp/kinds';
import { templateDefinition, WHATSAPP_CATALOGS } from '../../lambda/messages/whatsapp/templates';

/**
 * Meta reviews a template's words once, under its name, and the name carries TEMPLATE_VERSION:
 * words changed under the same version would be sent under a name Meta approved for other
 * words (or refused for them). So the words of every template (each body, the footer, the
 * button, the language and the category, as `npm run whatsapp-templates` submits them) are
 * hashed here, one hash recorded per version: changed words fail this test until the version
 * is bumped and the new hash recorded.
 */

/** sha256 of what each template submits, its name (which holds the version) left out. */
function wordsHash(catalogs = WHATSAPP_CATALOGS): string {
  const definitions = LOCALES.flatMap((locale) =>
    WHATSAPP_TEMPLATE_KINDS.map((kind) => ({
      ...templateDefinition(kind, locale, [], catalogs),
      name: undefined,
    })),
  );
  return createHash('sha256').update(JSON.stringify(definitions)).digest('hex');
}

/** The hash of each version's words. v1 was the first submission, before this test. */
const RECORDED: Readonly<Record<number, string>> = {
  2: '66ef9009107a6b9934a6819ee386c3f2aecfde836519386f1f4512c14615820e',
};

describe('TEMPLATE_VERSION follows the words of the WhatsApp templates', () => {
  it('the words are those recorded for this version', () => {
    expect(
      wordsHash(),
      `The WhatsApp templates' words differ from those recorded for v${TEMPLATE_VERSION}: bump TEMPLATE_VERSION in lambda/messages/whatsapp/kinds.ts and record the new hash here (${wordsHash()}). A version already submitted to Meta keeps its words.`,
    ).toBe(RECORDED[TEMPLATE_VERSION]);
  });

  it('any change of a body, the footer or the button changes the hash', () => {
    const base = wordsHash();
    const fr = WHATSAPP_CATALOGS.fr;
    const changed = [
      { ...fr, bodies: { ...fr.bodies, test: `${fr.bodies.test} ` } },
      { ...fr, footer: `${fr.footer}.` },
      { ...fr, acknowledgeButton: 'Je gère' },
      { ...fr, language: 'fr_SN' },
    ];
    for (const catalog of changed)
      expect(wordsHash({ ...WHATSAPP_CATALOGS, fr: catalog })).not.toBe(base);
  });
});
