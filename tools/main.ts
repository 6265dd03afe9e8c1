import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { decodeHistory } from '../lambda/alerting/history';
import { renderAlert } from '../lambda/messages/render';
import { attributesOf, type AlertEvent, type Locale } from '../lambda/alerting/types';
import { createAckLinks } from '../lambda/ack/links';
import { ActionRefused, addSilence, endSilence, listSilences } from '../lambda/check/silences';
import { startAckServer } from './ack-server';
import type { Notifier } from '../lambda/delivery/channel-port';
import { createSnsChannel } from '../lambda/channels/sns';
import { createApiKeySource } from '../lambda/providers/dexchange/api-key-secret';
import { createStateTable } from '../lambda/stores/dynamodb';
import { createFileStateStore } from '../lambda/stores/file';
import { createMemoryStateStore } from '../lambda/stores/memory';
import {
  runCheck,
  type BalanceSummary,
  type CheckOutcome,
  type CheckPorts,
  type CheckSettings,
} from '../lambda/check/run-check';
import { loadLifecycleSettings } from '../lambda/config';
import { createDexchangeClient, type BalanceReading } from '../lambda/providers/dexchange/client';
import type { StateStore } from '../lambda/stores/state-store';
import { CLI_FLAGS, parseCliOptions, USAGE, type CliOptions } from './cli-options';
import { renderChat } from '../lambda/channels/chat';
import { renderTelegram } from '../lambda/channels/telegram';
import { createWebhookChannel, renderWebhook } from '../lambda/channels/webhook';
import type { OutboxEntry } from '../lambda/delivery/outbox-entry';
import { EVERYTHING } from '../lambda/contract/routing';
import type { RenderContext } from '../lambda/messages/render';
import { parseTelegramHtml } from './fake-telegram';
import { whatsappParameters, whatsappText } from '../lambda/messages/whatsapp/templates';
import {
  describeRunway,
  plainAmount,
  printAlert,
  say,
  sparkline,
  type ChannelViews,
} from './report';
import { SANDBOX_API_KEY, startSandbox, type Sandbox } from './sandbox';
import { subscribersStatus } from './subscribers';
import { terminalTiers } from './escalation-terminal';
import { localeLine } from './locale-line';
import { createCallbackWindow } from '../lambda/stores/callback-window';
import {
  describeCallbackCheck,
  LOCAL_WINDOW_SECONDS,
  memoryCallbackWindow,
  sandboxPayout,
  startCallbackReceiver,
  timeDeliveries,
} from './local-callbacks';

/**
 * `npm start`: checks on the developer's machine, with the same core as the function. Alerts are
 * printed (or published with --topic-arn). With the sandbox, --checks N runs N checks over
 * simulated time while --drain empties the balance, to watch the lifecycle and the forecast.
 */

interface Source {
  readonly apiUrl: string;
  readonly apiKey: CheckPorts['apiKey'];
  readonly sandbox?: Sandbox;
}

/** The key from DEXCHANGE_API_KEY, when it is set (not blank). */
function envApiKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env.DEXCHANGE_API_KEY?.trim();
  return key === undefined || key === '' ? undefined : key;
}

/** Whether the balance comes from the embedded sandbox: no key given either way. */
function usesSandbox(options: CliOptions, env: NodeJS.ProcessEnv): boolean {
  return envApiKey(env) === undefined && options.secretId === undefined;
}

async function chooseSource(options: CliOptions, env: NodeJS.ProcessEnv): Promise<Source> {
  const envKey = envApiKey(env);
  if (envKey !== undefined) {
    say(`Asking the API at ${options.apiUrl} with the key from DEXCHANGE_API_KEY.`);
    return { apiUrl: options.apiUrl, apiKey: { read: () => Promise.resolve(envKey) } };
  }
  if (options.secretId !== undefined) {
    say(`Asking the API at ${options.apiUrl} with the key from secret ${options.secretId}.`);
    const client = new SecretsManagerClient({});
    return {
      apiUrl: options.apiUrl,
      apiKey: createApiKeySource({ secretId: options.secretId, maxAgeSeconds: 0, client }),
    };
  }
  const sandbox = await startSandbox({ accounts: { [SANDBOX_API_KEY]: {} } });
  say(`No DEXCHANGE_API_KEY set: using the embedded sandbox at ${sandbox.url}, not the real API.`);
  const drain =
    options.drain === 0
      ? ''
      : `, draining ${options.drain} an hour over ${options.checks} checks ${options.every} minutes apart`;
  const fault = options.fault === undefined ? '' : `, after a "${options.fault}" fault`;
  say(
    `The sandbox reports a balance of ${options.balance}${drain}${fault}. Set DEXCHANGE_API_KEY to check your real account.`,
  );
  return { apiUrl: sandbox.url, apiKey: { read: () => Promise.resolve(SANDBOX_API_KEY) }, sandbox };
}

