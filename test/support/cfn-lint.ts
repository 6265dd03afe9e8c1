import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { findCfnLint } from './moto';

/**
 * A test that cfn-lint finds nothing (no error, no warning) in the templates `files` gives.
 * Skipped where cfn-lint is not installed, except under CI=true, where it fails saying how to
 * install it. cfn-lint reads every template in one Python process: about 20 s on a busy 2-CPU
 * machine, hence its own timeout.
 */
export function itPassesCfnLint(title: string, files: () => readonly string[]): void {
  const cfnLint = findCfnLint();
  it.skipIf(cfnLint === undefined && process.env.CI !== 'true')(
    title,
    () => {
      expect(cfnLint, 'cfn-lint is not installed: python3 -m pip install cfn-lint').toBeDefined();
      expect(execFileSync(cfnLint ?? 'cfn-lint', [...files()], { encoding: 'utf8' })).toBe('');
    },
    120_000,
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
