import { Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { SHARED_MARK, type SharedSynthName } from './shared-configs';
import type { LintRun } from './synth-all';
import type { Synthesized } from './synth';

/**
 * The tests' side of test/support/synth-setup.ts: a shared config's app, synthesized once per
 * run in the background, and the one cfn-lint run over the shared templates. Each waits for
 * its file; the child's failure (or its death) fails the test that waits, with its reason.
 */

/** A busy 2-CPU machine synthesizes the shared configs (two of 100 accounts) in minutes. */
const WAIT_MS = 15 * 60_000;

async function announced(file: string, failure?: string): Promise<string> {
  const dir = inject('synthDir');
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const ready = path.join(dir, file);
    if (existsSync(ready)) return readFileSync(ready, 'utf8');
    const failed = failure === undefined ? undefined : path.join(dir, failure);
    if (failed !== undefined && existsSync(failed))
      throw new Error(`synthesizing ${file}: ${readFileSync(failed, 'utf8')}`);
    const exit = path.join(dir, 'exit.json');
    // The child writes each file before it exits: one last look, then its exit is the answer.
    if (existsSync(exit) && !existsSync(ready))
      throw new Error(
        `test/support/synth-all.ts ended without ${file}: ${readFileSync(exit, 'utf8')}`,
      );
    if (Date.now() > deadline) throw new Error(`${file} not ready after ${WAIT_MS / 60_000} min`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The app of a shared config (test/support/shared-configs.ts), as `synthesize` gives it. */
export async function synthesizedOnce(name: SharedSynthName): Promise<Synthesized> {
  const { templatePath, validationReport } = JSON.parse(
    await announced(`${name}.json`, `${name}.error`),
  ) as { templatePath: string; validationReport: string };
  return {
    template: Template.fromJSON(
      JSON.parse(readFileSync(templatePath, 'utf8')) as Record<string, unknown>,
    ),
    templatePath,
    validationReport,
  };
}

/** Whether a template is one of the shared ones (cfn-lint then reads it in the shared run). */
export function isShared(file: string): boolean {
  return existsSync(path.join(path.dirname(file), SHARED_MARK));
}

/** The one cfn-lint run over the shared templates. */
export async function sharedLintRun(): Promise<LintRun> {
  return JSON.parse(await announced('cfn-lint.json')) as LintRun;
}
