import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serveCallback } from '../lambda/callback/handler';
import type { CallbackCheckEvent, CallbackDeps } from '../lambda/callback/receive';
import { CALLBACK_MAX_BYTES } from '../lambda/callback/receive';
import { callbackToken, tokenBook } from '../lambda/callback/token';
import { closeIncludingSockets } from './closable-server';
import { readRequestBody } from './read-request';
import type { Notifier } from '../lambda/delivery/channel-port';
import type { Sandbox } from './sandbox';

/**
 * DEXCHANGE callbacks on this machine (`npm start -- --callbacks`, `npm run bench`): the
 * sandbox's payout POSTs the body DEXCHANGE sends (the burst test sends it too), and a small
 * HTTP server takes it through the receiver's own `serveCallback` (lambda/callback/handler.ts)
 * with a real token book and a real window claim (in memory, or the state table's conditional
 * write).
 *
 * One thing differs from AWS: Lambda's asynchronous invoke between the receiver and the check.
 * moto runs Lambda functions in Docker, which is not here; so the check is started in this
 * process, without waiting for it, as `InvocationType: Event` does not wait either.
 */

/** The key the local tokens are derived from (the stack generates its own). */
export const LOCAL_CALLBACK_KEY = 'local-dev-callback-key';

/** The window locally: CALLBACK_WINDOW_SECONDS's default (lambda/callback/handler.ts). */
export const LOCAL_WINDOW_SECONDS = 20;

export type WindowClaim = CallbackDeps['claim'];

/**
 * The window in memory: the state table's conditional write (lambda/stores/callback-window.ts)
 * for one process. True for the one callback per account per window that starts a check.
 */
export function memoryCallbackWindow(windowSeconds: number): WindowClaim {
  const until = new Map<string, number>();
  return (account, now) => {
    const last = until.get(account);
    if (last !== undefined && last > now.getTime()) return Promise.resolve(false);
    until.set(account, now.getTime() + windowSeconds * 1000);
    return Promise.resolve(true);
  };
}

/**
 * A check started by a callback, in this process. `arrivedAt` is `performance.now()` when the
 * callback's request arrived, for timing it to the publish.
 */
export type LocalCheckStarter = (
  account: string,
  event: CallbackCheckEvent,
  arrivedAt: number,
) => Promise<unknown>;

export interface LocalReceiverOptions {
  readonly accounts: readonly string[];
  readonly claim: WindowClaim;
  readonly check: LocalCheckStarter;
  /** The receiver's clock (simulated time in `npm start`, a test's own clock). */
  readonly now?: () => Date;
  readonly key?: string;
}

export interface LocalReceiver {
  readonly url: string;
  /** The account's callback URL, as `CallbackUrlsCommand` prints it for a stack. */
  urlOf(account: string): string;
  /** Waits for every check started so far; throws the first that failed. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startCallbackReceiver(options: LocalReceiverOptions): Promise<LocalReceiver> {
  const key = options.key ?? LOCAL_CALLBACK_KEY;
  const book = tokenBook(key, options.accounts);
  const checks: Promise<void>[] = [];
  const failures: unknown[] = [];
  const deps = (arrivedAt: number): CallbackDeps => ({
    tokens: () => Promise.resolve(book),
    signingSecret: () => Promise.resolve(undefined),
    signatureHeader: 'x-signature',
    claim: options.claim,
    now: options.now ?? (() => new Date()),
    // The stand-in for the asynchronous invoke: started, not awaited.
    startCheck: (account, event) => {
      checks.push(
        options.check(account, event, arrivedAt).then(
          () => undefined,
          (error: unknown) => {
            failures.push(error);
          },
        ),
      );
      return Promise.resolve();
    },
  });

  const server = createServer((req, res) => {
    const arrivedAt = performance.now();
    void (async () => {
      // One byte past the cap is enough for the receiver to answer 413.
      const body = await readRequestBody(req, CALLBACK_MAX_BYTES + 1);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[name] = value;
      const answer = await serveCallback(
        {
          rawPath: new URL(req.url ?? '/', 'http://receiver').pathname,
          requestContext: { http: { method: req.method ?? 'GET' } },
          headers,
          body,
        },
        deps(arrivedAt),
      );
      res.writeHead(answer.statusCode, answer.headers);
      res.end(answer.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const close = closeIncludingSockets(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    urlOf: (account) => `${url}/${callbackToken(key, account)}`,
    async settled() {
      await Promise.all(checks);
      if (failures.length > 0) throw failures[0];
    },
    close,
  };
}

export interface Payout {
  readonly id: string;
  readonly amount: number;
  /** The balance before the payout. */
  readonly before: number;
  readonly currency: string;
  readonly at: Date;
}

