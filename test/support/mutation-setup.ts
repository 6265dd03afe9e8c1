import fc from 'fast-check';
import { beforeEach } from 'vitest';

/**
 * Setup for the tests Stryker runs (`npm run mutation`), never for `npm test`.
 *
 * Under Stryker every expression of the mutated files counts its hits, which makes the policy's
 * and the forecast's properties (hundreds of drains of up to 480 checks) run about a hundred
 * times slower than in `npm test`, and a surviving mutant runs every test that reaches it.
 * Each property therefore stops after this long, and a property stopped before any failure
 * passes: a mutant is killed by the cases that fit in the time. The full run counts stay the
 * job of `npm test`.
 */
const MUTATION_PROPERTY_TIME_LIMIT_MS = 500;

fc.installGlobalPlugin(
  fc.interruptAfterTimeLimit(MUTATION_PROPERTY_TIME_LIMIT_MS, { failOnInterrupt: false }),
);

/**
 * Tests that check their generator, not the code: cut short by the limit above they would fail
 * on every run, so Stryker leaves them to `npm test`.
 */
const GENERATOR_CHECKS = new Set([
  'FORECAST properties the forecast time is never in the past',
  'alert texts, over random lifecycles every statement is true of the amount beside it, in both locales, on every channel text',
]);

beforeEach(({ task, skip }) => {
  const name = [task.suite?.name, task.name].filter(Boolean).join(' ');
  if (GENERATOR_CHECKS.has(name)) skip();
});
