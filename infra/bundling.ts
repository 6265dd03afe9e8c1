import type { BuildOptions } from 'esbuild';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import path from 'node:path';

/** The project's root: the alias targets are relative to it, as esbuild's cwd under CDK. */
const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * How the function's code is bundled: one definition, read by the stack (NodejsFunction runs
 * esbuild with it) and by whatever must build the very same bundle (the benchmark, the bundle
 * checks), through `esbuildOptions`, so the two cannot drift.
 */
const BUNDLE = {
  target: 'node24',
  minify: true,
  sourceMap: true,
  // Maps without the sources' text: stack traces still point at lambda/*.ts lines, and Node
  // parses a much smaller file at start-up (--enable-source-maps reads it eagerly).
  sourcesContent: false,
  // The AWS SDK is bundled rather than taken from the runtime: the version is the one we test.
  external: [] as string[],
  mainFields: ['module', 'main'],
  // Lambda's credentials are in the environment: the SDK's default chain (SSO, profiles, web
  // identity, instance metadata, and the STS and SSO clients they bring) is never used there.
  alias: {
    '@aws-sdk/credential-provider-node': './lambda/aws/lambda-credentials.ts',
  } as Record<string, string>,
  // Some CommonJS dependencies call require(); ESM output needs it defined.
  banner:
    "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
};

export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  sourceMap: BUNDLE.sourceMap,
  sourcesContent: BUNDLE.sourcesContent,
  externalModules: BUNDLE.external,
  mainFields: BUNDLE.mainFields,
  banner: BUNDLE.banner,
  esbuildArgs: Object.fromEntries(
    Object.entries(BUNDLE.alias).map(([from, to]) => [`--alias:${from}`, to]),
  ),
} satisfies BundlingOptions;

/** The same bundle for esbuild's API, as NodejsFunction builds it (ESM, Node, one file). */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    external: BUNDLE.external,
    mainFields: BUNDLE.mainFields,
    banner: { js: BUNDLE.banner },
    alias: Object.fromEntries(
      Object.entries(BUNDLE.alias).map(([from, to]) => [from, path.resolve(ROOT, to)]),
    ),
    metafile: true,
  };
}
