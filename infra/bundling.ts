import type { BuildOptions } from 'esbuild';
import path from 'node:path';

/** The project's root: the alias targets and the function entries are under it. */
export const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * How the function's code is bundled: one definition, read by the stack (infra/function-code.ts
 * runs esbuild with it at synth time) and by whatever must build the very same bundle (the
 * benchmark, the bundle checks), so the two cannot drift.
 *
 * The bundle is split in files (esbuild's code splitting, which needs an output directory, not
 * one output file): the entry `index.mjs`, which the runtime loads, the chunks it imports, and
 * the chunks behind a dynamic `import()` (the check's channels and texts, lambda/handler.ts),
 * which a cold start loads only when it has something to deliver (BENCHMARKS.md).
 */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outdir,
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    // Maps without the sources' text: stack traces still point at lambda/*.ts lines, and Node
    // parses a much smaller file at start-up (--enable-source-maps reads it eagerly).
    sourcesContent: false,
    // The AWS SDK is bundled rather than taken from the runtime: the version is the one we test.
    // Only `bowser`, the browser user-agent parser that @aws-sdk/core imports dynamically from
    // code esbuild drops for Node: split, it would still be written as a file nothing loads
    // (35 KB in every asset; test/infra/security.test.ts holds every file reachable).
    external: ['bowser'],
    mainFields: ['module', 'main'],
    // Some CommonJS dependencies call require(); ESM output needs it defined (in every file).
    banner: {
      js: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
    },
    // Lambda's credentials are in the environment: the SDK's default chain (SSO, profiles, web
    // identity, instance metadata, and the STS and SSO clients they bring) is never used there.
    alias: {
      '@aws-sdk/credential-provider-node': path.join(
        ROOT,
        'lambda',
        'aws',
        'lambda-credentials.ts',
      ),
    },
    metafile: true,
  };
}
