import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling';
import type { Variant } from './variants';

/**
 * Builds one bundle for the bench, with the stack's own esbuild options (infra/bundling.ts) and
 * a variant's changes, into `out/<name>/`: the entry `index.mjs` and the files it imports.
 */

export interface Bundle {
  readonly outfile: string;
  /** What a cold start loads: the entry and the files it imports statically. */
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Every code file of the bundle (not the source maps): what is uploaded, all loaded or not. */
  readonly totalBytes: number;
}

export async function bundle(
  out: string,
  name: string,
  entry: string,
  variant: Partial<Variant> = {},
): Promise<Bundle> {
  const dir = path.join(out, name.replace(/[^a-z0-9]+/gi, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'index.mjs');
  const { outdir, splitting, entryNames, chunkNames, outExtension, ...options } = esbuildOptions(
    entry,
    dir,
  );
  const result = await build({
    ...options,
    // One file, as a first script is bundled (the naive reference), or split as the stack does.
    ...(variant.oneFile === true
      ? { outfile }
      : { outdir, splitting, entryNames, chunkNames, outExtension }),
    ...(variant.sdkDefaults === true ? { alias: {} } : {}),
    external: [...(options.external ?? []), ...(variant.external ?? [])],
    plugins: variant.plugins ?? [],
    logLevel: 'silent',
  });
  // A split bundle's files behind a dynamic import() load only when that import runs.
  const outputs = result.metafile?.outputs ?? {};
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(path.relative(process.cwd(), outfile));
  const bytes = Buffer.concat([...loaded].map((file) => readFileSync(file)));
  const totalBytes = Object.entries(outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  return { outfile, bytes: bytes.length, gzipBytes: gzipSync(bytes).length, totalBytes };
}