interface ChosenState {
  readonly store: StateStore;
  readonly where: string;
  /** Kept after the run (a file or the table), not in this process's memory. */
  readonly kept: boolean;
  /** Lets go of what the store holds open (the DynamoDB client's sockets). */
  readonly close: () => void;
}

function chooseStateStore(options: CliOptions, sandbox: boolean): ChosenState {
  if (options.tableName !== undefined) {
    const client = new DynamoDBClient({});
    return {
      store: createStateTable(client, options.tableName, options.account),
      where: `DynamoDB table ${options.tableName}`,
      kept: true,
      close: () => client.destroy(),
    };
  }
  const file =
    options.stateFile ??
    (sandbox ? undefined : path.join('.local-state', `${options.account}.json`));
  if (file === undefined)
    return {
      store: createMemoryStateStore(),
      where: 'memory (a sandbox run; --state-file keeps it between runs)',
      kept: false,
      close: () => undefined,
    };
  return { store: createFileStateStore(file), where: file, kept: true, close: () => undefined };
}

/**
 * --silence, --silences, --unsilence: against the stored state, then done. No balance is read,
 * so no sandbox is started (a server left running would keep the process alive).
 */
async function silenceCommand(options: CliOptions, env: NodeJS.ProcessEnv): Promise<number> {
  const flag =
    options.silence !== undefined
      ? '--silence'
      : options.unsilence !== undefined
        ? '--unsilence'
        : '--silences';
  const state = chooseStateStore(options, usesSandbox(options, env));
  // In memory, a silence would end with this process: it would silence nothing.
  if (!state.kept)
    throw new Error(
      `${flag} needs the alert state the checks keep, and a sandbox run keeps it in memory only: give --state-file FILE (the file your checks use) or --table-name TABLE (the deployed function's state table)`,
    );
  try {
    const now = new Date();
    // A silence of an account the table does not hold silences nothing: most likely the name
    // is wrong (or missing: it defaults to "default").
    if (options.tableName !== undefined && (await state.store.load(now)).record === undefined) {
      throw new Error(
        `account "${options.account}" has no state in table ${options.tableName}: give its name as in cdk.json with --account (or wait for its first check)`,
      );
    }
    if (options.silence !== undefined) {
      const silence = await addSilence(
        state.store,
        {
          action: 'silence',
          minutes: options.silence,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
          ...(options.severities === undefined ? {} : { severities: [...options.severities] }),
        },
        now,
        sayHealed,
      );
      const only =
        silence.severities === undefined ? '' : ` (only ${silence.severities.join(', ')})`;
      say(
        `Silenced ${options.account}${only} until ${silence.until} (id ${silence.id}) in ${state.where}.`,
      );
    } else if (options.unsilence !== undefined) {
      const silence = await endSilence(state.store, options.unsilence, now, sayHealed);
      say(
        `Silence ${silence.id} of ${options.account} ended; what is still true goes out at the next check.`,
      );
    } else {
      const silences = await listSilences(state.store, now);
      if (silences.length === 0) say(`No silence for ${options.account} in ${state.where}.`);
      for (const s of silences)
        say(
          `${s.id}  until ${s.until}${s.severities === undefined ? '' : `  only ${s.severities.join(', ')}`}${s.reason === undefined ? '' : `  (${s.reason})`}`,
        );
    }
    return 0;
  } catch (error) {
    if (error instanceof ActionRefused)
      throw new Error(`${flag} refused: ${error.message}; nothing was changed`, {
        cause: error,
      });
    throw error;
  } finally {
    state.close();
  }
}

