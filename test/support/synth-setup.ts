import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // With the tests' environment (vitest.config.ts), as the workers synthesize.
  const started = startProcess(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/support/synth-all.ts'), dir],
    { ...process.env, ...project.config.env },
  );
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
    // The shared assemblies, then the announcements that name them.
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const { templatePath } = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        templatePath?: string;
      };
      if (templatePath !== undefined)
        rmSync(path.dirname(templatePath), { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
