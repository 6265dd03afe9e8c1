import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

/**
 * The benchmark still runs: one iteration of each measurement (`npm run bench -- --smoke`),
 * on this Node only (the full run adds Node 24; test/integration/node24-bundle.test.ts runs the
 * bundle there).
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const motoUrl = inject('motoUrl');

describe.skipIf(motoUrl === null)('npm run bench -- --smoke', () => {
  it(
    'builds the bundles, measures each variant and endpoint, prints the tables and writes its JSON',
    { timeout: 180_000 },
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--smoke'],
        {
          cwd: root,
          timeout: 170_000,
        },
      );
      // One table row per variant and endpoint, and the ratios to both references.
      for (const row of [
        'monitor',
        'product floor',
        'naive reference',
        'trimmed reference',
        'hello world',
      ])
        expect(stdout).toMatch(new RegExp(`^\\| ${row} +\\| \\d`, 'm'));
      expect(stdout).toMatch(/^\| acknowledge page +\| \d+\.\d ms .*×/m);
      expect(stdout).toMatch(/^\| callback receiver +\| \d+\.\d ms .*×/m);
      expect(stdout).toMatch(/^\| v\d+\.\d+\.\d+ +\| \d+\.\d\d× +\| \d+\.\d\d× +\| \d/m);
      // The product floor against the naive handler, and the monitor against the floor.
      expect(stdout).toMatch(/^\| v\d+\.\d+\.\d+ +(\| \d+\.\d\d× +){6}\|$/m);
      expect(stdout).toContain('remote calls per warm check = 1 (the GET)');
      // A callback's LOW reached moto's SNS, after one GET.
      expect(stdout).toMatch(
        /^callback → LOW published: p50 \d+\.\d ms.*GETs per run: 1 at most$/m,
      );
      const result = JSON.parse(
        readFileSync(path.join(root, 'bench/results/smoke.json'), 'utf8'),
      ) as {
        smoke: boolean;
        callbackToPublish: { runs: number; p95Ms: number; maxGetsPerRun: number };
        runtimes: {
          node: string;
          rows: { variant: string; callsWarm: number; secretReadsWarm: number }[];
          endpoints: { name: string; answeredMs: number[] }[];
        }[];
      };
      expect(result.smoke).toBe(true);
      expect(result.callbackToPublish).toMatchObject({ runs: 1, maxGetsPerRun: 1 });
      expect(result.callbackToPublish.p95Ms).toBeGreaterThan(0);
      // The smoke run measures this Node only.
      expect(result.runtimes.map((r) => r.node)).toEqual([process.version]);
      const [runtime] = result.runtimes;
      const monitor = runtime?.rows.find((r) => r.variant === 'monitor');
      // The two call counts hold even in one iteration: a warm check of a quiet account makes
      // the API GET and nothing else (the state and the key are in the container).
      expect(monitor?.callsWarm).toBe(1);
      expect(monitor?.secretReadsWarm).toBe(1);
      // Each endpoint answered its one cold request as expected (the bench checks the status).
      expect(runtime?.endpoints.map((e) => [e.name, e.answeredMs.length])).toEqual([
        ['hello world', 1],
        ['floor: reference (secret + GET)', 1],
        ['acknowledge page', 1],
        ['callback receiver', 1],
      ]);
    },
  );
});
