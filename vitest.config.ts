import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Many tests synthesize the stack (bundling included) in their body: seconds on an idle
    // machine, up to ten times that on a busy 2-CPU CI one. A timeout is no speed target.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The SDK and Powertools read these at import; tests never reach real AWS.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      // Logger and Metrics write through the global console, so tests can read what they print.
      POWERTOOLS_DEV: 'true',
      // Dev mode would switch metrics off; the tests read the EMF lines, so keep them on.
      POWERTOOLS_METRICS_DISABLED: 'false',
    },
  },
});
