import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { StackFunction } from '../../tools/verify/functions';
import {
  lambdaInvoker,
  runChecks,
  sendTestAlerts,
  type Invoke,
} from '../../tools/verify/invocations';

/**
 * What verify says of the two invocations when they go wrong. Lambda's Invoke is mocked (moto
 * cannot run a function without Docker); the happy path runs the real handler in
 * test/integration/verify.test.ts.
 */

const region = 'eu-west-1';
const main: StackFunction = {
  name: 'Monitor-MainCheck-1',
  arn: 'arn:aws:lambda:eu-west-1:123456789012:function:Monitor-MainCheck-1',
  check: {
    account: 'main',
    topicArn: 'arn:aws:sns:eu-west-1:123456789012:Alerts',
    secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:MainApiKey-AbCdEf',
    channels: [],
  },
};
const watchdog: StackFunction = {
  name: 'Monitor-Watchdog',
  arn: 'arn:aws:lambda:eu-west-1:123456789012:function:Monitor-Watchdog',
};
const answering =
  (payload: unknown, error?: string): Invoke =>
  () =>
    Promise.resolve(error === undefined ? { payload } : { payload, error });

describe('the invocations verify makes', () => {
  it("reads Lambda's FunctionError as the function's own error message", async () => {
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({
      FunctionError: 'Unhandled',
      Payload: new TextEncoder().encode(
        JSON.stringify({
          errorType: 'Error',
          errorMessage: 'the test alert did not go out on webhook:erp (HTTP 500)',
        }),
      ) as never,
    });
    const invoke = lambdaInvoker(new LambdaClient({ region }));
    const result = await invoke('Monitor-MainCheck-1', { action: 'test-alert' });
    expect(result.error).toBe('the test alert did not go out on webhook:erp (HTTP 500)');
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: 'Monitor-MainCheck-1',
    });
    expect(
      new TextDecoder().decode(
        lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array,
      ),
    ).toBe('{"action":"test-alert"}');
    lambda.restore();
  });

  it('fails a test alert that did not go out, with the command that shows the log, and only for checks', async () => {
    const findings = await sendTestAlerts(
      answering(undefined, 'the test alert did not go out on webhook:erp (HTTP 500)'),
      [main, watchdog],
      [],
      region,
    );
    expect(findings).toEqual([
      {
        section: 'test alert',
        outcome: 'fail',
        what: 'account main: the test alert did not go out: the test alert did not go out on webhook:erp (HTTP 500)',
        fix: `its log says why: aws logs tail $(aws lambda get-function-configuration --region eu-west-1 --function-name Monitor-MainCheck-1 --query LoggingConfig.LogGroup --output text) --region eu-west-1 --since 15m`,
      },
    ]);
  });

  it('fails a check whose key was refused, with the command that puts the key out of shell history', async () => {
    const [finding] = await runChecks(
      answering({
        account: 'main',
        status: 'UNKNOWN',
        error: { kind: 'authentication', message: 'the API key was rejected (401)' },
        events: [],
      }),
      [main],
      region,
    );
    expect(finding?.outcome).toBe('fail');
    expect(finding?.what).toBe(
      'account main: the balance could not be read (authentication: the API key was rejected (401); no alert)',
    );
    expect(finding?.fix).toBe(
      `put the account's DEXCHANGE API key in its secret: read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value --region eu-west-1 --secret-id ${main.check?.secretId ?? ''} --secret-string "$DEXCHANGE_KEY" && unset DEXCHANGE_KEY`,
    );
  });

  it('passes a LOW check (the monitor works; the alert went out), and fails an answer it cannot read', async () => {
    const [low] = await runChecks(
      answering({ status: 'LOW', balance: 45000, currency: 'XOF', events: ['LOW'] }),
      [main],
      region,
    );
    expect(low).toEqual({
      section: 'check',
      outcome: 'ok',
      what: 'account main: LOW, balance 45000 XOF (alerts sent: LOW)',
    });
    const [refused] = await runChecks(
      answering({ account: 'main', action: 'refused', error: 'unknown event' }),
      [main],
      region,
    );
    expect(refused?.outcome).toBe('fail');
    expect(refused?.what).toMatch(
      /^account main: the check failed: \{"account":"main","action":"refused"/,
    );
  });
});