/** What a record needed healing when a silence or the acknowledge page saved over it. */
function sayHealed(problems: readonly string[]): void {
  for (const problem of problems) say(`(the stored state was healed: ${problem})`);
}

function printSummary(
  outcome: CheckOutcome & { reading: BalanceReading; summary: BalanceSummary },
  options: CliOptions,
  where: string,
): void {
  const { summary, reading } = outcome;
  const amount = (value: number) => plainAmount(value, summary.currency, options.locale);
  const critical =
    options.critical === undefined ? '' : `, critical below ${amount(options.critical)}`;
  say();
  say(`Account:  ${summary.account}`);
  say(
    `Balance:  ${amount(summary.balance)} (last update ${reading.lastUpdate}, ${reading.latencyMs} ms, ${reading.attempts} request(s))`,
  );
  say(`Verdict:  ${summary.status} (low below ${amount(options.threshold)}${critical})`);
  say(`Runway:   ${describeRunway(outcome.forecast, options.locale)}`);
  say(`Alerts:   ${summary.events.length === 0 ? 'none this run' : summary.events.join(', ')}`);
  say(
    `State:    ${where}${outcome.save === 'skipped' ? ' (another check saved first, twice; nothing published)' : ''}`,
  );
  for (const problem of outcome.stateProblems)
    say(`          (the stored state was healed: ${problem})`);
  for (const parked of outcome.parked)
    say(`Undeliverable: ${parked.severity} on ${parked.channel}: ${parked.error}`);
}

async function printSparkline(store: StateStore, options: CliOptions): Promise<void> {
  const points = decodeHistory((await store.load(new Date())).record?.state.history);
  if (points.length < 2) return;
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return;
  const balances = points.map((p) => p.balance);
  const hours = ((last.t - first.t) / 3_600_000).toFixed(1);
  const range = `${plainAmount(Math.min(...balances), options.currency ?? 'XOF', options.locale)} to ${plainAmount(Math.max(...balances), options.currency ?? 'XOF', options.locale)}`;
  say(`History:  ${sparkline(points)}  (${points.length} checks over ${hours} h, ${range})`);
}

/** What chat, Telegram and a webhook would get for an alert, as their recipients see it. */
function channelViews(entry: OutboxEntry, locale: Locale, render: RenderContext): ChannelViews {
  const chat = renderChat(entry, locale, render);
  const telegram = parseTelegramHtml(renderTelegram(entry, locale, render));
  return {
    chat: {
      title: chat.content.title,
      description: [chat.content.description, ...(chat.content.nextSteps ?? [])].join('\n'),
    },
    telegram: 'plain' in telegram ? telegram.plain : `(cannot be parsed: ${telegram.error})`,
    webhook: JSON.stringify(renderWebhook(entry, locale, render)),
    whatsapp: whatsappView(entry, locale, render),
  };
}

/** The WhatsApp message: which template, and what it reads once filled. */
function whatsappView(entry: OutboxEntry, locale: Locale, render: RenderContext) {
  const message = whatsappParameters(entry.event, locale, render);
  return {
    template: `${message.name}, ${message.language}`,
    text: whatsappText(message, locale).replace(/[\u00a0\u202f]/g, ' '),
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: CLI_FLAGS, strict: true });
  if (values.help === true) {
    say(USAGE);
    return 0;
  }
  const options = parseCliOptions(values, process.env);
  if (options.silence !== undefined || options.listSilences || options.unsilence !== undefined)
    return silenceCommand(options, process.env);
  const lifecycle = loadLifecycleSettings(process.env);
  if (!usesSandbox(options, process.env) && options.checks > 1) {
    throw new Error(
      '--checks runs over simulated time, which only the sandbox can follow; drop DEXCHANGE_API_KEY/--secret-id',
    );
  }
  say(localeLine(options.locale, options.localeFrom));
  const source = await chooseSource(options, process.env);
  try {
    return await check(options, lifecycle, source);
  } finally {
    // Whatever happened: a sandbox left running would keep the process alive.
    await source.sandbox?.close();
  }
}

