import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { esbuildOptions } from '../infra/bundling';
import { HANDLER_ENTRY } from '../infra/monitor-function';
import { startSandbox, SANDBOX_API_KEY } from '../tools/sandbox';
import { createSecret, createStateTable, createTopicWithQueue } from '../test/support/aws';
import { startFaultProxy } from '../test/support/fault-proxy';
import { MOTO_INSTALL_HINT, startMoto } from '../test/support/moto';
import { stopProcess } from '../test/support/processes';
import { measureCallbackToPublish } from './callback-latency';

/**
 * `npm run bench`: builds the function exactly as the stack does (infra/bundling.ts), and a
 * minimal reference handler the same way, then measures both on this machine against moto and
 * the sandbox on loopback: bundle size, cold import, cold import plus first check, warm checks,
 * remote calls per check, peak RSS. Variants answer the design questions (SDK bundled or from
 * the runtime, what Powertools costs). Prints a table, writes bench/results/latest.json.
 *
 * Then the time from a DEXCHANGE callback's arrival to the SNS publish of its LOW
 * (bench/callback-latency.ts).
 *
 *   npm run bench               full run (>= 15 cold processes, 50 warm checks per variant,
 *                               100 callbacks)
 *   npm run bench -- --smoke    one of each, to see that it still works
 *   npm run bench -- --callbacks  only the 100 callbacks
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench', 'results');
const smoke = process.argv.includes('--smoke');
const callbacksOnly = process.argv.includes('--callbacks');
const COLD_RUNS = smoke ? 1 : 15;
const WARM_CHECKS = smoke ? 2 : 50;
const CALLBACK_RUNS = smoke ? 1 : 100;

/** Replaces Powertools Logger and Metrics with no-op classes: what Powertools costs. */
const withoutPowertools: Plugin = {
  name: 'without-powertools',
  setup(b) {
    b.onResolve({ filter: /^@aws-lambda-powertools\/(logger|metrics)$/ }, (args) => ({
      path: args.path,
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

interface Variant {
  readonly name: string;
  readonly entry: string;
  readonly external?: string[];
  readonly plugins?: Plugin[];
  /** Overrides of the function's environment (as the stack sets it). */
  readonly env?: NodeJS.ProcessEnv;
}

const VARIANTS: Variant[] = [
  { name: 'monitor', entry: HANDLER_ENTRY },
  { name: 'monitor, SDK external', entry: HANDLER_ENTRY, external: ['@aws-sdk/*', '@smithy/*'] },
  { name: 'monitor, no Powertools', entry: HANDLER_ENTRY, plugins: [withoutPowertools] },
  { name: 'monitor, no source maps', entry: HANDLER_ENTRY, env: { NODE_OPTIONS: '' } },
  { name: 'reference', entry: path.join(root, 'bench', 'reference-handler.ts') },
];

async function bundle(variant: Variant) {
  const dir = path.join(out, variant.name.replace(/[^a-z]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'index.mjs');
  const options = esbuildOptions(variant.entry, outfile);
  await build({
    ...options,
    external: [...(options.external ?? []), ...(variant.external ?? [])],
    plugins: variant.plugins ?? [],
    logLevel: 'silent',
  });
  const bytes = readFileSync(outfile);
  return { outfile, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] ?? Number.NaN);
};
const p95 = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? Number.NaN;
};

interface ChildResult {
  importMs: number;
  checkMs: number[];
  maxRssKb: number;
}

async function child(
  bundlePath: string,
  checks: number,
  env: NodeJS.ProcessEnv,
): Promise<ChildResult> {
  const { stdout } = await run(
    process.execPath,
    [path.join(root, 'bench', 'child.mjs'), bundlePath, String(checks)],
    {
      env,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('{"importMs"'));
  if (line === undefined)
    throw new Error(`the benchmark process printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as ChildResult;
}

async function main() {
  const moto = await startMoto();
  if (moto === undefined) throw new Error(MOTO_INSTALL_HINT);
  const motoUrl = moto.url;
  const sandbox = await startSandbox({ accounts: { [SANDBOX_API_KEY]: { balances: [250_000] } } });
  const counter = await startFaultProxy(motoUrl);
  try {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const secretId = await createSecret(motoUrl, SANDBOX_API_KEY);
    const { topicArn } = await createTopicWithQueue(motoUrl);
    const tableName = await createStateTable(motoUrl);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Every AWS call goes through the counting proxy.
      AWS_ENDPOINT_URL: counter.url,
      DEXCHANGE_API_URL: sandbox.url,
      DEXCHANGE_API_KEY_SECRET_ID: secretId,
      ALERT_TOPIC_ARN: topicArn,
      STATE_TABLE_NAME: tableName,
      LOW_BALANCE_THRESHOLD: '100000',
      ACCOUNT_NAME: 'bench',
      NODE_OPTIONS: '--enable-source-maps',
    };

    const rows = [];
    for (const variant of callbacksOnly ? [] : VARIANTS) {
      const built = await bundle(variant);
      const variantEnv = { ...env, ...variant.env };
      // One check first, so that every measured run finds the state stored and recent (as a
      // scheduled check does), not the very first check of an account.
      await child(built.outfile, 1, variantEnv);
      const importOnly: number[] = [];
      const coldCheck: number[] = [];
      let rss = 0;
      let coldCalls = { aws: 0, api: 0 };
      for (let i = 0; i < COLD_RUNS; i += 1) {
        importOnly.push((await child(built.outfile, 0, variantEnv)).importMs);
        const awsBefore = counter.calls.length;
        const apiBefore = sandbox.requests.length;
        const cold = await child(built.outfile, 1, variantEnv);
        coldCheck.push(cold.importMs + (cold.checkMs[0] ?? 0));
        rss = Math.max(rss, cold.maxRssKb);
        coldCalls = {
          aws: counter.calls.length - awsBefore,
          api: sandbox.requests.length - apiBefore,
        };
      }
      const awsBefore = counter.calls.length;
      const apiBefore = sandbox.requests.length;
      const warm = await child(built.outfile, WARM_CHECKS + 1, variantEnv);
      // The first check of this process is cold; the rest are warm.
      const warmChecks = warm.checkMs.slice(1);
      const warmOps = counter.calls.slice(awsBefore).map((c) => c.operation);
      const warmAws = (warmOps.length - coldCalls.aws) / WARM_CHECKS;
      const warmApi = (sandbox.requests.length - apiBefore - coldCalls.api) / WARM_CHECKS;
      rows.push({
        variant: variant.name,
        bundleBytes: built.bytes,
        bundleGzipBytes: built.gzipBytes,
        coldImportMs: median(importOnly),
        coldImportAndCheckMs: median(coldCheck),
        warmCheckMedianMs: median(warmChecks),
        warmCheckP95Ms: p95(warmChecks),
        callsCold: coldCalls.aws + coldCalls.api,
        callsWarm: warmAws + warmApi,
        secretReadsWarm: warmOps.filter((o) => o.endsWith('GetSecretValue')).length,
        peakRssMb: Math.max(rss, warm.maxRssKb) / 1024,
      });
    }

    const latency = await measureCallbackToPublish(
      motoUrl,
      sandbox,
      'bench-callback-key',
      CALLBACK_RUNS,
    );
    const callbackToPublish = {
      runs: latency.warmMs.length,
      p50Ms: median(latency.warmMs),
      p95Ms: p95(latency.warmMs),
      maxMs: Math.max(...latency.warmMs),
      coldMs: latency.coldMs,
      maxGetsPerRun: Math.max(...latency.getsPerRun),
    };
    const fmt = (n: number, digits = 1) => n.toFixed(digits);
    const callbackLine = `callback → LOW published: p50 ${fmt(callbackToPublish.p50Ms)} ms, p95 ${fmt(callbackToPublish.p95Ms)} ms, max ${fmt(callbackToPublish.maxMs)} ms over ${callbackToPublish.runs} warm run(s); the first, cold: ${fmt(callbackToPublish.coldMs)} ms; DEXCHANGE GETs per run: ${callbackToPublish.maxGetsPerRun} at most`;
    if (callbacksOnly) {
      console.log(callbackLine);
      return;
    }

    const reference = rows.find((r) => r.variant === 'reference');
    const monitor = rows.find((r) => r.variant === 'monitor');
    if (reference === undefined || monitor === undefined) throw new Error('missing rows');
    const ratios = {
      coldImportAndCheck: monitor.coldImportAndCheckMs / reference.coldImportAndCheckMs,
      warmCheck: monitor.warmCheckMedianMs / reference.warmCheckMedianMs,
      bundle: monitor.bundleBytes / reference.bundleBytes,
    };
    const targets = [
      {
        name: 'cold import + first check <= 1.3x reference',
        value: ratios.coldImportAndCheck,
        met: ratios.coldImportAndCheck <= 1.3,
      },
      {
        name: 'warm check <= 1.2x reference',
        value: ratios.warmCheck,
        met: ratios.warmCheck <= 1.2,
      },
      { name: 'bundle <= 1.5x reference', value: ratios.bundle, met: ratios.bundle <= 1.5 },
      {
        name: 'remote calls per warm check = 1 (the GET)',
        value: monitor.callsWarm,
        met: monitor.callsWarm === 1,
      },
      {
        name: 'callback -> LOW published, p95 <= 2000 ms (warm)',
        value: callbackToPublish.p95Ms,
        met: callbackToPublish.p95Ms <= 2000,
      },
      {
        name: 'secret reads per warm process (cache 3600 s) = 1',
        value: monitor.secretReadsWarm,
        met: monitor.secretReadsWarm === 1,
      },
    ];

    const header = [
      'variant',
      'bundle KB',
      'gzip KB',
      'cold import ms',
      'cold import+check ms',
      'warm p50 ms',
      'warm p95 ms',
      'calls cold',
      'calls warm',
      'peak RSS MB',
    ];
    const table = [
      header,
      ...rows.map((r) => [
        r.variant,
        fmt(r.bundleBytes / 1024),
        fmt(r.bundleGzipBytes / 1024),
        fmt(r.coldImportMs),
        fmt(r.coldImportAndCheckMs),
        fmt(r.warmCheckMedianMs, 2),
        fmt(r.warmCheckP95Ms, 2),
        String(r.callsCold),
        fmt(r.callsWarm, 2),
        fmt(r.peakRssMb),
      ]),
    ];
    const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
    for (const row of table)
      console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
    console.log();
    console.log(callbackLine);
    console.log();
    for (const t of targets)
      console.log(`${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${fmt(t.value, 2)}`);

    const machine = {
      node: process.version,
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
    };
    const result = {
      date: new Date().toISOString(),
      smoke,
      coldRuns: COLD_RUNS,
      warmChecks: WARM_CHECKS,
      machine,
      rows,
      callbackToPublish,
      ratios,
      targets,
    };
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `\nwritten: bench/results/latest.json (${smoke ? 'smoke run' : `${COLD_RUNS} cold runs, ${WARM_CHECKS} warm checks`})`,
    );
  } finally {
    await counter.close();
    await sandbox.close();
    await stopProcess(moto.started);
  }
}

await main();
