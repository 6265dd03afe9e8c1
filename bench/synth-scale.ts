import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { parseDeployConfig } from '../infra/config';
import { MonitoringStack } from '../infra/monitoring-stack';
import { sampleConfig } from '../tools/cost';

/**
 * `npx tsx bench/synth-scale.ts`: synth time (bundling included, as `cdk synth` does) and
 * template size for 1, 10 and 25 accounts (25 is the most the config accepts: see README,
 * "Past 25 accounts"), against CloudFormation's limits (500 resources, 200 outputs, 1 MB
 * template through S3).
 */
for (const accounts of [1, 10, 25]) {
  const started = performance.now();
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-scale-'));
  const app = new App({ outdir });
  const stack = new MonitoringStack(app, 'DexchangeBalanceMonitor', {
    config: parseDeployConfig(sampleConfig(accounts)),
  });
  app.synth();
  const ms = performance.now() - started;
  const text = readFileSync(path.join(outdir, stack.templateFile), 'utf8');
  const template = JSON.parse(text) as { Resources: object; Outputs?: object };
  console.log(
    JSON.stringify({
      accounts,
      synthSeconds: Number((ms / 1000).toFixed(1)),
      templateKb: Math.round(text.length / 1024),
      resources: Object.keys(template.Resources).length,
      outputs: Object.keys(template.Outputs ?? {}).length,
    }),
  );
}
