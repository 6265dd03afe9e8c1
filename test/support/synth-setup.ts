import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startProcess, stopProcess } from './processes';

/**
 * The infra project's global setup: starts test/support/synth-all.ts in a child process, which
 * synthesizes each shared config once (test/support/shared-configs.ts) and runs cfn-lint once
 * over their templates, and hands its directory to the tests. It does not wait: the workers run
 * other tests meanwhile, and a test that needs a template waits for that one
 * (test/support/shared-synth.ts). If the child dies, `exit.json` says how, so no test waits on.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dexchange-synth-'));
  const started = startProcess(process.execPath, [
    '--import',
    'tsx',
    path.join(root, 'test/support/synth-all.ts'),
    dir,
  ]);
  const announceExit = (code: number | null, signal: string | null) => {
    writeFileSync(
      path.join(dir, 'exit.json'),
      JSON.stringify({ code, signal, output: started.output().slice(-4000) }),
    );
  };
  started.child.once('exit', announceExit);
  project.provide('synthDir', dir);
  return async () => {
    started.child.off('exit', announceExit);
    await stopProcess(started);
    rmSync(dir, { recursive: true, force: true });
  };
}
