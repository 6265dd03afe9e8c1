import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ACK_HANDLER_ENTRY, CALLBACK_HANDLER_ENTRY } from '../infra/monitor-function';
import { startSandbox, SANDBOX_API_KEY } from '../tools/sandbox';
import { createSecret, createStateTable, createTopicWithQueue } from '../test/support/aws';
import { startFaultProxy } from '../test/support/fault-proxy';
import { MOTO_INSTALL_HINT, startMoto } from '../test/support/moto';
import { findNode24, NODE24_INSTALL_HINT } from '../test/support/node24';
import { stopProcess } from '../test/support/processes';
import { measureCallbackToPublish } from './callback-latency';
import { measureEndpoint, setUpEndpoints, type EndpointResult } from './endpoints';
import { bundle, type Bundle } from './bundle';
import { markdownTable, median, p95 } from './report';
import { checkVariants, FLOOR, NAIVE, TRIMMED, type Variant } from './variants';

/**
 * `npm run bench`: builds the function exactly as the stack does (infra/bundling.ts), and the
 * naive reference handler twice (bench/reference-handler.ts): with the SDK's default options
 * (its whole default credential chain, the issue's "naive handler") and trimmed as the
 * function is; then measures them on this machine against moto and the sandbox on loopback:
 * bundle size, cold import, cold import plus first check, warm checks, remote calls per check,
 * peak RSS, and the ratios to both references. Then the public endpoints' cold response
 * (bench/endpoints.ts) against a hello-world Function URL handler, and the time from a
 * DEXCHANGE callback's arrival to the SNS publish of its LOW (bench/callback-latency.ts).
 * Every child process runs under each Node binary chosen: by default this Node (20 here) and
 * Node 24, the Lambda runtime, from tools/node24 (`npm ci --prefix tools/node24`).
 * Prints ready Markdown tables, writes bench/results/latest.json (a smoke run writes smoke.json,
 * so that the suite's smoke run never replaces the figures of a full one).
 *
 *   npm run bench                 full run (15 cold processes, 50 warm checks per variant, 15
 *                                 cold requests per endpoint, 100 callbacks), on both Nodes
 *   npm run bench -- --smoke      one of each, on this Node only, to see that it still works
 *   npm run bench -- --node=PATH  the child processes under that binary only (repeatable)
 *   npm run bench -- --variants   also the design variants (SDK external, Powertools stubbed,
 *                                 zod's compiled parsers on, the bundle in one file)
 *   npm run bench -- --callbacks  only the 100 callbacks
 *   npm run bench -- --checks     only the check's variants (no endpoints, no callbacks)
 *   npm run bench -- --only=NAME  only that variant of the check (repeatable), and the references
 *   npm run bench -- --runs=N     N cold processes per variant instead of 15
 *
 * BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=DIR --cpu-prof-interval 100" puts those options
 * before each benchmark process's script (Node refuses --cpu-prof in NODE_OPTIONS): a profile of
 * each cold check, its first check included, where bench/profile.ts profiles the import alone.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'bench', 'results');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const callbacksOnly = args.includes('--callbacks');
const checksOnly = args.includes('--checks');
const designVariants = args.includes('--variants');
const runsArg = args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length);
const COLD_RUNS = smoke ? 1 : Number(runsArg ?? '15');
const WARM_CHECKS = smoke ? 2 : 50;
const ENDPOINT_RUNS = smoke ? 1 : 15;
const CALLBACK_RUNS = smoke ? 1 : 100;

/** The Node binaries the child processes run under. */
function runtimes(): string[] {
  const chosen = args.filter((a) => a.startsWith('--node=')).map((a) => a.slice('--node='.length));
  if (chosen.length > 0) return chosen;
  if (smoke) return [process.execPath];
  const node24 = findNode24();
  if (node24 === undefined) {
    process.stderr.write(`\n[Node 24 not measured] ${NODE24_INSTALL_HINT}\n\n`);
    return [process.execPath];
  }
  return [process.execPath, node24];
}

const only = args.filter((a) => a.startsWith('--only=')).map((a) => a.slice('--only='.length));
const MEASURED = checkVariants(designVariants).filter(
  (v) =>
    only.length === 0 ||
    only.includes(v.name) ||
    v.name === NAIVE ||
    v.name === TRIMMED ||
    v.name === FLOOR,
);

interface ChildResult {
  importMs: number;
  checkMs: number[];
  /** CPU time (user + system) of the same steps: what the code costs, whatever the load. */
  importCpuMs: number;
  checkCpuMs: number[];
  maxRssKb: number;
}

