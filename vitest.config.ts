import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { TEST_ENV } from './test/support/test-env';
import LongestFirstSequencer from './test/support/sequencer';

/**
 * Four projects, each with only the servers it needs (docs/testing.md):
 * - unit: pure code and in-memory ports, no server (`npm run test:unit`, the loop of seconds);
 * - corpus: the alert-quality corpus, pure but long, apart so the unit loop stays short;
 * - infra: the synthesized app; test/support/synth-setup.ts synthesizes each shared config
 *   once per run in the background and runs cfn-lint once over all their templates;
 * - integration: moto, the DEXCHANGE sandbox and Prism, started by test/support/global-setup.ts.
 * `npm test` runs all four.
 */
export default defineConfig({
  test: {
    // One worker per CPU: vitest's default leaves one CPU idle (2 CPUs, 1 worker). Forks, not
    // threads: the CDK and the servers' clients keep process-wide state (env, caches).
    pool: 'forks',
    maxWorkers: availableParallelism(),
    // Many tests synthesize the stack (bundling included) in their body: seconds on an idle
    // machine, up to ten times that on a busy 2-CPU CI one. A timeout is no speed target.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: TEST_ENV,
    // The longest files first, across projects, and the infra files last (the file says why).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The unit files share a worker's modules instead of importing lambda/ afresh each:
          // a third less time (measured, docs/testing.md). They keep no state across files.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'corpus', include: ['test/corpus/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // As the unit files: the infra files share a worker's modules (aws-cdk-lib above all,
          // seconds to import) instead of importing them afresh in each file. Each test builds
          // its own App; none keeps state across files.
          isolate: false,
          globalSetup: ['test/support/synth-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // As the unit and infra files, the integration files share a worker's modules (the
          // SDK's clients, the handler's graph): 263 s of CPU against 174 s for the project
          // (measured on this 2-CPU machine). What a file leaves in the process (environment,
          // timers, spies) is undone after it by the setup file.
          isolate: false,
          setupFiles: ['test/support/file-hygiene.ts'],
        },
      },
    ],
  },
});
