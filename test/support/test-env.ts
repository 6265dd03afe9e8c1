/**
 * The environment every test run sets, `npm test` and the mutation run alike: the SDK and
 * Powertools read these at import, and tests never reach real AWS.
 */
export const TEST_ENV = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_EC2_METADATA_DISABLED: 'true',
  // Logger and Metrics write through the global console, so tests can read what they print.
  POWERTOOLS_DEV: 'true',
  // Dev mode would switch metrics off; the tests read the EMF lines, so keep them on.
  POWERTOOLS_METRICS_DISABLED: 'false',
} as const;