/**
 * The callback DEXCHANGE POSTs for a completed payout, with its SDK's field names
 * (lambda/contract/callback-body.ts) and a made-up phone number.
 */
export function payoutCallbackBody(payout: Payout): string {
  const after = payout.before - payout.amount;
  return JSON.stringify({
    id: payout.id,
    externalTransactionId: `local-${payout.id}`,
    transactionType: 'CASHOUT',
    AMOUNT: payout.amount,
    FEE: 0,
    PHONE_NUMBER: '221770000000',
    STATUS: 'SUCCESS',
    CUSTOM_DATA: null,
    COMPLETED_AT: payout.at.toISOString(),
    BALANCE: after,
    PREVIOUS_BALANCE: payout.before,
    CURRENT_BALANCE: after,
  });
}

/** POSTs one callback body to a callback URL; answers the receiver's status. */
export async function postCallback(callbackUrl: string, body: string): Promise<number> {
  const response = await fetch(callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.body?.cancel();
  return response.status;
}

/**
 * A payout in the sandbox: the account's balance drops (as of `at`), then the sandbox sends
 * the callback DEXCHANGE sends, to `callbackUrl`. Answers the receiver's status.
 */
export async function sandboxPayout(
  sandbox: Pick<Sandbox, 'setAccount'>,
  apiKey: string,
  payout: Payout,
  callbackUrl: string,
): Promise<number> {
  sandbox.setAccount(apiKey, {
    balances: [payout.before - payout.amount],
    currency: payout.currency,
    lastUpdate: payout.at.toISOString(),
  });
  return postCallback(callbackUrl, payoutCallbackBody(payout));
}

export interface TimedDelivery {
  readonly severity: string;
  /** `performance.now()` when the channel took it. */
  readonly at: number;
}

/** The channels, each delivery timed: when the LOW was published, for "callback → LOW in 0.4 s". */
export function timeDeliveries(channels: readonly Notifier[]): {
  channels: Notifier[];
  delivered: TimedDelivery[];
} {
  const delivered: TimedDelivery[] = [];
  return {
    delivered,
    channels: channels.map((channel) => ({
      ...channel,
      deliver: async (entry, signal) => {
        await channel.deliver(entry, signal);
        delivered.push({ severity: entry.event.severity, at: performance.now() });
      },
    })),
  };
}

/** The line `npm start` prints for a callback's check: what it published, and how fast. */
export function describeCallbackCheck(
  delivered: readonly TimedDelivery[],
  arrivedAt: number,
  status: string,
  /** Minutes until the schedule would have checked, said beside an alert. */
  scheduleMinutesAway?: number,
): string {
  const last = delivered[delivered.length - 1];
  if (last === undefined)
    return `    callback → check: ${status}, nothing new to publish (${((performance.now() - arrivedAt) / 1000).toFixed(2)} s)`;
  const severities = [...new Set(delivered.map((d) => d.severity))].join(', ');
  const away =
    scheduleMinutesAway === undefined
      ? ''
      : `, ${scheduleMinutesAway} min before the next scheduled check`;
  return `    callback → ${severities} published in ${((last.at - arrivedAt) / 1000).toFixed(2)} s${away}`;
}
