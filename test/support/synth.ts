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

/** What a test asks of a synth beyond the config. */
export interface SynthOptions {
  /**
   * Build the functions' real bundles (esbuild), as `cdk deploy` does. Off by default: a test
   * of the template reads the same resources either way (the code's asset key aside), and the
   * bundling is 95% of a synth's time (4.1 s against 0.24 s for one account, measured). On, the
   * asset hashes are those `cdk synth` writes, which test/infra/cli-synth.test.ts compares.
   * Skipped the way `cdk synth --exclusively` skips other stacks (the
   * `aws:cdk:bundling-stacks` context, empty: no stack is bundled).
   */
  readonly bundle?: boolean;
}

/**
 * Synthesizes the stack as `cdk synth` does (the same app, cdk.json's feature flags, cdk-nag)
 * into a fresh cloud assembly. test/infra/cli-synth.test.ts holds it to the CLI's own output.
 */
export function synthesize(rawConfig: unknown, options: SynthOptions = {}) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-test-'));
  const app = appLikeTheCli({
    outdir,
    ...(options.bundle === true ? {} : { context: { 'aws:cdk:bundling-stacks': [] } }),
  });
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
