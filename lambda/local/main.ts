import { parseArgs } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { RenderedAlert } from '../alerting/messages';
import { formatAmount, gsm7Length, SMS_MAX_SEPTETS } from '../alerting/text';
import { createApiKeySource } from '../aws/secret';
import type { AlertAttributes } from '../alerting/types';
import { createAlertTopic } from '../aws/topic';
import { runCheck, type CheckPorts } from '../check';
import { createDexchangeClient } from '../dexchange/client';
import { isCheckError } from '../errors';
import { CLI_FLAGS, parseCliOptions, USAGE, type CliOptions } from './cli-options';
import { SANDBOX_API_KEY, startSandbox, type Sandbox } from './sandbox';

/**
 * `npm start`: one check on the developer's machine, with the same core as the function.
 * Alerts are printed (or published with --topic-arn); nothing is saved.
 */

const say = (line = '') => process.stdout.write(`${line}\n`);

interface Source {
  readonly apiUrl: string;
  readonly apiKey: CheckPorts['apiKey'];
  readonly sandbox?: Sandbox;
}

async function chooseSource(options: CliOptions, env: NodeJS.ProcessEnv): Promise<Source> {
  const envKey = env.DEXCHANGE_API_KEY?.trim();
  if (envKey !== undefined && envKey !== '') {
    say(`Asking the API at ${options.apiUrl} with the key from DEXCHANGE_API_KEY.`);
    return { apiUrl: options.apiUrl, apiKey: { read: () => Promise.resolve(envKey) } };
  }
  if (options.secretId !== undefined) {
    say(`Asking the API at ${options.apiUrl} with the key from secret ${options.secretId}.`);
    return {
      apiUrl: options.apiUrl,
      apiKey: createApiKeySource({
        secretId: options.secretId,
        maxAgeSeconds: 0,
        client: new SecretsManagerClient({}),
      }),
    };
  }
  const sandbox = await startSandbox({
    accounts: {
      [SANDBOX_API_KEY]: {
        balances: [options.balance],
        currency: options.currency ?? 'XOF',
        faults: options.fault === undefined ? [] : [options.fault],
      },
    },
  });
  say(`No DEXCHANGE_API_KEY set: using the embedded sandbox at ${sandbox.url}, not the real API.`);
  say(
    `The sandbox reports a balance of ${options.balance}${options.fault === undefined ? '' : `, after a "${options.fault}" fault`}. ` +
      'Set DEXCHANGE_API_KEY to check your real account.',
  );
  return { apiUrl: sandbox.url, apiKey: { read: () => Promise.resolve(SANDBOX_API_KEY) }, sandbox };
}

function printAlert(alert: RenderedAlert, attributes: AlertAttributes, published: boolean) {
  const septets = gsm7Length(alert.sms);
  say();
  say(
    `--- ${attributes.severity} alert ${published ? '(published)' : '(would be published; pass --topic-arn to publish)'} ---`,
  );
  say(`Subject: ${alert.subject}`);
  say('E-mail:');
  for (const line of alert.email.split('\n')) say(`  ${line}`);
  say(`SMS (${septets ?? '?'}/${SMS_MAX_SEPTETS} GSM-7 characters):`);
  say(`  ${alert.sms}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: CLI_FLAGS, strict: true });
  if (values.help === true) {
    say(USAGE);
    return 0;
  }
  const options = parseCliOptions(values, process.env);
  const source = await chooseSource(options, process.env);
  const topic =
    options.topicArn === undefined
      ? undefined
      : createAlertTopic(new SNSClient({}), options.topicArn);
  const ports: CheckPorts = {
    apiKey: source.apiKey,
    dexchange: createDexchangeClient({
      baseUrl: source.apiUrl,
      timeoutMs: options.timeoutMs,
      expectedCurrency: options.currency,
    }),
    alerts: {
      async publish(alert, attributes) {
        await topic?.publish(alert, attributes);
        printAlert(alert, attributes, topic !== undefined);
      },
    },
  };
  try {
    const { summary, reading } = await runCheck(
      ports,
      {
        account: options.account,
        thresholds: { low: options.threshold, critical: options.critical },
        locale: options.locale,
      },
      { now: new Date() },
    );
    const amount = (value: number) =>
      formatAmount(value, summary.currency, options.locale).replace(/[\u00a0\u202f]/g, ' ');
    say();
    say(`Account:  ${summary.account}`);
    say(
      `Balance:  ${amount(summary.balance)} (last update ${reading.lastUpdate}, ${reading.latencyMs} ms, ${reading.attempts} request(s))`,
    );
    const critical =
      options.critical === undefined ? '' : `, critical below ${amount(options.critical)}`;
    say(`Verdict:  ${summary.status} (low below ${amount(options.threshold)}${critical})`);
    if (summary.events.length === 0) say('Alerts:   none');
    return 0;
  } catch (error) {
    if (!isCheckError(error)) throw error;
    say();
    say(`Check failed (${error.kind}): ${error.message}`);
    say('The function would record a failed check and end the invocation with this error.');
    return 1;
  } finally {
    await source.sandbox?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
