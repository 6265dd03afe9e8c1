import * as z from 'zod';
import { formatIssues } from '../lambda/contract/env-rules';
import { webhookUrlProblem } from '../lambda/contract/channels';
import { MAX_SILENCE_MINUTES } from '../lambda/contract/silences';
import { silenceSeveritiesSchema, type SilenceableSeverity } from '../lambda/check/silences';
import { LOCALES } from '../lambda/contract/severities';
import { accountNameSchema, apiUrlSchema } from '../lambda/contract/settings';
import { FAULTS } from './sandbox';
import { escalateOption } from './escalation-terminal';
import type { EscalationSettings } from '../lambda/contract/escalation';
import { DEFAULT_LOCALE } from '../infra/config/fields';
import type { LocaleSource } from './locale-line';
import { LOCAL_WEBHOOK_SECRET } from './local-webhook-secret';

/** `npm start` flags, validated with zod like every other boundary. */

export const USAGE = `Usage: npm start -- [options]

Runs one balance check on this machine, with the same code as the Lambda function.

Where the balance comes from:
  DEXCHANGE_API_KEY set     asks the real API (or DEXCHANGE_API_URL / --api-url)
  --secret-id ID            reads the key from this Secrets Manager secret (needs AWS credentials)
  neither                   starts the embedded sandbox, a local stand-in for the API

Options:
  --threshold N     low-balance threshold (default: LOW_BALANCE_THRESHOLD or 100000)
  --critical N      critical threshold, below the low one (default: CRITICAL_BALANCE_THRESHOLD or none)
  --locale en|fr    language of the alert texts (default: ALERT_LOCALE or fr, the stack's default)
  --account NAME    account label in messages (default: ACCOUNT_NAME or "default")
  --currency CODE   expected currency; another one fails the check (default: EXPECTED_CURRENCY or none)
  --api-url URL     API base URL (default: DEXCHANGE_API_URL or https://api-m.dexchange.sn)
  --topic-arn ARN   publish the alerts to this SNS topic instead of printing them
  --state-file PATH keep the alert state in this file, so runs alert once, remind, recover
                    (default: .local-state/ACCOUNT.json against the real API, memory for the sandbox)
  --table-name NAME keep the alert state in this DynamoDB table instead (needs AWS credentials)
  --timeout-ms N    per-request timeout (default 5000)
  --webhook URL     also send each alert to this webhook, signed as the function signs it
                    (a local receiver: npm run webhook-receiver)
  --webhook-secret S  the signing secret, whsec_ and base64 (default: WEBHOOK_SIGNING_SECRET or
                    the one npm run webhook-receiver uses)
  --ack-port N      serve the "I'm on it" page on this port (alerts then carry its link), and
                    keep running until Ctrl-C so that the link can be opened
  --escalate TIERS  escalation tiers, NAME:MINUTES separated by commas (it-oncall:15,direction:30):
                    an unacknowledged LOW, CRITICAL or FAILING is shown as each tier would get it

Silences (against --state-file or --table-name, then exit; no check is run):
  --silence DURATION  hold the alerts for 90m, 2h, 1d... (a week at most)
  --severities LIST   hold only these (default: all), comma-separated, among LOW, CRITICAL,
                      FAILING, STALE, FORECAST, DIGEST (each with its reminders, end and ack)
  --reason TEXT       why (shown by --silences)
  --silences          list the silences
  --unsilence ID      end a silence now

Sandbox only:
  --balance N       balance the sandbox reports (default 250000)
  --checks N        run N checks over simulated time (default 1), with the alert state kept
  --every MINUTES   simulated minutes between checks (default 5)
  --drain N         the balance falls by N an hour between checks (default 0), to see the
                    runway forecast and FORECAST, LOW and CRITICAL alerts
  --fault NAME      make the sandbox's first answer a fault:
                    ${FAULTS.join(', ')}
  --callbacks       the drain comes as one payout between each two checks, and each payout
                    POSTs DEXCHANGE's callback to a local receiver (the function's own), whose
                    check runs at once: a LOW seconds after the payout that crossed, and the
                    time from callback to publish (needs --drain and --checks 2 or more)

  --help            this text

Examples:
  npm start
  npm start -- --balance 1000 --threshold 5000
  npm start -- --balance 1000 --threshold 5000 --critical 2000 --locale fr
  npm start -- --fault 401-coded
  npm start -- --balance 600000 --drain 100000 --checks 72 --critical 25000
  npm start -- --balance 20000 --checks 12 --escalate it-oncall:15,direction:30
  npm start -- --balance 112000 --drain 60000 --checks 6 --callbacks
`;

