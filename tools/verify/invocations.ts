import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { fail, ok, type Finding } from './finding';
import type { StackFunction } from './functions';
import { reachOfTest } from './recipients';
import type { LiveSubscription } from './subscriptions';

/**
 * The two invocations: a TEST alert through every channel (`{"action":"test-alert"}`), then one
 * real check (`{}`). The invoker is a port: Lambda's Invoke in an AWS account; in the tests,
 * the real handler run in-process against moto, since moto cannot run a function without
 * Docker.
 */

export interface Invocation {
  /** The function's answer, parsed from JSON. */
  readonly payload: unknown;
  /** Set when the invocation failed (Lambda's FunctionError): the error's message. */
  readonly error?: string;
}

export type Invoke = (functionName: string, event: unknown) => Promise<Invocation>;

export function lambdaInvoker(lambda: LambdaClient): Invoke {
  return async (functionName, event) => {
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
    const text = output.Payload === undefined ? '' : new TextDecoder().decode(output.Payload);
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // Not JSON: kept as the text it is.
    }
    if (output.FunctionError === undefined) return { payload };
    const message = z.object({ errorMessage: z.string() }).safeParse(payload);
    return { payload, error: message.success ? message.data.errorMessage : output.FunctionError };
  };
}

const logsFix = (f: StackFunction, region: string) =>
  `its log says why: aws logs tail $(aws lambda get-function-configuration --region ${region} --function-name ${f.name} --query LoggingConfig.LogGroup --output text) --region ${region} --since 15m`;

/** Runs `judge` for each account's check function, side by side. */
function forEachCheck(
  functions: readonly StackFunction[],
  judge: (f: StackFunction, check: NonNullable<StackFunction['check']>) => Promise<Finding>,
): Promise<Finding[]> {
  return Promise.all(functions.flatMap((f) => (f.check === undefined ? [] : [judge(f, f.check)])));
}

export async function sendTestAlerts(
  invoke: Invoke,
  functions: readonly StackFunction[],
  live: readonly LiveSubscription[],
  region: string,
): Promise<Finding[]> {
  return forEachCheck(functions, async (f, check) => {
    const result = await invoke(f.name, { action: 'test-alert' });
    const answer = z.object({ action: z.literal('test-alert') }).safeParse(result.payload);
    if (result.error !== undefined || !answer.success)
      return fail(
        'test alert',
        `account ${check.account}: the test alert did not go out: ${result.error ?? JSON.stringify(result.payload)}`,
        logsFix(f, region),
      );
    const { reached, missed } = reachOfTest(check, live);
    const not = missed.length === 0 ? '' : `; will not have it: ${missed.join(', ')}`;
    return ok(
      'test alert',
      `account ${check.account}: TEST sent; should now have it: ${reached.length === 0 ? 'nobody' : reached.join(', ')}${not}`,
    );
  });
}

const checkAnswerSchema = z.object({
  status: z.enum(['OK', 'LOW', 'CRITICAL', 'UNKNOWN']),
  balance: z.number().optional(),
  currency: z.string().optional(),
  events: z.array(z.string()).default([]),
  error: z.object({ kind: z.string(), message: z.string() }).optional(),
});

export async function runChecks(
  invoke: Invoke,
  functions: readonly StackFunction[],
  region: string,
): Promise<Finding[]> {
  return forEachCheck(functions, async (f, check) => {
    const result = await invoke(f.name, {});
    const answer = checkAnswerSchema.safeParse(result.payload);
    if (result.error !== undefined || !answer.success)
      return fail(
        'check',
        `account ${check.account}: the check failed: ${result.error ?? JSON.stringify(result.payload)}`,
        logsFix(f, region),
      );
    const a = answer.data;
    const events = a.events.length === 0 ? 'no alert' : `alerts sent: ${a.events.join(', ')}`;
    if (a.status !== 'UNKNOWN')
      return ok(
        'check',
        `account ${check.account}: ${a.status}, balance ${a.balance ?? '?'} ${a.currency ?? ''} (${events})`,
      );
    const kind = a.error?.kind ?? 'unknown';
    const why = `account ${check.account}: the balance could not be read (${kind}: ${a.error?.message ?? ''}; ${events})`;
    if (kind === 'authentication' || kind === 'configuration')
      return fail(
        'check',
        why,
        `put the account's DEXCHANGE API key in its secret: read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value --region ${region} --secret-id ${check.secretId} --secret-string "$DEXCHANGE_KEY" && unset DEXCHANGE_KEY`,
      );
    if (kind === 'unavailable')
      return fail(
        'check',
        why,
        'DEXCHANGE did not answer in time: run npm run verify again in a few minutes; the monitor tells the recipients (FAILING) if it lasts',
      );
    return fail('check', why, logsFix(f, region));
  });
}
