import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order in which `npm test` hands files to its workers (docs/testing.md, "Wall time").
 *
 * vitest's own order runs the projects one after the other by name (corpus, infra,
 * integration, unit), and inside a project the longest file first, known only from a cache
 * that a fresh clone does not have. On two workers that put the longest integration files
 * behind the infra ones, which sit idle waiting for the shared synth and cfn-lint
 * (test/support/synth-setup.ts): the run ended with one worker alone on the fault matrix.
 *
 * Here, without any cache, so a fresh clone runs in the same order:
 * 1. the files measured longest, longest first, so that no worker ends the run alone on one;
 * 2. then the other files that need no shared template, the larger first;
 * 3. the infra files last: by then the background synth and cfn-lint are done, and they read
 *    their templates without waiting.
 */
const LONGEST_FIRST = [
  'test/integration/fault-matrix.test.ts',
  'test/integration/fault-matrix-2.test.ts',
  'test/corpus/alert-quality.test.ts',
  'test/integration/simulated-week.test.ts',
  'test/infra/cli-synth.test.ts',
  'test/integration/sms-routing.test.ts',
  'test/integration/recipient-isolation.test.ts',
  'test/integration/recipient-routing.test.ts',
  'test/integration/bench-smoke.test.ts',
  'test/integration/npm-start-silences.test.ts',
  'test/integration/handler.test.ts',
  'test/integration/npm-start.test.ts',
];

const PROJECT_RANK: Record<string, number> = { integration: 0, corpus: 1, unit: 2, infra: 3 };

export default class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const key = (spec: TestSpecification) => {
      const relative = spec.moduleId.slice(root.length + 1);
      const listed = LONGEST_FIRST.indexOf(relative);
      return {
        listed: listed === -1 ? LONGEST_FIRST.length : listed,
        project: PROJECT_RANK[spec.project.name] ?? 2,
        size: statSync(spec.moduleId).size,
      };
    };
    const keyed = files.map((spec) => ({ spec, ...key(spec) }));
    keyed.sort((a, b) => a.listed - b.listed || a.project - b.project || b.size - a.size);
    return Promise.resolve(keyed.map(({ spec }) => spec));
  }
}