async function child(
  node: string,
  bundlePath: string,
  checks: number,
  env: NodeJS.ProcessEnv,
): Promise<ChildResult> {
  const { stdout } = await run(
    node,
    [
      ...(process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? []),
      path.join(root, 'bench', 'child.mjs'),
      bundlePath,
      String(checks),
    ],
    { env, maxBuffer: 64 * 1024 * 1024 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('{"importMs"'));
  if (line === undefined)
    throw new Error(`the benchmark process printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as ChildResult;
}

interface Row {
  variant: string;
  bundleBytes: number;
  bundleGzipBytes: number;
  /** Every code file of the bundle, loaded at a cold start or not (bench/bundle.ts). */
  bundleTotalBytes: number;
  coldImportMs: number;
  coldImportAndCheckMs: number;
  coldImportAndCheckCpuMs: number;
  warmCheckMedianMs: number;
  warmCheckP95Ms: number;
  callsCold: number;
  callsWarm: number;
  secretReadsWarm: number;
  peakRssMb: number;
}

interface Ratios {
  coldImportAndCheck: number;
  /** The same, in CPU time. */
  coldImportAndCheckCpu: number;
  warmCheck: number;
  /** What a cold check loads. */
  bundle: number;
  /** Every file of the bundle. */
  bundleTotal: number;
}

interface RuntimeResult {
  node: string;
  binary: string;
  rows: Row[];
  endpoints: (EndpointResult & { p50Ms: number; p95Ms: number; importP50Ms: number })[];
  ratios: {
    vsNaive: Ratios;
    vsTrimmed: Ratios;
    /** The product floor (bench/floor-handler.ts) against the naive reference. */
    floorVsNaive: Ratios;
    /** The monitor against the product floor. */
    vsFloor: Ratios;
    endpointsVsHello: Record<string, number>;
  };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const x = (n: number) => `${n.toFixed(2)}×`;

async function main() {
  const moto = await startMoto();
  if (moto === undefined) throw new Error(MOTO_INSTALL_HINT);
  const motoUrl = moto.url;
  const sandbox = await startSandbox({ accounts: { [SANDBOX_API_KEY]: { balances: [250_000] } } });
  const counter = await startFaultProxy(motoUrl);
  let endpointSetUp: Awaited<ReturnType<typeof setUpEndpoints>> | undefined;
  try {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const secretId = await createSecret(motoUrl, SANDBOX_API_KEY);
    const { topicArn } = await createTopicWithQueue(motoUrl);
    const tableName = await createStateTable(motoUrl);
    const awsEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Every AWS call goes through the counting proxy.
      AWS_ENDPOINT_URL: counter.url,
      // As the stack sets it for every function (infra/monitor-function.ts).
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    const env: NodeJS.ProcessEnv = {
      ...awsEnv,
      DEXCHANGE_API_URL: sandbox.url,
      DEXCHANGE_API_KEY_SECRET_ID: secretId,
      ALERT_TOPIC_ARN: topicArn,
      STATE_TABLE_NAME: tableName,
      LOW_BALANCE_THRESHOLD: '100000',
      ACCOUNT_NAME: 'bench',
    };

    const results: RuntimeResult[] = [];
    const built = new Map<string, Bundle>();
    if (!callbacksOnly) {
      for (const variant of MEASURED)
        built.set(variant.name, await bundle(out, variant.name, variant.entry, variant));
      const endpointBundles = {
        ack: (await bundle(out, 'acknowledge page', ACK_HANDLER_ENTRY)).outfile,
        callback: (await bundle(out, 'callback receiver', CALLBACK_HANDLER_ENTRY)).outfile,
        hello: (await bundle(out, 'hello world', path.join(root, 'bench', 'hello-handler.ts')))
          .outfile,
        reference: built.get(TRIMMED)?.outfile ?? '',
      };
      const monitorBundle = built.get('monitor')?.outfile ?? '';
      endpointSetUp = await setUpEndpoints(motoUrl, env, tableName, async (account) => {
        // One check below LOW: the page's account gets an open episode.
        await child(process.execPath, monitorBundle, 1, {
          ...env,
          ACCOUNT_NAME: account,
          LOW_BALANCE_THRESHOLD: '300000',
        });
      });
      const endpoints = checksOnly ? [] : endpointSetUp.endpoints(endpointBundles);

      for (const node of runtimes()) {
        const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
        process.stderr.write(`measuring under Node ${version} (${node})\n`);
        const rows = await measureVariants(
          node,
          MEASURED.map((variant) => {
            const b = built.get(variant.name);
            if (b === undefined) throw new Error(`no bundle for ${variant.name}`);
            return { variant, built: b, env: { ...env, ...variant.env } };
          }),
        );
        // Round-robin too: the n-th cold request of every endpoint, then the next.
        const perEndpoint = endpoints.map(() => ({
          answeredMs: [] as number[],
          importMs: [] as number[],
        }));
        for (let i = 0; i < ENDPOINT_RUNS; i += 1)
          for (const [k, endpoint] of endpoints.entries()) {
            const r = await measureEndpoint(node, endpoint, 1);
            perEndpoint[k]?.answeredMs.push(...r.answeredMs);
            perEndpoint[k]?.importMs.push(...r.importMs);
          }
        const endpointRows = endpoints.map((endpoint, k) => {
          const r = perEndpoint[k] ?? { answeredMs: [], importMs: [] };
          return {
            name: endpoint.name,
            ...r,
            p50Ms: median(r.answeredMs),
            p95Ms: p95(r.answeredMs),
            importP50Ms: median(r.importMs),
          };
        });
        const row = (name: string) => {
          const found = rows.find((r) => r.variant === name);
          if (found === undefined) throw new Error(`missing row ${name}`);
          return found;
        };
        const against = (reference: Row, measured = row('monitor')) => ({
          coldImportAndCheck: measured.coldImportAndCheckMs / reference.coldImportAndCheckMs,
          coldImportAndCheckCpu:
            measured.coldImportAndCheckCpuMs / reference.coldImportAndCheckCpuMs,
          warmCheck: measured.warmCheckMedianMs / reference.warmCheckMedianMs,
          bundle: measured.bundleBytes / reference.bundleBytes,
          bundleTotal: measured.bundleTotalBytes / reference.bundleTotalBytes,
        });
        const hello = endpointRows.find((e) => e.name === 'hello world');
        results.push({
          node: version,
          binary: node,
          rows,
          endpoints: endpointRows,
          ratios: {
            vsNaive: against(row(NAIVE)),
            vsTrimmed: against(row(TRIMMED)),
            floorVsNaive: against(row(NAIVE), row(FLOOR)),
            vsFloor: against(row(FLOOR)),
            endpointsVsHello: Object.fromEntries(
              endpointRows
                .filter((e) => e.name !== 'hello world')
                .map((e) => [e.name, e.p50Ms / (hello?.p50Ms ?? Number.NaN)]),
            ),
          },
        });
      }
    }

    const latency = checksOnly
      ? undefined
      : await measureCallbackToPublish(motoUrl, sandbox, 'bench-callback-key', CALLBACK_RUNS);
    const callbackToPublish =
      latency === undefined
        ? undefined
        : {
            runs: latency.warmMs.length,
            p50Ms: median(latency.warmMs),
            p95Ms: p95(latency.warmMs),
            maxMs: Math.max(...latency.warmMs),
            coldMs: latency.coldMs,
            maxGetsPerRun: Math.max(...latency.getsPerRun),
          };
    const callbackLine =
      callbackToPublish === undefined
        ? '(callbacks not measured: --checks)'
        : `callback → LOW published: p50 ${fmt(callbackToPublish.p50Ms)} ms, p95 ${fmt(callbackToPublish.p95Ms)} ms, max ${fmt(callbackToPublish.maxMs)} ms over ${callbackToPublish.runs} warm run(s); the first, cold: ${fmt(callbackToPublish.coldMs)} ms; DEXCHANGE GETs per run: ${callbackToPublish.maxGetsPerRun} at most`;
    if (callbacksOnly) {
      console.log(callbackLine);
      return;
    }

    const targets = results.flatMap((r) => {
      const monitor = r.rows.find((row) => row.variant === 'monitor');
      const callsWarm = monitor?.callsWarm ?? Number.NaN;
      const reads = monitor?.secretReadsWarm ?? Number.NaN;
      const on = `(Node ${r.node})`;
      return [
        {
          name: `cold import + first check <= 1.3x the naive reference ${on}`,
          value: r.ratios.vsNaive.coldImportAndCheck,
          met: r.ratios.vsNaive.coldImportAndCheck <= 1.3,
        },
        {
          name: `bundle loaded by a cold check <= 1.3x the naive reference ${on}`,
          value: r.ratios.vsNaive.bundle,
          met: r.ratios.vsNaive.bundle <= 1.3,
        },
        {
          name: `bundle, all its files (uploaded, not all loaded) <= 1.3x the naive reference ${on}`,
          value: r.ratios.vsNaive.bundleTotal,
          met: r.ratios.vsNaive.bundleTotal <= 1.3,
        },
        {
          name: `warm check <= 1.2x the naive reference ${on}`,
          value: r.ratios.vsNaive.warmCheck,
          met: r.ratios.vsNaive.warmCheck <= 1.2,
        },
        {
          name: `remote calls per warm check = 1 (the GET) ${on}`,
          value: callsWarm,
          met: callsWarm === 1,
        },
        {
          name: `secret reads per warm process (cache 3600 s) = 1 ${on}`,
          value: reads,
          met: reads === 1,
        },
        ...Object.entries(r.ratios.endpointsVsHello)
          .filter(([name]) => !name.startsWith('floor'))
          .map(([name, ratio]) => ({
            name: `${name}: cold response p50 <= 2x hello world ${on}`,
            value: ratio,
            met: ratio <= 2,
          })),
      ];
    });
    if (callbackToPublish !== undefined)
      targets.push({
        name: 'callback -> LOW published, p95 <= 2000 ms (warm)',
        value: callbackToPublish.p95Ms,
        met: callbackToPublish.p95Ms <= 2000,
      });

    for (const r of results) {
      console.log(`\n### Node ${r.node}: the check\n`);
      console.log(
        markdownTable(
          [
            'variant',
            'bundle loaded cold',
            'gzip',
            'all files',
            'cold import',
            'cold import + first check',
            'its CPU time',
            'warm check p50 / p95',
            'remote calls cold / warm',
            'peak RSS',
          ],
          r.rows.map((row) => [
            row.variant,
            `${fmt(row.bundleBytes / 1024)} KB`,
            `${fmt(row.bundleGzipBytes / 1024)} KB`,
            `${fmt(row.bundleTotalBytes / 1024)} KB`,
            `${fmt(row.coldImportMs)} ms`,
            `${fmt(row.coldImportAndCheckMs)} ms`,
            `${fmt(row.coldImportAndCheckCpuMs)} ms`,
            `${fmt(row.warmCheckMedianMs, 2)} / ${fmt(row.warmCheckP95Ms, 2)} ms`,
            `${row.callsCold} / ${fmt(row.callsWarm, 2).replace(/\.00$/, '')}`,
            `${fmt(row.peakRssMb, 0)} MB`,
          ]),
        ),
      );
      if (r.endpoints.length === 0) continue;
      console.log(`\n### Node ${r.node}: the public endpoints, process start → first answer\n`);
      console.log(
        markdownTable(
          ['handler', 'p50', 'p95', 'import p50', 'p50 / hello world'],
          r.endpoints.map((e) => [
            e.name,
            `${fmt(e.p50Ms)} ms`,
            `${fmt(e.p95Ms)} ms`,
            `${fmt(e.importP50Ms)} ms`,
            e.name === 'hello world' ? '1' : x(r.ratios.endpointsVsHello[e.name] ?? Number.NaN),
          ]),
        ),
      );
    }
    console.log('\n### Ratios of the monitor to the references\n');
    console.log(
      markdownTable(
        [
          'Node',
          'cold import + first check / naive',
          '/ trimmed',
          'in CPU time / naive',
          '/ trimmed',
          'bundle loaded cold / naive',
          '/ trimmed',
          'all files / naive',
          'warm check / naive',
          '/ trimmed',
        ],
        results.map((r) => [
          r.node,
          x(r.ratios.vsNaive.coldImportAndCheck),
          x(r.ratios.vsTrimmed.coldImportAndCheck),
          x(r.ratios.vsNaive.coldImportAndCheckCpu),
          x(r.ratios.vsTrimmed.coldImportAndCheckCpu),
          x(r.ratios.vsNaive.bundle),
          x(r.ratios.vsTrimmed.bundle),
          x(r.ratios.vsNaive.bundleTotal),
          x(r.ratios.vsNaive.warmCheck),
          x(r.ratios.vsTrimmed.warmCheck),
        ]),
      ),
    );
    console.log();
    // What the product's requirements alone cost against the naive handler, and the rest.
    console.log(
      markdownTable(
        [
          'Node',
          'product floor / naive: cold + first check',
          'in CPU time',
          'bundle',
          'monitor / product floor: cold + first check',
          'in CPU time',
          'bundle',
        ],
        results.map((r) => [
          r.node,
          x(r.ratios.floorVsNaive.coldImportAndCheck),
          x(r.ratios.floorVsNaive.coldImportAndCheckCpu),
          x(r.ratios.floorVsNaive.bundle),
          x(r.ratios.vsFloor.coldImportAndCheck),
          x(r.ratios.vsFloor.coldImportAndCheckCpu),
          x(r.ratios.vsFloor.bundle),
        ]),
      ),
    );
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
      loadAverage: os.loadavg(),
    };
    const result = {
      date: new Date().toISOString(),
      smoke,
      coldRuns: COLD_RUNS,
      warmChecks: WARM_CHECKS,
      endpointRuns: ENDPOINT_RUNS,
      machine,
      runtimes: results,
      callbackToPublish,
      targets,
    };
    mkdirSync(out, { recursive: true });
    const written = smoke ? 'smoke.json' : 'latest.json';
    writeFileSync(path.join(out, written), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `\nwritten: bench/results/${written} (${smoke ? 'smoke run' : `${COLD_RUNS} cold runs, ${WARM_CHECKS} warm checks, ${ENDPOINT_RUNS} cold requests per endpoint`}; load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
  } finally {
    await endpointSetUp?.close();
    await counter.close();
    await sandbox.close();
    await stopProcess(moto.started);
  }

  /**
   * The variants under one Node: cold processes, round-robin (the n-th cold run of every
   * variant, then the next), so that the load of a shared machine drifting during the run
   * weighs on every variant alike; then one process of warm checks each.
   */
  async function measureVariants(
    node: string,
    variants: readonly { variant: Variant; built: Bundle; env: NodeJS.ProcessEnv }[],
  ): Promise<Row[]> {
    const runs = variants.map(() => ({
      importOnly: [] as number[],
      coldCheck: [] as number[],
      coldCheckCpu: [] as number[],
      rss: 0,
      coldCalls: { aws: 0, api: 0 },
    }));
    // One check first, so that every measured run finds the state stored and recent (as a
    // scheduled check does), not the very first check of an account.
    for (const v of variants) await child(node, v.built.outfile, 1, v.env);
    for (let i = 0; i < COLD_RUNS; i += 1)
      for (const [k, v] of variants.entries()) {
        const r = runs[k];
        if (r === undefined) continue;
        r.importOnly.push((await child(node, v.built.outfile, 0, v.env)).importMs);
        const awsBefore = counter.calls.length;
        const apiBefore = sandbox.requests.length;
        const cold = await child(node, v.built.outfile, 1, v.env);
        r.coldCheck.push(cold.importMs + (cold.checkMs[0] ?? 0));
        r.coldCheckCpu.push(cold.importCpuMs + (cold.checkCpuMs[0] ?? 0));
        r.rss = Math.max(r.rss, cold.maxRssKb);
        r.coldCalls = {
          aws: counter.calls.length - awsBefore,
          api: sandbox.requests.length - apiBefore,
        };
      }
    const rows: Row[] = [];
    for (const [k, v] of variants.entries()) {
      const r = runs[k];
      if (r === undefined) continue;
      const awsBefore = counter.calls.length;
      const apiBefore = sandbox.requests.length;
      const warm = await child(node, v.built.outfile, WARM_CHECKS + 1, v.env);
      // The first check of this process is cold; the rest are warm.
      const warmChecks = warm.checkMs.slice(1);
      const warmOps = counter.calls.slice(awsBefore).map((c) => c.operation);
      const warmAws = (warmOps.length - r.coldCalls.aws) / WARM_CHECKS;
      const warmApi = (sandbox.requests.length - apiBefore - r.coldCalls.api) / WARM_CHECKS;
      rows.push({
        variant: v.variant.name,
        bundleBytes: v.built.bytes,
        bundleGzipBytes: v.built.gzipBytes,
        bundleTotalBytes: v.built.totalBytes,
        coldImportMs: median(r.importOnly),
        coldImportAndCheckMs: median(r.coldCheck),
        coldImportAndCheckCpuMs: median(r.coldCheckCpu),
        warmCheckMedianMs: median(warmChecks),
        warmCheckP95Ms: p95(warmChecks),
        callsCold: r.coldCalls.aws + r.coldCalls.api,
        callsWarm: warmAws + warmApi,
        secretReadsWarm: warmOps.filter((o) => o.endsWith('GetSecretValue')).length,
        peakRssMb: Math.max(r.rss, warm.maxRssKb) / 1024,
      });
    }
    return rows;
  }
}

await main();
