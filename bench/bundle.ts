import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptions } from '../infra/bundling';
import type { Variant } from './variants';

/**
 * Builds one bundle for the bench, with the stack's own esbuild options (infra/bundling.ts) and
 * a variant's changes, into `out/<name>/`: its size is what a cold start loads.
 */

export interface Bundle {
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
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
  const { outfile: single, ...options } = esbuildOptions(entry, outfile);
  const result = await build({
    ...options,
    ...(variant.split === true
      ? {
          outdir: dir,
          splitting: true,
          entryNames: 'index',
          chunkNames: 'chunk-[hash]',
          outExtension: { '.js': '.mjs' },
        }
      : { outfile: single }),
    ...(variant.sdkDefaults === true ? { alias: {} } : {}),
    external: [...(options.external ?? []), ...(variant.external ?? [])],
    plugins: variant.plugins ?? [],
    logLevel: 'silent',
  });
  // What a cold start loads: the entry file and the files it imports statically (one file
  // unless split; a split bundle's other files load at their dynamic import).
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
  return { outfile, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}
