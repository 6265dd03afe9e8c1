import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How the function's code is bundled. One definition, used by the stack and by anything that
 * must build the same bundle (the benchmark), so the two cannot drift.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  // The AWS SDK is bundled rather than taken from the runtime: the version is the one we test.
  externalModules: [],
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM output needs it defined.
  banner:
    "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
} as const satisfies BundlingOptions;
