import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

/** The benchmark still runs: one iteration of each measurement (`npm run bench -- --smoke`). */

const root = path.resolve(import.meta.dirname, '..', '..');
const motoUrl = inject('motoUrl');

describe.skipIf(motoUrl === null)('npm run bench -- --smoke', () => {
  it(
    'builds the bundles, measures each variant and writes its JSON',
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
      expect(stdout).toMatch(/^monitor\s+\d/m);
      expect(stdout).toMatch(/^reference\s+\d/m);
      expect(stdout).toContain('remote calls per warm check = 1 (the GET)');
      // A callback's LOW reached moto's SNS, after one GET.
      expect(stdout).toMatch(
        /^callback → LOW published: p50 \d+\.\d ms.*GETs per run: 1 at most$/m,
      );
      const result = JSON.parse(
        readFileSync(path.join(root, 'bench/results/latest.json'), 'utf8'),
      ) as {
        smoke: boolean;
        callbackToPublish: { runs: number; p95Ms: number; maxGetsPerRun: number };
        rows: { variant: string; callsWarm: number; secretReadsWarm: number }[];
      };
      expect(result.smoke).toBe(true);
      expect(result.callbackToPublish).toMatchObject({ runs: 1, maxGetsPerRun: 1 });
      expect(result.callbackToPublish.p95Ms).toBeGreaterThan(0);
      const monitor = result.rows.find((r) => r.variant === 'monitor');
      // The two call counts hold even in one iteration: a warm check of a quiet account makes
      // the API GET and nothing else (the state and the key are in the container).
      expect(monitor?.callsWarm).toBe(1);
      expect(monitor?.secretReadsWarm).toBe(1);
    },
  );
});
