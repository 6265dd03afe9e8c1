import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { HANDLER_ENTRY } from '../infra/monitor-function';

/**
 * The variants of the check's bundle that `npm run bench` measures (bench/run.ts): what each
 * design choice gives and costs, measured in the same run as the deployed bundle.
 */

/** Replaces Powertools Logger and Metrics with no-op classes: what Powertools costs. */
const withoutPowertools: Plugin = {
  name: 'without-powertools',
  setup(b) {
    b.onResolve({ filter: /^@aws-lambda-powertools\/(logger|metrics)$/ }, (a) => ({
      path: a.path,
      namespace: 'stub',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        'export class Logger { info(){} warn(){} error(){} appendKeys(){} }\n' +
        'export class Metrics { addDimension(){} addMetric(){} hasStoredMetrics(){ return false; } publishStoredMetrics(){} }\n' +
        "export const MetricUnit = { Count: 'Count', Milliseconds: 'Milliseconds', NoUnit: 'None' };",
      loader: 'js',
    }));
  },
};

/**
 * Leaves zod's per-schema compiled parsers on: the function's zod (lambda/contract/zod.ts) set
 * to `jitless: false`. The replacement must apply.
 */
const withZodJit: Plugin = {
  name: 'with-zod-jit',
  setup(b) {
    b.onLoad({ filter: /lambda[\\/]contract[\\/]zod\.ts$/ }, (a) => {
      const source = readFileSync(a.path, 'utf8');
      const from = 'jitless: true';
      if (!source.includes(from)) throw new Error(`contract/zod.ts no longer has: ${from}`);
      return { contents: source.replace(from, 'jitless: false'), loader: 'ts' };
    });
  },
};

export interface Variant {
  readonly name: string;
  readonly entry: string;
  readonly external?: string[];
  readonly plugins?: Plugin[];
  /** Bundled with the SDK's default options: without the stack's credential-chain alias. */
  readonly sdkDefaults?: boolean;
  /** Overrides of the function's environment (as the stack sets it). */
  readonly env?: NodeJS.ProcessEnv;
  /** One file, not split in files as the stack bundles (infra/bundling.ts). */
  readonly oneFile?: boolean;
}

const REFERENCE_ENTRY = path.join(import.meta.dirname, 'reference-handler.ts');
const FLOOR_ENTRY = path.join(import.meta.dirname, 'floor-handler.ts');
export const NAIVE = 'naive reference';
/** The naive handler plus what every check must do (bench/floor-handler.ts), bundled as the function. */
export const FLOOR = 'product floor';
export const TRIMMED = 'trimmed reference';

/**
 * The check's bundles the bench measures: the monitor as deployed and without source maps, the
 * design variants when asked (`--variants`), and the two references.
 */
export function checkVariants(designVariants: boolean): Variant[] {
  return [
    { name: 'monitor', entry: HANDLER_ENTRY },
    { name: 'monitor, no source maps', entry: HANDLER_ENTRY, env: { NODE_OPTIONS: '' } },
    ...(designVariants
      ? [
          {
            name: 'monitor, SDK external',
            entry: HANDLER_ENTRY,
            external: ['@aws-sdk/*', '@smithy/*'],
          },
          { name: 'monitor, no Powertools', entry: HANDLER_ENTRY, plugins: [withoutPowertools] },
          { name: 'monitor, zod JIT', entry: HANDLER_ENTRY, plugins: [withZodJit] },
          // The bundle in one file, as it was before the split (the channels then behind a
          // dynamic import() that esbuild turns into a lazily run initializer).
          { name: 'monitor, one file', entry: HANDLER_ENTRY, oneFile: true },
        ]
      : []),
    // What any design keeping the product's requirements (state in DynamoDB, zod, Powertools'
    // Logger) pays at least, bundled as the function is: the monitor's cold figure against it.
    { name: FLOOR, entry: FLOOR_ENTRY },
    // The naive handler: the SDK's whole default credential chain, in one file, as a
    // first script bundled with the SDK's defaults would have it.
    { name: NAIVE, entry: REFERENCE_ENTRY, sdkDefaults: true, oneFile: true },
    // The same handler with the function's own credential trim (infra/bundling.ts's alias).
    { name: TRIMMED, entry: REFERENCE_ENTRY },
  ];
}
