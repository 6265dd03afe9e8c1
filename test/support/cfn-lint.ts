import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { findCfnLint } from './moto';
import { isShared, sharedLintRun } from './shared-synth';

const MISSING = 'cfn-lint is not installed: python3 -m pip install cfn-lint';

/**
 * A test that cfn-lint finds nothing (no error, no warning) in the templates `files` gives.
 * Skipped where cfn-lint is not installed, except under CI=true, where it fails saying how to
 * install it. The shared templates (test/support/shared-configs.ts) are read by one cfn-lint
 * run over all of them (a Python process takes seconds to start): the test holds its own
 * templates' findings to none. Any other template gets a cfn-lint of its own.
 */
export function itPassesCfnLint(title: string, files: () => readonly string[]): void {
  it(
    title,
    async (context) => {
      const paths = [...files()];
      if (paths.every(isShared)) {
        const run = await sharedLintRun();
        if (!run.installed && process.env.CI !== 'true') context.skip();
        expect(run.installed, MISSING).toBe(true);
        expect(
          paths.filter((p) => !run.templates.includes(p)),
          'templates not linted',
        ).toEqual([]);
        const lines = run.stdout.split('\n').filter((line) => line !== '');
        expect(lines.filter((line) => paths.some((p) => line.startsWith(`${p}:`)))).toEqual([]);
        // A run that failed as a whole, not on a finding, fails every template's test.
        if (lines.length === 0) expect(run.status, run.stderr).toBe(0);
        return;
      }
      const cfnLint = findCfnLint();
      if (cfnLint === undefined && process.env.CI !== 'true') context.skip();
      expect(cfnLint, MISSING).toBeDefined();
      expect(execFileSync(cfnLint ?? 'cfn-lint', paths, { encoding: 'utf8' })).toBe('');
    },
    // The shared run comes after every shared synth, and reads the 100-account templates too:
    // minutes on a busy 2-CPU machine. A timeout is no speed target.
    15 * 60_000,
  );
}

/**
 * The two checks every synthesized template gets: cdk-nag (AwsSolutions, applied at synth) left
 * no finding unacknowledged, and cfn-lint finds nothing.
 */
export function itPassesCdkNagAndCfnLint(
  synthesized: () => { readonly validationReport: string; readonly templatePath: string },
): void {
  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    const report = JSON.parse(readFileSync(synthesized().validationReport, 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
  });
  itPassesCfnLint('passes cfn-lint with no errors and no warnings', () => [
    synthesized().templatePath,
  ]);
}
