import { defineConfig } from 'vitest/config';
import mutation from './vitest.mutation.config';

/**
 * The tests Stryker runs against the forecast's mutants (`stryker.forecast.config.json`): the
 * forecast's own tests only, with the mutation run's setup (test/support/mutation-setup.ts).
 *
 * The policy calls the forecast at every check, so under `vitest.mutation.config.ts` each
 * surviving mutant of forecast.ts also runs every policy and digest test that reaches it: a
 * full run of the file did not finish in 40 minutes. With these two files it takes minutes.
 * A mutant only the policy's tests would kill counts as survived here: the score is a floor.
 *
 * Not `stryker run --testFiles`: Stryker 9.6 then activates static mutants (the settings'
 * defaults, evaluated when the module loads) only after the module has loaded, and reports
 * them all as survived (stryker-mutator/stryker-js#6144).
 */
export default defineConfig({
  test: {
    ...mutation.test,
    include: [
      'test/unit/forecast.test.ts',
      'test/unit/forecast.mutants.test.ts',
      'test/unit/pace-spread.test.ts',
    ],
  },
});
