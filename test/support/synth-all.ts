import { execFile } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { templatesToLint } from './lint-selection';
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
function synthesizeShared(name: SharedSynthName): void {
  const entry: { config: unknown; lint: boolean; bundle?: boolean } = SHARED_SYNTHS[name];
  const { config, lint } = entry;
  try {
    // Into a fresh /tmp/cdk-test-* as any test's synth: the bundles' source maps (hence the
    // assets' hashes, which cli-synth.test.ts compares) depend on the assembly's depth.
    const { templatePath, validationReport } = synthesize(config, { bundle: entry.bundle });
    const outdir = path.dirname(templatePath);
    writeFileSync(path.join(outdir, SHARED_MARK), '');
    if (lint) toLint.push(...templatesToLint(outdir));
    announce(`${name}.json`, JSON.stringify({ templatePath, validationReport }));
  } catch (error) {
    announce(
      `${name}.error`,
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  }
}

/** cfn-lint over every template to lint, in one process, while the other synths go on. */
function lintAll(): Promise<LintRun> {
  const cfnLint = findCfnLint();
  if (cfnLint === undefined)
    return Promise.resolve({
      installed: false,
      templates: toLint,
      status: null,
      stdout: '',
      stderr: '',
    });
  return new Promise((resolve) => {
    execFile(
      cfnLint,
      ['--format', 'parseable', ...toLint],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({
          installed: true,
          templates: [...toLint],
          status,
          stdout,
          stderr: status === null ? (error?.message ?? stderr) : stderr,
        });
      },
    );
  });
}

const names = Object.keys(SHARED_SYNTHS) as SharedSynthName[];
// The configs to lint first, so that cfn-lint, the longest step, starts as early as it can.
for (const name of names.filter((n) => SHARED_SYNTHS[n].lint)) synthesizeShared(name);
const linted = lintAll();
for (const name of names.filter((n) => !SHARED_SYNTHS[n].lint)) synthesizeShared(name);
announce('cfn-lint.json', JSON.stringify(await linted));