export const CLI_FLAGS = {
  help: { type: 'boolean' },
  threshold: { type: 'string' },
  critical: { type: 'string' },
  locale: { type: 'string' },
  account: { type: 'string' },
  currency: { type: 'string' },
  'api-url': { type: 'string' },
  'secret-id': { type: 'string' },
  'topic-arn': { type: 'string' },
  'state-file': { type: 'string' },
  'table-name': { type: 'string' },
  'timeout-ms': { type: 'string' },
  webhook: { type: 'string' },
  'webhook-secret': { type: 'string' },
  'ack-port': { type: 'string' },
  escalate: { type: 'string' },
  silence: { type: 'string' },
  reason: { type: 'string' },
  severities: { type: 'string' },
  silences: { type: 'boolean' },
  unsilence: { type: 'string' },
  balance: { type: 'string' },
  checks: { type: 'string' },
  every: { type: 'string' },
  drain: { type: 'string' },
  fault: { type: 'string' },
  callbacks: { type: 'boolean' },
} as const;

const amount = z.coerce
  .number<string>({ error: 'must be a number' })
  .refine(Number.isFinite, 'must be a number');

const schema = z
  .object({
    threshold: amount.pipe(z.number().min(0, 'must be >= 0')),
    critical: amount.pipe(z.number().min(0, 'must be >= 0')).optional(),
    locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }),
    account: accountNameSchema,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter code such as XOF')
      .optional(),
    'api-url': apiUrlSchema,
    'secret-id': z.string().min(1).optional(),
    'topic-arn': z.string().min(1).optional(),
    'state-file': z.string().min(1).optional(),
    'table-name': z.string().min(3).optional(),
    'timeout-ms': z.coerce.number<string>().int('must be a whole number').min(100).max(60_000),
    webhook: z
      .string()
      .superRefine((value, ctx) => {
        const problem = webhookUrlProblem(value, true);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    'webhook-secret': z.string().min(1),
    'ack-port': z.coerce
      .number<string>()
      .int('must be a whole number')
      .min(1)
      .max(65_535)
      .optional(),
    escalate: escalateOption.optional(),
    silence: z
      .string()
      .transform((value, ctx) => {
        const minutes = silenceMinutes(value);
        if (minutes === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a duration such as 90m, 2h or 1d, from 1 minute to a week (got ${JSON.stringify(value)})`,
          });
          return z.NEVER;
        }
        return minutes;
      })
      .optional(),
    reason: z.string().max(200).optional(),
    // "LOW,CRITICAL": the Lambda action's own rule, so both refuse the same lists.
    severities: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      )
      .pipe(silenceSeveritiesSchema)
      .optional(),
    unsilence: z.string().min(1).max(40).optional(),
    balance: amount,
    checks: z.coerce.number<string>().int('must be a whole number').min(1).max(2016),
    every: z.coerce.number<string>().int('must be a whole number').min(1).max(1440),
    drain: amount,
    fault: z.enum(FAULTS, { error: `must be one of ${FAULTS.join(', ')}` }).optional(),
    callbacks: z.boolean(),
  })
  .refine((o) => o.critical === undefined || o.critical < o.threshold, {
    path: ['critical'],
    error: 'must be below --threshold',
  })
  .refine((o) => !o.callbacks || (o.drain > 0 && o.checks >= 2), {
    path: ['callbacks'],
    error:
      'needs --drain N and --checks 2 or more (the payouts that send the callbacks fall between checks)',
  })
  .refine((o) => o.severities === undefined || o.silence !== undefined, {
    path: ['severities'],
    error: 'goes with --silence (it says what the silence holds)',
  });

export interface CliOptions {
  readonly threshold: number;
  readonly critical: number | undefined;
  readonly locale: (typeof LOCALES)[number];
  /** Where the locale came from, said on the first line of a check. */
  readonly localeFrom: LocaleSource;
  readonly account: string;
  readonly currency: string | undefined;
  readonly apiUrl: string;
  readonly secretId: string | undefined;
  readonly topicArn: string | undefined;
  readonly stateFile: string | undefined;
  readonly tableName: string | undefined;
  readonly timeoutMs: number;
  readonly webhook: string | undefined;
  readonly webhookSecret: string;
  readonly ackPort: number | undefined;
  /** Escalation tiers shown on the terminal (--escalate). */
  readonly escalate: EscalationSettings | undefined;
  /** Minutes to silence for, when --silence is given. */
  readonly silence: number | undefined;
  readonly reason: string | undefined;
  /** What the silence holds (every severity when undefined). */
  readonly severities: readonly SilenceableSeverity[] | undefined;
  readonly listSilences: boolean;
  readonly unsilence: string | undefined;
  readonly balance: number;
  readonly checks: number;
  readonly every: number;
  readonly drain: number;
  readonly fault: (typeof FAULTS)[number] | undefined;
  /** Payouts between checks send callbacks to a local receiver (tools/local-callbacks.ts). */
  readonly callbacks: boolean;
}

type RawFlags = Partial<Record<keyof typeof CLI_FLAGS, string | boolean | undefined>>;

/** Flags first, then the function's own environment variables, then defaults. */
export function parseCliOptions(
  flags: RawFlags,
  env: Readonly<Record<string, string | undefined>>,
): CliOptions {
  const pick = (flag: keyof typeof CLI_FLAGS, variable?: string, fallback?: string) => {
    const value = flags[flag];
    if (typeof value === 'string') return value;
    const fromEnv = variable === undefined ? undefined : env[variable];
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : fallback;
  };
  const result = schema.safeParse({
    threshold: pick('threshold', 'LOW_BALANCE_THRESHOLD', '100000'),
    critical: pick('critical', 'CRITICAL_BALANCE_THRESHOLD'),
    locale: pick('locale', 'ALERT_LOCALE', DEFAULT_LOCALE),
    account: pick('account', 'ACCOUNT_NAME', 'default'),
    currency: pick('currency', 'EXPECTED_CURRENCY'),
    'api-url': pick('api-url', 'DEXCHANGE_API_URL'),
    'secret-id': pick('secret-id'),
    'topic-arn': pick('topic-arn'),
    'state-file': pick('state-file'),
    'table-name': pick('table-name', 'STATE_TABLE_NAME'),
    'timeout-ms': pick('timeout-ms', 'REQUEST_TIMEOUT_MS', '5000'),
    webhook: pick('webhook'),
    'webhook-secret': pick('webhook-secret', 'WEBHOOK_SIGNING_SECRET', LOCAL_WEBHOOK_SECRET),
    'ack-port': pick('ack-port'),
    escalate: pick('escalate'),
    silence: pick('silence'),
    reason: pick('reason'),
    severities: pick('severities'),
    unsilence: pick('unsilence'),
    balance: pick('balance', undefined, '250000'),
    checks: pick('checks', undefined, '1'),
    every: pick('every', undefined, '5'),
    drain: pick('drain', undefined, '0'),
    fault: pick('fault'),
    callbacks: flags.callbacks === true,
  });
  if (!result.success) {
    // Each issue starts with its flag's name; a flag is easier to find with its dashes.
    const message = formatIssues(result.error.issues).replace(/(^|; )(?=[a-z])/g, '$1--');
    throw new Error(`Invalid options: ${message}\nRun npm start -- --help for the list.`);
  }
  const o = result.data;
  return {
    threshold: o.threshold,
    critical: o.critical,
    locale: o.locale,
    localeFrom:
      typeof flags.locale === 'string'
        ? '--locale'
        : env.ALERT_LOCALE !== undefined && env.ALERT_LOCALE !== ''
          ? 'ALERT_LOCALE'
          : 'default',
    account: o.account,
    currency: o.currency,
    webhook: o.webhook,
    webhookSecret: o['webhook-secret'],
    ackPort: o['ack-port'],
    escalate: o.escalate,
    silence: o.silence,
    reason: o.reason,
    severities: o.severities,
    listSilences: flags.silences === true,
    unsilence: o.unsilence,
    apiUrl: o['api-url'],
    secretId: o['secret-id'],
    topicArn: o['topic-arn'],
    stateFile: o['state-file'],
    tableName: o['table-name'],
    timeoutMs: o['timeout-ms'],
    balance: o.balance,
    checks: o.checks,
    every: o.every,
    drain: o.drain,
    fault: o.fault,
    callbacks: o.callbacks,
  };
}

/** "90m", "2h", "1d" or a number of minutes, from 1 minute to a week; undefined if not one. */
export function silenceMinutes(text: string): number | undefined {
  const match = /^(\d+)\s*(m|min|h|d)?$/i.exec(text.trim());
  if (match === null) return undefined;
  const unit = (match[2] ?? 'm').toLowerCase();
  const minutes = Number(match[1]) * (unit === 'd' ? 1440 : unit === 'h' ? 60 : 1);
  return minutes >= 1 && minutes <= MAX_SILENCE_MINUTES ? minutes : undefined;
}
