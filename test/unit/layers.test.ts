import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { functionZodRule, infraRule, LAYERS, layerRules } from '../../eslint.layers.js';

/**
 * The layer rule as eslint runs it on a file of lambda/: the rule table alone (no type
 * information needed for imports), on text that is never written to disk.
 */
const eslint = new ESLint({
  cwd: join(import.meta.dirname, '../..'),
  overrideConfigFile: true,
  overrideConfig: [
    { languageOptions: { parser: tseslint.parser } },
    ...layerRules(),
    infraRule(),
    functionZodRule(),
  ],
});

async function importErrors(fromFile: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(
    `import { x } from '${specifier}';\nexport const y = x;\n`,
    {
      filePath: fromFile,
    },
  );
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

/** A file that sits in `member`, and how an import from it spells `target`. */
const fileIn = (member: string) =>
  member.endsWith('/') ? `lambda/${member}probe.ts` : `lambda/${member}`;
const specifier = (from: string, target: string) => {
  const name = target.endsWith('/') ? `${target}probe` : target.replace(/\.ts$/, '');
  return from.endsWith('/') ? `../${name}` : `./${name}`;
};

const pairs = LAYERS.flatMap((low, lowIndex) =>
  LAYERS.flatMap((high, highIndex) =>
    low.members.flatMap((from) =>
      high.members
        .filter((to) => to !== from)
        .map((to) => ({
          from,
          to,
          upward: highIndex > lowIndex,
          sameLayer: highIndex === lowIndex,
          low,
        })),
    ),
  ),
);

describe('the layer rule (eslint.layers.js)', () => {
  it('fails an import that runs back up a layer, from every member to every member above it', async () => {
    const upward = pairs.filter((p) => p.upward);
    expect(upward.length).toBeGreaterThan(40);
    for (const { from, to } of upward) {
      const errors = await importErrors(fileIn(from), specifier(from, to));
      expect(errors, `${from} → ${to}`).toEqual([
        expect.stringMatching(/^no-restricted-imports: .*sits higher/),
      ]);
    }
  });

  it('passes an import that runs down, or stays inside its own folder', async () => {
    const downward = pairs.filter((p) => !p.upward && !p.sameLayer);
    expect(downward.length).toBeGreaterThan(40);
    for (const { from, to } of downward) {
      expect(await importErrors(fileIn(from), specifier(from, to)), `${from} → ${to}`).toEqual([]);
    }
    expect(await importErrors('lambda/channels/probe.ts', './sns')).toEqual([]);
  });

  it('keeps the adapters apart: a channel cannot import a store, nor a provider a channel', async () => {
    expect(await importErrors('lambda/channels/probe.ts', '../stores/dynamodb')).toEqual([
      expect.stringMatching(/one adapter may not import another/),
    ]);
    expect(await importErrors('lambda/providers/dexchange/probe.ts', '../../channels/sns')).toEqual(
      [expect.stringMatching(/one adapter may not import another/)],
    );
  });

  it('sees through nested folders: providers/dexchange/ reaching check/ is refused', async () => {
    expect(
      await importErrors('lambda/providers/dexchange/probe.ts', '../../check/run-check'),
    ).toEqual([expect.stringMatching(/adapters may not import check/)]);
  });

  it('keeps the pure layers free of the SDK and of Node', async () => {
    for (const file of [
      'lambda/contract/probe.ts',
      'lambda/alerting/probe.ts',
      'lambda/delivery/probe.ts',
    ]) {
      for (const pkg of ['@aws-sdk/client-sns', 'node:fs']) {
        expect(await importErrors(file, pkg), `${file} → ${pkg}`).toEqual([
          expect.stringMatching(/^no-restricted-imports: .* is pure: it imports only zod/),
        ]);
      }
    }
    expect(await importErrors('lambda/check/probe.ts', '@aws-sdk/client-dynamodb')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*check stays free of these/),
    ]);
  });

  it('keeps the pure layers to zod and their own code: no other package, not even a bare Node name', async () => {
    expect(await importErrors('lambda/delivery/probe.ts', 'crypto')).toEqual([
      expect.stringMatching(/delivery is pure/),
    ]);
    expect(await importErrors('lambda/alerting/probe.ts', 'fs')).toEqual([
      expect.stringMatching(/policy is pure/),
    ]);
    expect(await importErrors('lambda/messages/probe.ts', '../contract/zod')).toEqual([]);
  });

  it("builds every schema of the function from its own zod (contract/zod.ts), never from zod's packages", async () => {
    for (const [file, pkg] of [
      ['lambda/messages/probe.ts', 'zod'],
      ['lambda/handler.ts', 'zod'],
      ['lambda/stores/probe.ts', 'zod/mini'],
      ['lambda/contract/probe.ts', 'zod/v4/locales/en.js'],
    ] as const)
      expect(await importErrors(file, pkg), `${file} → ${pkg}`).toEqual([
        expect.stringMatching(/^no-restricted-syntax: Import the function's zod/),
      ]);
    // Nor by a re-export, an import() or an import = require().
    for (const text of [
      "export * from 'zod';",
      "export { z } from 'zod/mini';",
      "export const z = import('zod');",
      "import z = require('zod');\nexport const y = z;",
    ]) {
      const [result] = await eslint.lintText(`${text}\n`, { filePath: 'lambda/stores/probe.ts' });
      expect(
        result?.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`),
        text,
      ).toEqual([expect.stringMatching(/^no-restricted-syntax: Import the function's zod/)]);
    }
    // The one module that configures it.
    expect(await importErrors('lambda/contract/zod.ts', 'zod/mini')).toEqual([]);
    expect(await importErrors('lambda/handler.ts', './contract/zod')).toEqual([]);
  });

  it('refuses a path that climbs out of lambda/ and back in to reach a higher layer', async () => {
    expect(
      await importErrors('lambda/delivery/steps/probe.ts', '../../../lambda/check/run-check'),
    ).toEqual([expect.stringMatching(/by its path inside lambda/)]);
    expect(await importErrors('lambda/errors.ts', '../lambda/check/run-check')).toEqual([
      expect.stringMatching(/by its path inside lambda/),
    ]);
  });

  it('lets infra/ import the contract only, from any depth', async () => {
    for (const [file, up] of [
      ['infra/probe.ts', '../'],
      ['infra/config/probe.ts', '../../'],
      ['infra/alarm-locales/probe.ts', '../../'],
    ] as const) {
      expect(await importErrors(file, `${up}lambda/check/run-check`), file).toEqual([
        expect.stringMatching(/infra may import lambda\/contract\/ only/),
      ]);
      expect(await importErrors(file, `${up}lambda/contract/settings`), file).toEqual([]);
    }
  });

  it('places every source file of lambda/ in exactly one layer', () => {
    const root = join(import.meta.dirname, '../../lambda');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => relative(root, join(root, f)).replaceAll('\\', '/'));
    expect(files.length).toBeGreaterThan(50);
    const members = LAYERS.flatMap((l) => l.members);
    const unplaced = files.filter(
      (file) =>
        members.filter((m) => (m.endsWith('/') ? file.startsWith(m) : file === m)).length !== 1,
    );
    expect(unplaced).toEqual([]);
  });
});
