import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_CONFIG } from '../support/simulated-config';
import { synthesizedOnce } from '../support/shared-synth';

/**
 * The tests (the IAM simulation above all) read templates from test/support/synth.ts, not from
 * the CLI. This holds the two to the same resources, property for property: a feature flag of
 * cdk.json the harness missed (minimizePolicies rewrites every IAM policy), or a stack property
 * set only in infra/app.ts, would show here.
 */

type Template = { Description?: string; Resources: Record<string, Record<string, unknown>> };

/** What AWS deploys: each resource's type, properties and dependencies; no CDK metadata. */
function deployed(template: Template) {
  return {
    Description: template.Description,
    Resources: Object.fromEntries(
      Object.entries(template.Resources)
        .filter(([, r]) => r.Type !== 'AWS::CDK::Metadata')
        .map(([id, resource]) => [id, { ...resource, Metadata: undefined }]),
    ),
  };
}

describe('the test harness synthesizes what `cdk synth` writes', () => {
  // The kms variant: it holds every IAM statement the other does and the key's besides.
  it.each(['kms'] as const)(
    'the same template for the IAM simulation config (topic encryption %s)',
    async (topicEncryption) => {
      const config = { ...SIMULATED_CONFIG, topicEncryption };
      const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-cli-'));
      execFileSync(
        path.resolve('node_modules/.bin/cdk'),
        ['synth', '--quiet', '-o', outdir, '-c', `balanceMonitor=${JSON.stringify(config)}`],
        { encoding: 'utf8', stdio: 'pipe' },
      );
      const file = readdirSync(outdir).find((f) => f.endsWith('.template.json'));
      if (file === undefined) throw new Error(`no template in ${outdir}`);
      const cli = JSON.parse(readFileSync(path.join(outdir, file), 'utf8')) as Template;
      const harness = (
        await synthesizedOnce(`simulated-${topicEncryption}`)
      ).template.toJSON() as Template;
      expect(deployed(harness)).toEqual(deployed(cli));
      // The comparison covers the IAM policies it exists for.
      expect(
        Object.values(cli.Resources).filter((r) => r.Type === 'AWS::IAM::Policy').length,
      ).toBeGreaterThan(3);
    },
    120_000,
  );
});
