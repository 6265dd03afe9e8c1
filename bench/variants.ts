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

/**
 * The check's handler with the channels' code behind a dynamic import(), for the split
 * variant: what splitting the bundle in files would give a quiet cold check (NodejsFunction
 * cannot build it: it always passes --outfile; BENCHMARKS.md). Each replacement must apply.
 */
const channelsByImport: Plugin = {
  name: 'channels-by-import',
  setup(b) {
    b.onLoad({ filter: /lambda[\\/]handler\.ts$/ }, (a) => {
      let source = readFileSync(a.path, 'utf8');
      const replace = (from: string, to: string) => {
        if (!source.includes(from)) throw new Error(`handler.ts no longer has: ${from}`);
        source = source.replace(from, to);
      };
      replace(
        "import { createDeliverers, type Deliverers } from './channels/deliverers';",
        "import type { Deliverers } from './channels/deliverers';",
      );
      replace(
        'let deliverers: Deliverers | undefined;',
        'let deliverers: Promise<Deliverers> | undefined;',
      );
      replace(
        '(deliverers ??= createDeliverers({',
        "(deliverers ??= import('./channels/deliverers').then((m) => m.createDeliverers({",
      );
      replace(
        'operatorTopicArn: config.operatorTopicArn,\n    }));',
        'operatorTopicArn: config.operatorTopicArn,\n    })));',
      );
      replace('() => loadDeliverers().channels,', 'async () => (await loadDeliverers()).channels,');
      replace(
        'loadDeliverers().operatorNotice?.tell(',
        '(await loadDeliverers()).operatorNotice?.tell(',
      );
      return { contents: source, loader: 'ts' };
    });
  },
};

/**
 * The SDK clients a quiet check never calls (SNS, SQS, End User Messaging Social) replaced by
 * stubs that throw when used: the upper bound of what loading them behind a split import would
 * save a cold check that delivers nothing (the bench's first check delivers nothing).
 */
const deliveryClientsStubbed: Plugin = {
  name: 'delivery-clients-stubbed',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/client-(sns|sqs|socialmessaging)$/ }, (a) => ({
      path: a.path,
      namespace: 'stub',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, name) => name === '__esModule' ? false : class { constructor() { throw new Error('stubbed: ' + String(name)); } } });",
      loader: 'js',
    }));
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
  /** Split in files (esbuild's splitting), the entry named index.mjs. */
  readonly split?: boolean;
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
          {
            name: 'monitor, delivery clients stubbed (not deployable)',
            entry: HANDLER_ENTRY,
            plugins: [deliveryClientsStubbed],
          },
          {
            name: 'monitor, split (not deployable)',
            entry: HANDLER_ENTRY,
            plugins: [channelsByImport],
            split: true,
          },
        ]
      : []),
    // What any design keeping the product's requirements (state in DynamoDB, zod, Powertools'
    // Logger) pays at least, bundled as the function is: the monitor's cold figure against it.
    { name: FLOOR, entry: FLOOR_ENTRY },
    // The naive handler: the SDK's whole default credential chain, as a first script
    // bundled with the SDK's defaults would have it.
    { name: NAIVE, entry: REFERENCE_ENTRY, sdkDefaults: true },
    // The same handler with the function's own credential trim (infra/bundling.ts's alias).
    { name: TRIMMED, entry: REFERENCE_ENTRY },
  ];
}