async function check(
  options: CliOptions,
  lifecycle: ReturnType<typeof loadLifecycleSettings>,
  source: Source,
): Promise<number> {
  const state = chooseStateStore(options, source.sandbox !== undefined);

  // The "I'm on it" page on this machine, through the same logic as the Function URL.
  const ackKey = process.env.ACK_KEY ?? 'local-dev-ack-key';
  const ackPage =
    options.ackPort === undefined
      ? undefined
      : await startAckServer(
          {
            key: () => Promise.resolve(ackKey),
            store: (account) =>
              account === options.account
                ? state.store
                : chooseStateStore({ ...options, account }, source.sandbox !== undefined).store,
            now: () => new Date(),
            timeZone: 'Africa/Dakar',
            stateHealed: (_account, problems) => {
              sayHealed(problems);
            },
          },
          options.ackPort,
        );
  const ackLinks = ackPage === undefined ? undefined : createAckLinks(ackPage.url, options.locale);
  ackLinks?.use(ackKey);
  const topic =
    options.topicArn === undefined
      ? undefined
      : createSnsChannel(new SNSClient({}), options.topicArn, { locale: options.locale });
  const brief = options.checks > 1;
  // The terminal is a channel: it shows each alert as it would be published (and publishes it,
  // with --topic-arn), through the same outbox as the function.
  const render = {
    timeZone: 'Africa/Dakar',
    ...(ackLinks === undefined ? {} : { acknowledge: (e: AlertEvent) => ackLinks.link(e) }),
  };
  const terminal: Notifier = {
    name: topic?.name ?? 'terminal',
    wants: () => true,
    async deliver(entry) {
      await topic?.deliver(entry);
      printAlert(
        entry.legacy?.alert ?? renderAlert(entry.event, options.locale, render),
        entry.legacy?.attributes ?? attributesOf(entry.event),
        topic !== undefined,
        brief,
        entry.legacy === undefined ? channelViews(entry, options.locale, render) : undefined,
      );
    },
  };
  // --webhook: the function's own webhook channel, signing with the given secret.
  const webhook =
    options.webhook === undefined
      ? undefined
      : createWebhookChannel({
          name: 'webhook:local',
          url: options.webhook,
          route: EVERYTHING,
          secret: { read: () => Promise.resolve(options.webhookSecret), known: () => undefined },
          locale: options.locale,
          render,
          timeoutMs: options.timeoutMs,
        });
  if (webhook !== undefined)
    say(`Webhook:  ${options.webhook ?? ''} (signed with the secret from --webhook-secret)`);
  // What the function would record and retry, said on the terminal.
  const reportedWebhook: Notifier | undefined =
    webhook === undefined
      ? undefined
      : {
          ...webhook,
          async deliver(entry, signal) {
            try {
              await webhook.deliver(entry, signal);
              say(`Webhook:  delivered (${entry.event.severity})`);
            } catch (error) {
              const message = error instanceof Error ? error.message : String(error);
              say(`Webhook:  NOT delivered: ${message} (the function would retry it)`);
              throw error;
            }
          },
        };
  const ports: CheckPorts = {
    apiKey: source.apiKey,
    dexchange: createDexchangeClient({
      baseUrl: source.apiUrl,
      timeoutMs: options.timeoutMs,
      expectedCurrency: options.currency,
    }),
    channels: [
      terminal,
      ...(reportedWebhook === undefined ? [] : [reportedWebhook]),
      ...(options.escalate === undefined
        ? []
        : terminalTiers(options.escalate, options.locale, render, brief)),
    ],
    state: state.store,
  };
  const settings: CheckSettings = {
    account: options.account,
    locale: options.locale,
    policy: { thresholds: { low: options.threshold, critical: options.critical }, ...lifecycle },
    ...(options.escalate === undefined ? {} : { escalation: options.escalate }),
  };

  // --callbacks: the receiver's own code on this machine (tools/local-callbacks.ts); the check
  // a callback starts is the function's 'callback' action: it reads the balance, then judges.
  let callbackClock = new Date();
  const windowTable =
    options.callbacks && options.tableName !== undefined ? new DynamoDBClient({}) : undefined;
  const receiver =
    options.callbacks && source.sandbox !== undefined
      ? await startCallbackReceiver({
          accounts: [options.account],
          claim:
            windowTable === undefined || options.tableName === undefined
              ? memoryCallbackWindow(LOCAL_WINDOW_SECONDS)
              : createCallbackWindow(windowTable, options.tableName, LOCAL_WINDOW_SECONDS),
          now: () => callbackClock,
          check: async (_account, event, arrivedAt) => {
            const timed = timeDeliveries(ports.channels);
            const outcome = await runCheck({ ...ports, channels: timed.channels }, settings, {
              now: new Date(event.at),
              offSchedule: true,
            });
            // The payout fell halfway between two scheduled checks.
            say(
              describeCallbackCheck(
                timed.delivered,
                arrivedAt,
                outcome.summary.status,
                options.every / 2,
              ),
            );
          },
        })
      : undefined;
  if (receiver !== undefined)
    say(`Callbacks: the sandbox POSTs each payout's callback to ${receiver.url}/<token>`);

  let failures = 0;
  try {
    // Simulated time ends now: DEXCHANGE's lastUpdate is never in the future (which the client
    // refuses as a failed read), and the last check is the present.
    const start = Date.now() - (options.checks - 1) * options.every * 60_000;
    for (let i = 0; i < options.checks; i += 1) {
      const now = new Date(start + i * options.every * 60_000);
      const balance = Math.round(options.balance - (options.drain * i * options.every) / 60);
      if (receiver !== undefined && source.sandbox !== undefined && i > 0) {
        // The interval's fall as one payout halfway, and its callback, before the next check.
        const before = Math.round(options.balance - (options.drain * (i - 1) * options.every) / 60);
        callbackClock = new Date(now.getTime() - (options.every * 60_000) / 2);
        const currency = options.currency ?? 'XOF';
        say(
          `${callbackClock.toISOString().slice(0, 19).replace('T', ' ')}  payout of ${plainAmount(before - balance, currency, options.locale)}, callback sent`,
        );
        const payout = { id: `payout-${i}`, amount: before - balance, before, currency };
        await sandboxPayout(
          source.sandbox,
          SANDBOX_API_KEY,
          { ...payout, at: callbackClock },
          receiver.urlOf(options.account),
        );
        await receiver.settled();
      }
      source.sandbox?.setAccount(SANDBOX_API_KEY, {
        balances: [balance],
        currency: options.currency ?? 'XOF',
        lastUpdate: now.toISOString(),
        // Enough of the fault for every attempt of the first check (retries, the 401 re-read).
        faults:
          i === 0 && options.fault !== undefined
            ? [options.fault, options.fault, options.fault]
            : [],
      });
      const outcome = await runCheck(ports, settings, { now });
      const { summary, reading } = outcome;
      if (summary.status === 'UNKNOWN' || reading === undefined) {
        failures += 1;
        say();
        const failure = summary.status === 'UNKNOWN' ? summary.error : undefined;
        say(`Check failed (${failure?.kind ?? 'unknown'}): ${failure?.message ?? ''}`);
        say(
          `State:    ${state.where} (the failure is recorded; FAILING goes out after ${lifecycle.failureAlertAfter} in a row)`,
        );
      } else if (brief) {
        const amount = plainAmount(summary.balance, summary.currency, options.locale);
        say(
          `${now.toISOString().slice(0, 16).replace('T', ' ')}  ${amount.padStart(16)}  ${summary.status.padEnd(8)}  ${describeRunway(outcome.forecast, options.locale)}`,
        );
      } else {
        printSummary({ ...outcome, summary, reading }, options, state.where);
      }
    }
    await printSparkline(state.store, options);
    // Who the topic reaches: an address waiting for its confirmation hears nothing.
    if (options.topicArn !== undefined)
      for (const line of await subscribersStatus(new SNSClient({}), options.topicArn)) say(line);
    if (ackPage !== undefined) {
      // Kept running so that the link can be opened; the next `npm start` with the same
      // --state-file sees the acknowledgment.
      say(`Acknowledge page at ${ackPage.url}; Ctrl-C to stop.`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await receiver?.close();
    windowTable?.destroy();
    await ackPage?.close();
    state.close();
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
