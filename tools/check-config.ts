import path from 'node:path';
import { parseArgs } from 'node:util';
import { CDK_JSON, readCdkJson } from '../infra/cdk-json';
import { CONFIG_HOME, CONTEXT_KEY, DeployConfigError, parseDeployConfig } from '../infra/config';

/**
 * `npm run check-config`: cdk.json and its deploy config checked in a second, offline, before
 * `cdk synth` (which `npm run synth` runs after it). A JSON syntax error is given with its line
 * and column, which the CDK CLI, reading the file first, does not give; a config error names
 * the field. What only the synth can tell (a stack past CloudFormation's limits, a function's
 * environment past Lambda's 4 KB) is left to `cdk synth`, which says it the same way.
 *
 *   npm run check-config                  the project's cdk.json
 *   npm run check-config -- --file PATH   another one
 *   npm run check-config -- --quiet       nothing printed when all is well
 */

export function checkConfig(file: string): string {
  const config = parseDeployConfig(readCdkJson(file).context?.[CONTEXT_KEY]);
  const names = config.accounts.map((a) => a.name).join(', ');
  const count = config.accounts.length;
  return `${CONFIG_HOME}: valid, ${count} account${count === 1 ? '' : 's'} (${names})`;
}

if (process.argv[1] !== undefined && import.meta.filename === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { file: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  try {
    const summary = checkConfig(values.file ?? CDK_JSON);
    if (values.quiet !== true) console.log(summary);
  } catch (error) {
    if (!(error instanceof DeployConfigError)) throw error;
    process.stderr.write(error.report());
    process.exitCode = 1;
  }
}
