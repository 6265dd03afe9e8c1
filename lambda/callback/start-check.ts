import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { CallbackCheckEvent } from './receive';

/**
 * Starts an account's check with an asynchronous invoke (`InvocationType: Event`): Lambda
 * queues it and answers at once, so the callback is answered in tens of milliseconds and the
 * check starts within about a second. The check function's own reserved concurrency still
 * runs one check at a time; a queued event that meets a running check waits and is retried.
 */
export function createCheckStarter(
  client: LambdaClient,
  functions: Readonly<Record<string, string>>,
): (account: string, event: CallbackCheckEvent) => Promise<void> {
  return async (account, event) => {
    const functionName = functions[account];
    if (functionName === undefined) throw new Error('no check function for this account');
    await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
  };
}
