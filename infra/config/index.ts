/**
 * The deploy config (cdk.json context `balanceMonitor`): the one way in for the stack, the
 * tools and the tests. Split by job:
 * - fields.ts, recipients-schema.ts, schema.ts: the zod schema, field by field, and its types;
 * - cross-checks.ts, recipient-checks.ts: the checks that read more than one field;
 * - parse.ts: the context value parsed, and its problems in words that name what to fix;
 * - accessors.ts: what the stack reads from a parsed config where it takes more than a field.
 * - config-error.ts, json-syntax.ts: what is wrong, as plain lines the entries print (a JSON
 *   syntax error by its line and column), with no stack trace.
 */
export { CONTEXT_KEY } from './context-key';
export {
  SLACK_CHANNEL_ID,
  SLACK_WORKSPACE_ID,
  TEAMS_CHANNEL_ID,
  type ChatTarget,
  type EmailEntry,
  type Recipients,
  type SmsEntry,
  type TelegramTarget,
  type WebhookTarget,
} from './recipients-schema';
export {
  ACCOUNTS_PER_STACK,
  DEFAULT_BACKSTOP_SCHEDULE,
  DEFAULT_SCHEDULE,
  deployConfigSchema,
  MAX_ACCOUNTS,
  type AccountConfig,
  type DeployConfig,
} from './schema';
export { MIN_CHECK_INTERVAL_MINUTES } from './cross-checks';
export { DEFAULT_OPERATOR_ROUTE } from './operator-routing';
export {
  accountSlug,
  addressOf,
  deadManWindowOf,
  digestAtOf,
  emailRecipientsOf,
  operatorEmailsOf,
  operatorRecipientsOf,
  scheduleOf,
  smsRecipientsOf,
  type RoutedEndpoint,
} from './accessors';
export { parseDeployConfig } from './parse';
export { CONFIG_HOME, DeployConfigError } from './config-error';
export { DEFAULT_LOCALE } from './fields';
export { parseJsonText } from './json-syntax';
