import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDeployConfig } from '../../infra/config';
import { addMonitor, appLikeTheCli } from '../../infra/monitor-app';

/** What the tests read of a synthesized app: its template, its file, cdk-nag's report. */
export interface Synthesized {
  readonly template: Template;
  readonly templatePath: string;
  readonly validationReport: string;
}

/**
 * Synthesizes the stack as `cdk synth` does (the same app, cdk.json's feature flags, cdk-nag)
 * into a fresh cloud assembly. test/infra/cli-synth.test.ts holds it to the CLI's own output.
 */
export function synthesize(rawConfig: unknown) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-test-'));
  const app = appLikeTheCli({ outdir });
  const stack = addMonitor(app, parseDeployConfig(rawConfig));
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
