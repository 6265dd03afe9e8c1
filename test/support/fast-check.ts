import fc from 'fast-check';

/**
 * fast-check draws new random inputs on every run. A counterexample found late can take
 * minutes to shrink on long series: bound each property (runs and shrinking) so a failure shows
 * as a failure, with its seed, instead of a hung CI.
 */
export function boundPropertyRuns(): void {
  fc.installGlobalPlugin(fc.interruptAfterTimeLimit(60_000, { failOnInterrupt: true }));
}
