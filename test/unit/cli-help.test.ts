import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { classifyBalance } from '../../lambda/alerting/policy';
import { CLI_FLAGS, parseCliOptions, USAGE } from '../../tools/cli-options';

/** The `--help` examples do what the help says they show. */

describe('npm start -- --help', () => {
  it('the drain example ends below CRITICAL, so that it shows the CRITICAL it promises', () => {
    const line = USAGE.split('\n').find(
      (l) => l.trim().startsWith('npm start -- ') && l.includes('--drain'),
    );
    if (line === undefined) throw new Error('no --drain example in the help');
    const args = line
      .trim()
      .replace(/^npm start -- /, '')
      .split(/\s+/);
    const { values } = parseArgs({ args, options: CLI_FLAGS, strict: true });
    const options = parseCliOptions(values, {});
    // The balance of the last simulated check, as tools/main.ts computes it.
    const last = Math.round(
      options.balance - (options.drain * (options.checks - 1) * options.every) / 60,
    );
    expect(options.critical).toBeDefined();
    expect(
      classifyBalance(last, { low: options.threshold, critical: options.critical }),
      `the last check reads ${last}`,
    ).toBe('CRITICAL');
  });
});
