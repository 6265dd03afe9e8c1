import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * A config's templates cfn-lint reads: the main one and the first nested one. Past 25 accounts
 * the nested stacks are alike but for the accounts' names (test/infra/scale.test.ts holds them
 * to the same resources), and each took 5 s of cfn-lint: the first stands for the others.
 */
export function templatesToLint(outdir: string): string[] {
  const files = readdirSync(outdir).sort();
  const nested = files.filter((f) => f.endsWith('.nested.template.json')).slice(0, 1);
  return [
    ...files.filter((f) => f.endsWith('.template.json') && !f.endsWith('.nested.template.json')),
    ...nested,
  ].map((f) => path.join(outdir, f));
}
