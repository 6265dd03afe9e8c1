import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import type { RenderedAlert } from '../alerting/messages';
import { formatAmount, gsm7Length, SMS_MAX_SEPTETS } from '../alerting/text';
import { createApiKeySource } from '../aws/secret';
import type { AlertAttributes } from '../alerting/types';
import { createAlertTopic } from '../aws/topic';
import { FailedCheck, runCheck, type CheckPorts } from '../check';
import { loadLifecycleSettings } from '../config';
import { createStateTable } from '../aws/state-table';
import type { StateStore } from '../state-store';
import { createFileStateStore, createMemoryStateStore } from './state-file';
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

function chooseStateStore(
  options: CliOptions,
  source: Source,
): { store: StateStore; where: string } {
  if (options.tableName !== undefined) {
    return {
      store: createStateTable(new DynamoDBClient({}), options.tableName, options.account),
      where: `DynamoDB table ${options.tableName}`,
    };
  }
  const file =
    options.stateFile ??
    (source.sandbox === undefined
      ? path.join('.local-state', `${options.account}.json`)
      : undefined);
  if (file === undefined) {
    return {
      store: createMemoryStateStore(),
      where: 'memory (a fresh sandbox run; --state-file keeps it between runs)',
    };
  }
  return { store: createFileStateStore(file), where: file };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: CLI_FLAGS, strict: true });
  if (values.help === true) {
    say(USAGE);
    return 0;
  }
  const options = parseCliOptions(values, process.env);
  const lifecycle = loadLifecycleSettings(process.env);
  const source = await chooseSource(options, process.env);
  const state = chooseStateStore(options, source);
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
    state: state.store,
  };
  const settings = {
    account: options.account,
    locale: options.locale,
    policy: { thresholds: { low: options.threshold, critical: options.critical }, ...lifecycle },
  };
  try {
    const outcome = await runCheck(ports, settings, { now: new Date() });
    const { summary, reading } = outcome;
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
    say(`Alerts:   ${summary.events.length === 0 ? 'none this run' : summary.events.join(', ')}`);
    say(
      `State:    ${state.where}${outcome.save === 'lost-race' ? ' (another check saved first; nothing published)' : ''}`,
    );
    if (outcome.stateProblem !== undefined)
      say(`          (the stored state was ignored: ${outcome.stateProblem})`);
    return 0;
  } catch (error) {
    const failure = error instanceof FailedCheck ? error.error : error;
    if (!isCheckError(failure)) throw failure;
    say();
    say(`Check failed (${failure.kind}): ${failure.message}`);
    say(
      `State:    ${state.where} (the failure is recorded; FAILING goes out after ${lifecycle.failureAlertAfter} in a row)`,
    );
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
