import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../lambda/contract/severities';
import { CATALOGS } from '../../lambda/messages/locales/all';

/**
 * Every word the function and its alarms say lives in one catalog per locale
 * (lambda/messages/locales/, infra/alarm-locales/): no code picks a language by its name. The
 * next locale is a new catalog file, not a hunt for `=== 'fr'` through the project.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const CATALOG_FOLDERS = ['lambda/messages/locales/', 'infra/alarm-locales/'];

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

/** A comparison with a locale's name, or of a locale with a string: a language switch. */
const LANGUAGE_SWITCH =
  /[!=]==\s*['"`](?:en|fr)['"`]|['"`](?:en|fr)['"`]\s*[!=]==|\bcase\s+['"`](?:en|fr)['"`]|\blocale\s*[!=]==\s*['"`]/;

describe('the texts', () => {
  it('choose no language by its name outside the catalogs', () => {
    const switches = ['lambda', 'infra']
      .flatMap(sources)
      .filter((file) => !CATALOG_FOLDERS.some((folder) => file.startsWith(folder)))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            LANGUAGE_SWITCH.test(line) ? [`${relative(ROOT, join(ROOT, file))}:${i + 1}`] : [],
          ),
      );
    expect(switches).toEqual([]);
  });

  it('have one catalog for every locale, with the same messages', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
    const shape = (value: unknown): unknown =>
      typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, inner]) => [key, shape(inner)]),
          )
        : typeof value;
    for (const locale of LOCALES) expect(shape(CATALOGS[locale])).toEqual(shape(CATALOGS.en));
  });
});
