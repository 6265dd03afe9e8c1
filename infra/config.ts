import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter((v) => typeof v === 'number');

/**
 * The deploy config: cdk.json context key `balanceMonitor`, overridable with
 * `-c balanceMonitor='{"...": ...}'`. Validated at synth so a typo fails before anything deploys.
 */

export const CONTEXT_KEY = 'balanceMonitor';

const scheduleExpression = z
  .string()
  .regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/, {
    error: 'must be "rate(N minutes|hours|days)" or "cron(...)"',
  });

export const deployConfigSchema = z
  .strictObject({
    accountName: z
      .string()
      .max(32)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, {
        error:
          'must start with a letter or digit and use only letters, digits, space, ".", "_" or "-"',
      })
      .default('default'),
    lowBalanceThreshold: z.number().min(0, { error: 'must be >= 0' }),
    criticalBalanceThreshold: z.number().min(0, { error: 'must be >= 0' }).optional(),
    expectedCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'must be a 3-letter code such as XOF' })
      .optional(),
    alertEmails: z.array(z.email({ error: 'must be an e-mail address' })).default([]),
    schedule: scheduleExpression.default('rate(5 minutes)'),
    locale: z.enum(['en', 'fr']).default('en'),
    apiUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
    logRetentionDays: z
      .enum(RetentionDays, {
        error: `must be one of CloudWatch's retention periods in days: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(RetentionDays.THREE_MONTHS),
  })
  .refine(
    (c) =>
      c.criticalBalanceThreshold === undefined ||
      c.criticalBalanceThreshold < c.lowBalanceThreshold,
    { path: ['criticalBalanceThreshold'], error: 'must be below lowBalanceThreshold' },
  );

export type DeployConfig = z.infer<typeof deployConfigSchema>;

/** Parses the context value (an object from cdk.json, or a JSON string from `-c`). */
export function parseDeployConfig(raw: unknown): DeployConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`${CONTEXT_KEY}: the -c value is not valid JSON`);
    }
  }
  if (value === undefined) {
    throw new Error(
      `${CONTEXT_KEY}: missing; add a "${CONTEXT_KEY}" object to the "context" of cdk.json`,
    );
  }
  const result = deployConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const field = [CONTEXT_KEY, ...issue.path.map(String)].join('.');
      return `${field}: ${issue.message}`;
    });
    throw new Error(`Invalid deploy config:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
