import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDeployConfig } from '../../infra/config';
import { MonitoringStack } from '../../infra/monitoring-stack';

/** Synthesizes the stack as `cdk synth` does, cdk-nag included, into a fresh cloud assembly. */
export function synthesize(rawConfig: unknown) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-test-'));
  const app = new App({ outdir });
  const stack = new MonitoringStack(app, 'DexchangeBalanceMonitor', {
    config: parseDeployConfig(rawConfig),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  const templatePath = path.join(outdir, stack.templateFile);
  return {
    stack,
    template: Template.fromJSON(
      JSON.parse(readFileSync(templatePath, 'utf8')) as Record<string, unknown>,
    ),
    templatePath,
    assembly,
    validationReport: path.join(outdir, 'validation-report.json'),
  };
}
