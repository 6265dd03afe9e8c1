import { defineConfig } from 'vitest/config';
import { TEST_ENV } from './test/support/test-env';

/**
 * The tests Stryker runs against each mutant (`npm run mutation`): the unit tests only, without
 * the global setup, because the pure core needs none of the local servers (moto, the sandbox,
 * Prism) and starting them for every Stryker worker would cost more than the tests themselves.
 */
export default defineConfig({
  test: {
    // The core's own example and property tests. Tests of the layers above (channels, texts,
    // the check, the store) are left out: several build their fixtures by running the policy
    // when the file loads, outside any test, and Stryker then counts every mutant those
    // fixtures reach as "static" and runs the whole suite for each (16 hours instead of one).
    // clock-heal.test.ts is one of them (sampleEvents in its describe body).
    include: [
      'test/unit/policy.test.ts',
      'test/unit/policy.property.test.ts',
      'test/unit/top-up.property.test.ts',
      'test/unit/forecast.test.ts',
      'test/unit/digest.test.ts',
      'test/unit/digest-failing.test.ts',
      'test/unit/state-size.test.ts',
      'test/unit/update-state.test.ts',
      'test/unit/watchdog-clock.test.ts',
      'test/unit/delivery.property.test.ts',
      'test/unit/**/*.mutants.test.ts',
      // The outbox's own tests, its steps' in their folder. outbox-claims.test.ts was left out
      // because it ran the policy at load (its sample events); it, the steps' fixtures and
      // silence-severities.test.ts now make their sample events inside a test, so they count
      // for the delivery mutants and leave the policy's mutants non-static.
      'test/unit/outbox-*.test.ts',
      'test/unit/outbox-steps/**/*.test.ts',
      'test/unit/silence-severities.test.ts',
    ],
    setupFiles: ['test/support/mutation-setup.ts'],
    testTimeout: 120_000,
    env: TEST_ENV,
  },
});
