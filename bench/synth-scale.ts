import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDeployConfig } from '../infra/config';
import { addMonitor, appLikeTheCli } from '../infra/monitor-app';
import { sampleConfig } from '../tools/cost';

/**
 * `npx tsx bench/synth-scale.ts`: synth time (bundling included, as `cdk synth` does) and the
 * size of each template for 1, 10, 25 and 100 accounts, against CloudFormation's limits per
 * stack (500 resources, 200 outputs, 200 parameters; 1 MB for a template through S3).
 */
for (const accounts of [1, 10, 25, 100]) {
  const started = performance.now();
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-scale-'));
  const app = appLikeTheCli({ outdir });
  addMonitor(app, parseDeployConfig(sampleConfig(accounts)));
  app.synth();
  const ms = performance.now() - started;
  const templates = readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => {
      const text = readFileSync(path.join(outdir, f), 'utf8');
      const t = JSON.parse(text) as { Resources: object; Outputs?: object; Parameters?: object };
      return {
        template: f.replace('.template.json', '').replace(/^DexchangeBalanceMonitor/, '') || 'main',
        kb: Math.round(text.length / 1024),
        resources: Object.keys(t.Resources).length,
        outputs: Object.keys(t.Outputs ?? {}).length,
        parameters: Object.keys(t.Parameters ?? {}).length,
      };
    });
  console.log(
    JSON.stringify({ accounts, synthSeconds: Number((ms / 1000).toFixed(1)), templates }),
  );
}
