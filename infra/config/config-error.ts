/**
 * What is wrong with the deploy config, or with cdk.json itself, as lines that name what to fix.
 * The entries (the CDK app, `npm run cost`, `npm run check-config`) print `report()` and exit 1,
 * with no stack trace: the trace would point into this project's code, and the fault is in the
 * user's file.
 */

/** Where the deploy config lives, as the user sees it. */
export const CONFIG_HOME = 'cdk.json → context.balanceMonitor';

export class DeployConfigError extends Error {
  /** One problem a line, each naming the field (or the place in the file) to fix. */
  readonly problems: readonly string[];
  /** The first line printed: where the problems are. */
  readonly headline: string;

  constructor(
    problems: readonly string[],
    options: { readonly headline?: string; readonly message?: string } = {},
  ) {
    // The message stays "Invalid deploy config: ..." for whoever catches it in code.
    super(options.message ?? `Invalid deploy config:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
    this.headline = options.headline ?? `Configuration error in ${CONFIG_HOME}:`;
  }

  /** What an entry prints to stderr: the headline, then each problem on its own line. */
  report(): string {
    return [this.headline, ...this.problems.map((p) => `  ${p}`)].join('\n') + '\n';
  }
}
