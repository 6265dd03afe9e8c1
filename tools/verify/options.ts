import { parseArgs } from 'node:util';
import * as z from 'zod';
import { formatIssues } from '../../lambda/contract/env-rules';

/** `npm run verify` flags, validated with zod like every other boundary. */

/** The stack name infra/monitor-app.ts gives the monitor (a test holds the two equal). */
export const DEFAULT_STACK = 'DexchangeBalanceMonitor';

export const VERIFY_USAGE = `Usage: npm run verify -- [--stack NAME] [--region REGION] [--no-alarms] [--no-invoke]

After a deploy, proves in your AWS account that the monitor can reach people: the schedules are
enabled, each topic's subscriptions are confirmed, a TEST alert goes out through every channel
(and who should now have it), each alarm reaches the operators (set to ALARM and back), and one
check runs. Prints the fix for each thing that fails; exits 1 when something failed.

Uses your AWS credentials and region (AWS_PROFILE, AWS_REGION, aws configure / aws sso login).

  --stack NAME     the monitor's stack (default ${DEFAULT_STACK})
  --region REGION  its region (default: AWS_REGION or your profile's)
  --no-alarms      do not set the alarms to ALARM (the operators are not paged)
  --no-invoke      send no test alert and run no check (read-only but for the alarms)
  --help           this text`;

const optionsSchema = z.strictObject({
  stack: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, { error: 'must be a CloudFormation stack name' })
    .default(DEFAULT_STACK),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-1' })
    .optional(),
  'no-alarms': z.boolean().default(false),
  'no-invoke': z.boolean().default(false),
  help: z.boolean().default(false),
});

export interface VerifyCliOptions {
  readonly stack: string;
  readonly region?: string;
  readonly alarms: boolean;
  readonly invoke: boolean;
  readonly help: boolean;
}

export function parseVerifyArgs(args: readonly string[]): VerifyCliOptions {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      stack: { type: 'string' },
      region: { type: 'string' },
      'no-alarms': { type: 'boolean' },
      'no-invoke': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (positionals.length > 0)
    throw new Error(`unexpected argument ${positionals[0] ?? ''}: options start with --`);
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`--${formatIssues(parsed.error.issues)}`);
  const o = parsed.data;
  return {
    stack: o.stack,
    ...(o.region === undefined ? {} : { region: o.region }),
    alarms: !o['no-alarms'],
    invoke: !o['no-invoke'],
    help: o.help,
  };
}
