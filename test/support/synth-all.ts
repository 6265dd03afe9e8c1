import { spawnSync } from 'node:child_process';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findCfnLint } from './moto';
import { SHARED_MARK, SHARED_SYNTHS, type SharedSynthName } from './shared-configs';
import { synthesize } from './synth';

/**
 * Run by test/support/synth-setup.ts in a child process, so the test workers run meanwhile:
 * synthesizes each shared config once, announcing each as it is ready in `<dir>`
 * (`<name>.json`, or `<name>.error`), then runs cfn-lint once over every template to lint and
 * writes what it found (`cfn-lint.json`). Each file appears by rename, whole or not at all.
 */

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: synth-all.ts <dir>');

/** What cfn-lint said of the templates, one run over all of them. */
export interface LintRun {
  /** Where cfn-lint is not installed, nothing ran. */
  readonly installed: boolean;
  readonly templates: readonly string[];
  readonly status: number | null;
  /** `--format parseable`: one line per finding, starting with the template's path. */
  readonly stdout: string;
  readonly stderr: string;
}

function announce(file: string, content: string): void {
  const target = path.join(dir ?? '', file);
  writeFileSync(`${target}.partial`, content);
  renameSync(`${target}.partial`, target);
}

const toLint: string[] = [];
for (const [name, { config, lint }] of Object.entries(SHARED_SYNTHS) as [
  SharedSynthName,
  (typeof SHARED_SYNTHS)[SharedSynthName],
][]) {
  try {
    // Into a fresh /tmp/cdk-test-* as any test's synth: the bundles' source maps (hence the
    // assets' hashes, which cli-synth.test.ts compares) depend on the assembly's depth.
    const { templatePath, validationReport } = synthesize(config);
    const outdir = path.dirname(templatePath);
    writeFileSync(path.join(outdir, SHARED_MARK), '');
    if (lint)
      toLint.push(
        ...readdirSync(outdir)
          .filter((f) => f.endsWith('.template.json'))
          .map((f) => path.join(outdir, f)),
      );
    announce(`${name}.json`, JSON.stringify({ templatePath, validationReport }));
  } catch (error) {
    announce(
      `${name}.error`,
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  }
}

const cfnLint = findCfnLint();
const run =
  cfnLint === undefined
    ? undefined
    : spawnSync(cfnLint, ['--format', 'parseable', ...toLint], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
const result: LintRun = {
  installed: cfnLint !== undefined,
  templates: toLint,
  status: run?.status ?? null,
  stdout: run?.stdout ?? '',
  stderr: run?.error?.message ?? run?.stderr ?? '',
};
announce('cfn-lint.json', JSON.stringify(result));
